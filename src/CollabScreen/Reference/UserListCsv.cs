namespace CollabScreen.Reference;

/// <summary>
/// A user's own list as CSV with a header: name, aliases (separated by ";"), country, ror, category, source, and
/// optionally id, start, end, reason. Duplicate ids (or, without an id column, duplicate names) are errors.
/// </summary>
public static class UserListCsv
{
    public static LoadedList Read(string path, string listId, ListReadReport report)
    {
        CsvHeader? h = null;
        int name = 0, source = 0;
        int? aliases = null, country = null, ror = null, category = null, id = null, start = null, end = null, reason = null;
        var entries = new List<WatchlistEntry>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (line, row) in CsvRows.Read(path, report))
        {
            if (h is null)
            {
                h = new CsvHeader(path, row);
                name = h.Require("name"); source = h.Require("source");
                aliases = h.Find("aliases"); country = h.Find("country"); ror = h.Find("ror"); category = h.Find("category");
                id = h.Find("id"); start = h.Find("start"); end = h.Find("end"); reason = h.Find("reason");
                continue;
            }
            var n = CsvHeader.Get(row, name);
            if (n.Length == 0) { report.Add(path, line, "name", "empty; every row names an institution"); continue; }
            var url = CsvHeader.Get(row, source);
            if (CslCsv.FirstUrl(url) is null) { report.Add(path, line, "source", $"'{url}' is not a URL; say where this listing comes from (https://...)"); continue; }
            var ownId = CsvHeader.Get(row, id);
            var entryId = $"{listId}/{(ownId.Length > 0 ? ownId : EntryIds.Slug(n))}";
            if (seen.TryGetValue(entryId, out var first))
            {
                report.Add(path, line, id is null ? "name" : "id", $"duplicate id '{entryId}' (first on line {first}); ids must be unique, this row is not imported");
                continue;
            }
            var rors = new List<string>();
            foreach (var r in CslCsv.Split(CsvHeader.Get(row, ror)))
            {
                if (WatchlistNames.RorUrl(r) is { } u) rors.Add(u);
                else report.Add(path, line, "ror", $"'{r}' is not a ROR id (e.g. https://ror.org/05d2yfz11); the entry is kept without it");
            }
            var cat = CsvHeader.Get(row, category);
            var why = CsvHeader.Get(row, reason);
            seen[entryId] = line;
            var c = CsvHeader.Get(row, country);
            entries.Add(new WatchlistEntry(entryId, n, CslCsv.Split(CsvHeader.Get(row, aliases)), c.Length == 2 ? c.ToUpperInvariant() : c.Length == 0 ? null : c, rors, null,
                [new Listing(listId, "", cat.Length > 0 ? cat : null, ListDates.Parse(CsvHeader.Get(row, start), report, path, line, "start"),
                    ListDates.Parse(CsvHeader.Get(row, end), report, path, line, "end"), why.Length > 0 ? why : null, url)
                { Kind = ListKind.UserList, Tier = RiskTiers.For(ListKind.UserList, cat) }]));
            report.Records++;
        }
        if (h is null) throw new ListFormatException($"{path}:1: empty file; expected a header: name,aliases,country,ror,category,source");
        var list = new Watchlist(listId, listId, "user", ListKind.UserList, "User list imported from " + Path.GetFileName(path), "",
            DateOnly.FromDateTime(DateTime.UtcNow), entries.Select(e => e.Listings[0].SourceUrl).FirstOrDefault() ?? new Uri(Path.GetFullPath(path)).AbsoluteUri);
        return new LoadedList(list, entries);
    }
}
