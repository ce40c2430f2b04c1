namespace CollabScreen.Datasets;

/// <summary>
/// A dataset used or cited by a work. Via is "mention" or "citation". Status is the dataset's status
/// (available, withdrawn, retracted, decommissioned); StatusAtPublication says whether the paper appeared
/// before or after a withdrawal ("before-withdrawal", "after-withdrawal", or null when unknown/not withdrawn).
/// Context is "use" normally, "negated" or "unrelated" when the only mention is e.g. "unlike MS-Celeb-1M, ...".
/// </summary>
public sealed record DatasetHit(
    string Dataset,
    string Name,
    string Via,
    string Status,
    string? Withdrawn,
    string? Parent,
    string? StatusAtPublication,
    string Context,
    IReadOnlyList<string> Evidence);
