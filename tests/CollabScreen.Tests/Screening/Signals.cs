using CollabScreen.Datasets;
using CollabScreen.Matching;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Screening;
using CollabScreen.Topics;

namespace CollabScreen.Tests.Screening;

/// <summary>Hand-built signals for policy and report tests (real list ids, institution names and ROR ids).</summary>
public static class Signals
{
    public static readonly Dictionary<string, Watchlist> Lists = new()
    {
        ["aspi-cdut"] = new("aspi-cdut", "ASPI China Defence Universities Tracker", "ASPI", ListKind.Assessment, "", "v1", null, "https://unitracker.aspi.org.au/"),
        ["ndaa-1286"] = new("ndaa-1286", "NDAA FY2019 Section 1286 lists", "US DoD", ListKind.LegalDesignation, "", "FY2025", null, "https://basicresearch.defense.gov/"),
    };

    public static readonly Listing AspiSevenSons = new("aspi-cdut", "ASPI", "Seven Sons of National Defence", null, null, null,
        "https://unitracker.aspi.org.au/universities/beihang-university");
    public static readonly Listing AspiCivilian = new("aspi-cdut", "ASPI", "Civilian", null, null, null,
        "https://unitracker.aspi.org.au/universities/nanjing-university");
    public static readonly Listing Ndaa2023 = new("ndaa-1286", "US DoD", "FY2022 list", new DateOnly(2023, 6, 29), null, null,
        "https://media.defense.gov/2023/Jun/29/2003251160/-1/-1/1/COUNTERING-UNWANTED-INFLUENCE.PDF");

    public static Work Work(string id, string title, int year, params Authorship[] authors) =>
        new($"https://openalex.org/{id}", $"https://doi.org/10.0000/{id.ToLowerInvariant()}", title, null, year, new DateOnly(year, 5, 1),
            "Test Venue", "article", authors, [], [], new Origin("test.jsonl", 1));

    public static Authorship Author(string name, string raw, string? ror = null, string? instName = null) =>
        new(name, null, null, null, [raw], ror is null ? [] : [new AssertedInstitution(null, "https://ror.org/" + ror, instName, "CN", "education")]);

    public static InstitutionEvidence Institution(string name, string ror, params ListingEvidence[] listings) =>
        new("A. Author", null, name + ", China", "https://ror.org/" + ror, name, "CN", listings, AssertedBy.Both, 0.98, name, null);

    public static ListingEvidence Evidence(Listing l, string entry, DateOnly? published = null) =>
        new(l.List, Lists[l.List].Name, l.Authority, Lists[l.List].Kind, l.Category, l.Start, l.End, l.SourceUrl, entry, entry, null, l.Reason,
            ListingTimingNames.Of(l.Start, l.End, published));

    public static TopicHit ReId => new("person-reidentification", "person", 0.9, 0.8, ["title: 'person re-identification'"]);
    public static TopicHit Ethnicity => new("ethnicity-race-classification", "face", 0.9, 1.0, ["title: 'ethnicity classification'"]);
    public static DatasetHit Duke(string context = "use") =>
        new("dukemtmc", "DukeMTMC", "mention", "withdrawn", "2019-06", null, "after-withdrawal", context, ["abstract: 'DukeMTMC-reID'"]);

    public static WorkSignals Make(IReadOnlyList<InstitutionEvidence>? inst = null, IReadOnlyList<TopicHit>? topics = null,
        IReadOnlyList<DatasetHit>? datasets = null, int year = 2022) =>
        new(Work("W1", "A paper", year), inst ?? [], topics ?? [], datasets ?? []);

    public static MatchedListing Matched(string entry, Listing l) => new(entry, entry, l, null);
}
