using CollabScreen.Screening;

namespace CollabScreen.Reporting;

/// <summary>
/// One CSV row per finding, for spreadsheets. Lists are joined with "; " and each listed institution reads
/// "Name [list: category, start] (asserted_by)"; the JSONL output keeps the full structure.
/// </summary>
public sealed class CsvFindingWriter : IFindingWriter
{
    public static readonly string[] Header =
    [
        "work", "doi", "year", "severity", "rules", "title", "listed_institutions", "listings", "listed_authors",
        "topics", "datasets", "disagreements", "institutions",
    ];

    private readonly TextWriter _writer;

    public CsvFindingWriter(TextWriter writer)
    {
        _writer = writer;
        Csv.WriteRow(writer, Header);
    }

    public void Write(Finding f)
    {
        var listed = f.ListedInstitutions.ToList();
        Csv.WriteRow(_writer,
            f.Work, f.Doi, f.Year?.ToString(), f.Severity.Name(), string.Join("; ", f.Rules), f.Title,
            string.Join("; ", listed.Select(i => i.Name).Distinct()),
            string.Join("; ", listed.SelectMany(i => i.Listings).Select(ReportText.Listing).Distinct()),
            string.Join("; ", listed.Select(i => $"{i.Author} ({i.Name}; {FindingJson.AssertedByName(i.AssertedBy)})").Distinct()),
            string.Join("; ", f.Topics.Select(t => t.Topic)),
            string.Join("; ", f.Datasets.Select(d => $"{d.Name} ({d.Status}, {d.Context})")),
            string.Join("; ", f.Disagreements.Select(i => i.Disagreement).Distinct()),
            string.Join("; ", f.Institutions.Select(i => i.Name).Distinct()));
    }

    public void Complete() => _writer.Flush();
}

/// <summary>Short human wording shared by the table, CSV and HTML outputs.</summary>
public static class ReportText
{
    public static string Listing(ListingEvidence l)
    {
        var since = l.Start is { } s ? $", since {s:yyyy-MM-dd}" : "";
        var until = l.End is { } e ? $", until {e:yyyy-MM-dd}" : "";
        return $"{l.List}: {l.Category ?? "listed"}{since}{until}{Via(l)}";
    }

    /// <summary>" (as subsidiary of Huawei Investment & Holding)" for a listing carried through a parent; empty for a direct one.</summary>
    public static string Via(ListingEvidence l) => l.ViaParent is { } p ? $" (as {l.Relation ?? "unit of"} {p})" : "";

    /// <summary>Listings of one institution, one phrase per list: "aspi-cdut: Seven Sons of National Defence", "ndaa-1286: FY2022 list +3".</summary>
    public static IEnumerable<string> ListingsShort(IEnumerable<ListingEvidence> listings) =>
        listings.GroupBy(l => l.List).Select(g =>
        {
            var cats = g.Select(l => l.Category).Distinct().ToList();
            var first = cats.FirstOrDefault(c => c is not null);
            var via = Via(g.First());
            return (first is null ? g.Key : cats.Count > 1 ? $"{g.Key}: {first} +{cats.Count - 1}" : $"{g.Key}: {first}") + via;
        });

    public static string Timing(ListingTiming t) => t switch
    {
        ListingTiming.ListedBeforePublication => "listed before publication",
        ListingTiming.ListedAfterPublication => "listed after publication",
        ListingTiming.DelistedBeforePublication => "delisted before publication",
        _ => "listing date not given",
    };

    public static string ShortWork(string id) =>
        id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? id[21..] : id;
}
