namespace CollabScreen.Reference;

/// <summary>
/// OpenSanctions-style source CSVs, as in the DoD 1260H file (Name, Clean Name, Alias, Previous Name, Parent Name,
/// Note, Start date, End date, Source Url), the §1286 file (schema, name, aliases, ..., report-date, start-date,
/// end-date, country, notes, source_url) and the BIS MIEU file (Type, Name, Alias, Country, ..., Date, End date,
/// Source URL). Columns are found by name; rows naming the same party become one entry with one listing per row.
/// </summary>
public static class OpenSanctionsCsv
{
    public static LoadedList Read(string path, string listId, string? defaultSourceUrl, ListReadReport report)
    {
        CsvHeader? h = null;
        int name = 0;
        int? alias = null, previous = null, parent = null, note = null, start = null, end = null, source = null, country = null, report_ = null, program = null;
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var drafts = new List<(string Name, List<string> Aliases, string? Country, string? Parent, List<Listing> Listings)>();
        var fallbackUrl = defaultSourceUrl ?? new Uri(Path.GetFullPath(path)).AbsoluteUri;
        foreach (var (line, row) in CsvRows.Read(path, report))
        {
            if (h is null)
            {
                h = new CsvHeader(path, row);
                name = h.Find("Clean Name") ?? h.Require("name");
                alias = h.Find("Alias", "aliases"); previous = h.Find("Previous Name"); parent = h.Find("Parent Name");
                note = h.Find("Note", "notes"); start = h.Find("Start date", "start-date", "Date"); end = h.Find("End date", "end-date");
                source = h.Find("Source Url", "source_url", "Source URL"); country = h.Find("country");
                report_ = h.Find("report-date"); program = h.Find("Program");
                if (start is null && report_ is null) h.Require("start-date");
                continue;
            }
            var n = CsvHeader.Get(row, name);
            if (n.Length == 0) { report.Add(path, line, h.Names[name], "empty; every row names a party"); continue; }
            var aliases = CslCsv.Split(CsvHeader.Get(row, alias)).Concat(CslCsv.Split(CsvHeader.Get(row, previous))).Where(a => a != n).ToList();
            var fy = CsvHeader.Get(row, report_);
            var category = fy.Length > 0 ? $"FY{fy} list" : CsvHeader.Get(row, program) is { Length: > 0 } p ? p : null;
            var startField = start is int s ? h.Names[s] : "start-date";
            var endField = end is int e ? h.Names[e] : "end-date";
            var reason = CsvHeader.Get(row, note);
            var listing = new Listing(listId, "", category,
                ListDates.Parse(CsvHeader.Get(row, start), report, path, line, startField),
                ListDates.Parse(CsvHeader.Get(row, end), report, path, line, endField),
                reason.Length > 0 ? reason : null,
                CslCsv.FirstUrl(CsvHeader.Get(row, source)) ?? fallbackUrl);
            var key = WatchlistNames.Key(n);
            if (byKey.TryGetValue(key, out var i))
            {
                var d = drafts[i];
                d.Listings.Add(listing);
                foreach (var a in aliases) if (!d.Aliases.Contains(a)) d.Aliases.Add(a);
                drafts[i] = d with { Country = d.Country ?? CountryCode(CsvHeader.Get(row, country)), Parent = d.Parent ?? NullIfEmpty(CsvHeader.Get(row, parent)) };
            }
            else
            {
                byKey[key] = drafts.Count;
                drafts.Add((n, aliases.Distinct().ToList(), CountryCode(CsvHeader.Get(row, country)), NullIfEmpty(CsvHeader.Get(row, parent)), [listing]));
            }
            report.Records++;
        }
        if (h is null) throw new ListFormatException($"{path}:1: empty file; expected a header row");
        var ids = new EntryIds(listId);
        var idByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var withIds = drafts.Select(d => (Id: ids.Next(d.Name), d)).ToList();
        foreach (var (id, d) in withIds) idByKey.TryAdd(WatchlistNames.Key(d.Name), id);
        var entries = withIds.Select(x =>
        {
            var parentId = x.d.Parent is null ? null : idByKey.GetValueOrDefault(WatchlistNames.Key(x.d.Parent));
            return new WatchlistEntry(x.Id, x.d.Name, x.d.Aliases, x.d.Country, [], parentId, x.d.Listings)
            {
                ParentName = parentId is null ? x.d.Parent : null,
            };
        }).ToList();
        var list = new Watchlist(listId, listId, "", ListKind.LegalDesignation, "OpenSanctions-style source CSV imported by the user", "",
            DateOnly.FromDateTime(DateTime.UtcNow), entries.SelectMany(e => e.Listings).Select(l => l.SourceUrl).FirstOrDefault() ?? fallbackUrl);
        return new LoadedList(list, entries);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string? CountryCode(string text) => text switch
    {
        "" => null,
        { Length: 2 } => text.ToUpperInvariant(),
        "China" => "CN", "Russia" => "RU", "Iran" => "IR", "Hong Kong" => "HK", "Cuba" => "CU", "Burma" => "MM", "Venezuela" => "VE", "North Korea" => "KP",
        _ => null,
    };
}
