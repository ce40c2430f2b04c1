namespace CollabScreen.Datasets;

/// <summary>
/// A dataset used or cited by a work. Via is "mention" or "citation". Status is the dataset's status
/// (available, withdrawn, retracted, decommissioned); StatusAtPublication says whether the paper appeared
/// before or after a withdrawal ("before-withdrawal", "after-withdrawal", or null when unknown/not withdrawn).
/// Context is "use" normally, "negated" or "unrelated" when the only mention is e.g. "unlike MS-Celeb-1M, ...".
/// "unrelated" marks a mention in a sentence about the dataset (withdrawn, taken down, consent, ethics, scrutiny).
/// Written as JSON by <see cref="DatasetHitJson.Write"/>.
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
    IReadOnlyList<string> Evidence)
{
    /// <summary>"dataset" or "model" (pre-trained weights).</summary>
    public string Kind { get; init; } = "dataset";
    /// <summary>The withdrawn ancestor this derivative carries forward (ms-celeb-1m for MS1MV2), when it is not the dataset itself.</summary>
    public string? DerivedFromWithdrawn { get; init; }
    /// <summary>Every name occurrence behind a "mention" hit (field, offset, the text as written, its context).</summary>
    public IReadOnlyList<DatasetMention> Mentions { get; init; } = [];
    /// <summary>The referenced works (OpenAlex ids or DOIs) behind a "citation" hit.</summary>
    public IReadOnlyList<string> CitedWorks { get; init; } = [];
}

/// <summary>One occurrence of a dataset name: Field is title, abstract, keywords or fulltext; Start/Length index that field's text.</summary>
public sealed record DatasetMention(string Field, int Start, int Length, string Text, string Alias, string Context, string Evidence);
