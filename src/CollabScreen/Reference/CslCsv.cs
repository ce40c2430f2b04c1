namespace CollabScreen.Reference;

/// <summary>
/// trade.gov Consolidated Screening List, CSV layout (consolidated.csv: source, entity_number, type, programs,
/// name, ..., start_date, end_date, ..., source_list_url, alt_names, ...). Individuals are skipped.
/// </summary>
public static class CslCsv
{
    public const string SourceUrl = "https://www.trade.gov/consolidated-screening-list";
    private static readonly string[] Required = ["source", "name", "alt_names", "addresses", "start_date", "end_date", "type", "programs", "federal_register_notice", "source_list_url"];

    public static LoadedList Read(string path, string listId, ListReadReport report)
    {
        var entries = new List<WatchlistEntry>();
        var ids = new EntryIds(listId);
        CsvHeader? h = null;
        int source = 0, name = 0, alt = 0, addresses = 0, start = 0, end = 0, type = 0, programs = 0, frn = 0, listUrl = 0;
        int? infoUrl = null;
        foreach (var (line, row) in CsvRows.Read(path, report))
        {
            if (h is null)
            {
                h = new CsvHeader(path, row);
                foreach (var col in Required) h.Require(col);
                (source, name, alt, addresses, start, end) = (h.Require("source"), h.Require("name"), h.Require("alt_names"), h.Require("addresses"), h.Require("start_date"), h.Require("end_date"));
                (type, programs, frn, listUrl, infoUrl) = (h.Require("type"), h.Require("programs"), h.Require("federal_register_notice"), h.Require("source_list_url"), h.Find("source_information_url"));
                continue;
            }
            var n = CsvHeader.Get(row, name);
            if (n.Length == 0) { report.Add(path, line, "name", "empty; every CSL row names a party"); continue; }
            if (CsvHeader.Get(row, type).Equals("Individual", StringComparison.OrdinalIgnoreCase)) { Skip(report); continue; }
            var src = CsvHeader.Get(row, source);
            if (src.Length == 0) { report.Add(path, line, "source", "empty; every CSL row says which list it comes from"); continue; }
            var url = FirstUrl(CsvHeader.Get(row, listUrl), CsvHeader.Get(row, infoUrl)) ?? SourceUrl;
            var reason = string.Join("; ", new[] { CsvHeader.Get(row, frn), CsvHeader.Get(row, programs) }.Where(x => x.Length > 0));
            var listing = new Listing(listId, AuthorityOf(src), src, ListDates.Parse(CsvHeader.Get(row, start), report, path, line, "start_date"),
                ListDates.Parse(CsvHeader.Get(row, end), report, path, line, "end_date"), reason.Length > 0 ? reason : null, url);
            entries.Add(new WatchlistEntry(ids.Next(n), n, Split(CsvHeader.Get(row, alt)), CountryOf(CsvHeader.Get(row, addresses)), [], null, [listing])
            {
                Type = CsvHeader.Get(row, type) is { Length: > 0 } t ? t.ToLowerInvariant() : "organisation",
            });
            report.Records++;
        }
        if (h is null) throw new ListFormatException($"{path}:1: empty file; expected the CSL CSV header (source,entity_number,type,programs,name,...)");
        return new LoadedList(List(listId, "CSV"), entries);
    }

    internal static Watchlist List(string listId, string layout) => new(listId, "Consolidated Screening List (" + listId + ")",
        "US Departments of Commerce, State and the Treasury (trade.gov)", ListKind.LegalDesignation,
        $"trade.gov Consolidated Screening List, {layout} layout, imported by the user", "", DateOnly.FromDateTime(DateTime.UtcNow), SourceUrl);

    internal static void Skip(ListReadReport report)
    {
        report.Skipped++;
        report.SkipReason = "individuals (CollabScreen screens institutions, never people)";
    }

    internal static IReadOnlyList<string> Split(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>CSL addresses end with an ISO country code: "..., Beijing, CN; ..., HK" → the first address's code.</summary>
    internal static string? CountryOf(string addresses)
    {
        var first = addresses.Split(';')[0].Trim();
        var last = first.Split(',')[^1].Trim();
        return last.Length == 2 && last.All(char.IsAsciiLetterUpper) ? last : null;
    }

    internal static string? FirstUrl(params string?[] candidates) =>
        candidates.FirstOrDefault(c => c is not null && Uri.TryCreate(c, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http"));

    internal static string AuthorityOf(string source)
    {
        var dash = source.LastIndexOf(" - ", StringComparison.Ordinal);
        return dash > 0 ? source[(dash + 3)..].Trim() : source;
    }
}
