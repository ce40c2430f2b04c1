namespace CollabScreen.Datasets;

/// <summary>
/// One face/person dataset or pre-trained model in the registry (data/datasets/datasets.jsonl): its names, lineage,
/// status with the sources that back the status claim, consent and licence notes, and the dataset paper's ids.
/// Status is one of available, withdrawn, retracted, decommissioned, unavailable, unknown (not verified).
/// </summary>
public sealed record DatasetRecord(
    string Id,
    string Name,
    string Kind,
    string? ParentId,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ContextAlias> ContextAliases,
    string Status,
    string? Withdrawn,
    IReadOnlyList<string> StatusSources,
    IReadOnlyList<string> Sources)
{
    public string? Task { get; init; }
    /// <summary>The id Peng, Mathur and Narayanan (2021) gave it (D1..D38, M1..M6); their corpora's `cites Dn` columns use it.</summary>
    public string? StudyId { get; init; }
    public string? WithdrawnBy { get; init; }
    public string? StatusNote { get; init; }
    public string? Consent { get; init; }
    public string? Licence { get; init; }
    public string? Paper { get; init; }
    /// <summary>The dataset paper's title as published; `datasets link` accepts an OpenAlex work only when its title matches.</summary>
    public string? PaperTitle { get; init; }
    public string? Doi { get; init; }
    public string? Arxiv { get; init; }
    public IReadOnlyList<string> OpenAlex { get; init; } = [];
    /// <summary>The dataset paper's OpenAlex work ids that `datasets link` looked up (the user's data dir, not the bundled registry).</summary>
    public IReadOnlyList<DatasetLink> Links { get; init; } = [];
    public long? S2CorpusId { get; init; }
    public string? Url { get; init; }
    public string? Notes { get; init; }

    /// <summary>The DOIs under which OpenAlex may hold the dataset paper: its DOI and, for an arXiv id, 10.48550/arXiv.ID.</summary>
    public IEnumerable<string> PaperDois()
    {
        if (Doi is not null) yield return Doi;
        if (Arxiv is not null) yield return "10.48550/arXiv." + Arxiv;
    }

    /// <summary>First day of the withdrawal month (Withdrawn is "YYYY-MM" or "YYYY"), or null.</summary>
    public DateOnly? WithdrawnFrom => Withdrawn is null ? null
        : Withdrawn.Length >= 7 && int.TryParse(Withdrawn.AsSpan(0, 4), out var y) && int.TryParse(Withdrawn.AsSpan(5, 2), out var m) ? new DateOnly(y, m, 1)
        : int.TryParse(Withdrawn.AsSpan(0, 4), out var y2) ? new DateOnly(y2, 1, 1) : null;
}

/// <summary>
/// A short or common-word name (LFW, Duke, MORPH, ArcFace) that names the dataset only in the right context.
/// Matched case-sensitively, and only when <see cref="Needs"/> holds around the mention.
/// </summary>
public sealed record ContextAlias(string Text, AliasContext Needs);

public enum AliasContext
{
    /// <summary>Face words (face, facial, celebrity) near the mention or in the title/abstract.</summary>
    Face,
    /// <summary>Person words (person, pedestrian, re-identification, tracking, crowd, surveillance).</summary>
    Person,
    /// <summary>Face context, and a dataset word (dataset, database, benchmark) or another dataset name right beside it.</summary>
    FaceDataset,
    /// <summary>Person context, a dataset word or another re-id dataset name beside it, and not "Duke University".</summary>
    ReidDataset,
    /// <summary>Face context and pre-trained/model/weights near it (ArcFace the model, not the loss).</summary>
    Pretrained,
}
