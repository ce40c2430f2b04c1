using CollabScreen.Datasets;
using CollabScreen.Reference;
using CollabScreen.Topics;

namespace CollabScreen.Screening;

/// <summary>Ordered so that a larger value is more serious; the policy picks the largest of the rules that fired.</summary>
public enum Severity { None = 0, Low = 1, Medium = 2, High = 3, Critical = 4 }

public static class SeverityNames
{
    public static string Name(this Severity s) => s switch
    {
        Severity.Critical => "critical", Severity.High => "high", Severity.Medium => "medium", Severity.Low => "low", _ => "none",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = Severity.None;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "critical": severity = Severity.Critical; return true;
            case "high": severity = Severity.High; return true;
            case "medium": severity = Severity.Medium; return true;
            case "low": severity = Severity.Low; return true;
            case "none": return true;
            default: return false;
        }
    }
}

/// <summary>Who said an author was at an institution: the source's own ids, our resolution of the raw string, or both.</summary>
public enum AssertedBy { Source, Resolver, Both }

/// <summary>
/// How well an author–institution pair is witnessed (issue #14): confirmed (the source's institution and our
/// resolution of the author's printed affiliation agree), string (our resolution only), source-only (the source's
/// id with no printed affiliation that names an institution to check it against), disputed (the author's own
/// string names another institution, found by the resolver above its acceptance threshold).
/// </summary>
public enum EvidenceStrength { Confirmed, String, SourceOnly, Disputed }

public static class EvidenceStrengthNames
{
    public static string Name(this EvidenceStrength s) => s switch
    {
        EvidenceStrength.Confirmed => "confirmed", EvidenceStrength.String => "string",
        EvidenceStrength.SourceOnly => "source-only", _ => "disputed",
    };

    public static readonly IReadOnlyDictionary<string, EvidenceStrength> ByName = new Dictionary<string, EvidenceStrength>(StringComparer.OrdinalIgnoreCase)
    {
        ["confirmed"] = EvidenceStrength.Confirmed, ["string"] = EvidenceStrength.String,
        ["source-only"] = EvidenceStrength.SourceOnly, ["disputed"] = EvidenceStrength.Disputed,
    };
}

/// <summary>
/// A list membership as evidence: which list and entry, since when, from which public source, and how the listing date
/// relates to the paper (a 2018 paper with a partner listed in 2023 is read differently from one listed in 2015).
/// </summary>
public sealed record ListingEvidence(
    string List,
    string? ListName,
    string Authority,
    ListKind? Kind,
    string? Category,
    DateOnly? Start,
    DateOnly? End,
    string Source,
    string EntryId,
    string EntryName,
    string? ViaParent,
    string? Reason,
    ListingTiming Timing,
    RiskTier? Tier = null)
{
    /// <summary>Which version of the list said so: a bundled list's curated version, or a downloaded one's retrieval time and SHA-256.</summary>
    public string? ListVersion { get; init; }
    /// <summary>How the institution belongs to <see cref="ViaParent"/> ("subsidiary of", "institute of"); null for a direct listing.</summary>
    public string? Relation { get; init; }
}

public enum ListingTiming { Unknown, ListedBeforePublication, ListedAfterPublication, DelistedBeforePublication }

public static class ListingTimingNames
{
    public static string Name(this ListingTiming t) => t switch
    {
        ListingTiming.ListedBeforePublication => "listed-before-publication",
        ListingTiming.ListedAfterPublication => "listed-after-publication",
        ListingTiming.DelistedBeforePublication => "delisted-before-publication",
        _ => "unknown",
    };

    /// <summary>Where a listing's dates fall relative to a publication day (unknown when either date is missing).</summary>
    public static ListingTiming Of(DateOnly? start, DateOnly? end, DateOnly? published)
    {
        if (published is not { } day) return ListingTiming.Unknown;
        if (end is { } e && e <= day) return ListingTiming.DelistedBeforePublication;
        if (start is not { } s) return ListingTiming.Unknown;
        return s <= day ? ListingTiming.ListedBeforePublication : ListingTiming.ListedAfterPublication;
    }
}

/// <summary>
/// One author–institution pair on a work, with the listings that apply. Disagreement says, in words, how the source's
/// institution ids and our resolution of the raw string differed for this author (null when they agree or only one spoke).
/// </summary>
public sealed record InstitutionEvidence(
    string? Author,
    string? AuthorId,
    string? Affiliation,
    string? Ror,
    string Name,
    string? Country,
    IReadOnlyList<ListingEvidence> Listings,
    AssertedBy AssertedBy,
    double? MatchScore,
    string? Matched,
    string? Disagreement,
    string? SourceId = null,
    EvidenceStrength? GivenStrength = null)
{
    public bool Listed => Listings.Count > 0;

    /// <summary>For a disputed pair: the institution the author's string names instead when the registry does not know
    /// it (the longer name that merely starts with the asserted one).</summary>
    public string? NamedInstead { get; init; }

    /// <summary>Given by the collector; hand-built evidence without one takes the strength its witnesses imply.</summary>
    public EvidenceStrength Strength { get; init; } = GivenStrength ?? AssertedBy switch
    {
        AssertedBy.Both => EvidenceStrength.Confirmed,
        AssertedBy.Resolver => EvidenceStrength.String,
        _ => EvidenceStrength.SourceOnly,
    };
}

/// <summary>
/// A disputed author–institution pair with both witnesses side by side: what the source asserts (and the listings that
/// would apply) and what the author's own printed affiliation names according to our resolution.
/// </summary>
public sealed record DisputedPair(string? Author, InstitutionEvidence Source, string? Affiliation, IReadOnlyList<InstitutionEvidence> String);

/// <summary>Everything screening knows about one work before the policy is applied.</summary>
public sealed record WorkSignals(
    Model.Work Work,
    IReadOnlyList<InstitutionEvidence> Institutions,
    IReadOnlyList<TopicHit> Topics,
    IReadOnlyList<DatasetHit> Datasets)
{
    /// <summary>The day used to compare with listing dates: the publication date, else 1 January of the year.</summary>
    public DateOnly? Published => Work.Date ?? (Work.Year is { } y && y is > 0 and < 10000 ? new DateOnly(y, 1, 1) : null);
}

/// <summary>The outcome of screening one work: its severity, the policy rules that fired, and all evidence.</summary>
public sealed record Finding(
    string Work,
    string? Doi,
    string? Title,
    int? Year,
    DateOnly? Date,
    string? Venue,
    Severity Severity,
    IReadOnlyList<string> Rules,
    IReadOnlyList<InstitutionEvidence> Institutions,
    IReadOnlyList<TopicHit> Topics,
    IReadOnlyList<DatasetHit> Datasets,
    string? Origin,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Because = null)
{
    public bool Flagged => Severity > Severity.None;

    /// <summary>The other records of this paper that were merged into it (JSONL "merged_from", written when there are any).</summary>
    public IReadOnlyList<Model.MergedRecord> MergedFrom { get; init; } = [];

    /// <summary>Institutions with at least one listing, the ones that make a co-author "listed".</summary>
    public IEnumerable<InstitutionEvidence> ListedInstitutions => Institutions.Where(i => i.Listed);

    public IEnumerable<InstitutionEvidence> Disagreements => Institutions.Where(i => i.Disagreement is not null);

    /// <summary>The "needs checking" group: every disputed pair, with the institutions the author's own string names.</summary>
    public IReadOnlyList<DisputedPair> NeedsChecking => Institutions.Where(i => i.Strength == EvidenceStrength.Disputed)
        .Select(d => new DisputedPair(d.Author, d, d.Affiliation, StringWitnesses(d)))
        .ToList();

    // What the author's own strings name: resolved institutions (string-only, or confirming another of the source's
    // assertions), else the unregistered name the string gives instead.
    private List<InstitutionEvidence> StringWitnesses(InstitutionEvidence d)
    {
        var named = Institutions.Where(i => i.AssertedBy is AssertedBy.Resolver or AssertedBy.Both && i.Ror != d.Ror
                                            && i.Author == d.Author && i.AuthorId == d.AuthorId).ToList();
        if (named.Count == 0 && d.NamedInstead is { } other)
            named.Add(new InstitutionEvidence(d.Author, d.AuthorId, d.Affiliation, null, other, null, [], AssertedBy.Resolver,
                null, other, null, null, EvidenceStrength.String));
        return named;
    }
}
