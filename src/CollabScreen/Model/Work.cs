namespace CollabScreen.Model;

/// <summary>Where a record came from: the file (or URL) and its 1-based line, for errors and evidence.</summary>
public sealed record Origin(string Source, long Line)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}" : Source;
}

/// <summary>One research output as its source described it. Lists are never null.</summary>
public sealed record Work(
    string Id,
    string? Doi,
    string? Title,
    string? Abstract,
    int? Year,
    DateOnly? Date,
    string? Venue,
    string? Type,
    IReadOnlyList<Authorship> Authorships,
    IReadOnlyList<string> ReferencedWorks,
    IReadOnlyList<SubjectTerm> Subjects,
    Origin Origin)
{
    /// <summary>Keywords the source attached (OpenAlex `keywords`, WoS/Scopus author keywords).</summary>
    public IEnumerable<SubjectTerm> Keywords => Subjects.Where(s => s.Kind == SubjectKind.Keyword);

    /// <summary>Institutions the source asserted for the work without tying them to an author (OpenAlex `institution_assertions`).</summary>
    public IReadOnlyList<AssertedInstitution> InstitutionAssertions { get; init; } = [];

    /// <summary>The other records of the same paper merged into this one (other inputs, repeats), see Sources.WorkMerger.</summary>
    public IReadOnlyList<MergedRecord> MergedFrom { get; init; } = [];
}

/// <summary>A record merged into a work: its id in its own source, and where it was read.</summary>
public sealed record MergedRecord(string Id, Origin Origin);

/// <summary>An author on a work, with the affiliation strings as printed and the institutions the source asserted.</summary>
public sealed record Authorship(
    string? AuthorName,
    string? AuthorId,
    string? Orcid,
    string? Position,
    IReadOnlyList<string> RawAffiliations,
    IReadOnlyList<AssertedInstitution> Institutions);

/// <summary>An institution as the source (e.g. OpenAlex) asserted it; we never edit it, only compare with it.</summary>
public sealed record AssertedInstitution(
    string? Id,
    string? Ror,
    string? Name,
    string? CountryCode,
    string? Type);

public enum SubjectKind { Concept, Topic, Keyword, Field }

/// <summary>A subject label from the source: OpenAlex concept/topic/keyword, or an export's keywords.</summary>
public sealed record SubjectTerm(SubjectKind Kind, string Name, string? Id = null, double? Score = null);
