using System.Text.Json;

namespace CollabScreen.Reference;

/// <summary>
/// trade.gov Consolidated Screening List, JSON layout: the API's search response and the downloadable
/// consolidated.json ({"results":[{"name","alt_names":[],"addresses":[{"country"}],"source","start_date",...}]})
/// or a bare array of such records. Problems are located as results[N] (JSON has no useful line numbers).
/// </summary>
public static class CslJson
{
    public static LoadedList Read(string path, string listId, ListReadReport report)
    {
        using (var doc = ListFormatException.ParseJson(path))
        {
            var root = doc.RootElement;
            var results = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var r) && r.ValueKind == JsonValueKind.Array ? r
                : throw new ListFormatException($"{path}:1: field 'results' missing; expected the trade.gov CSL JSON layout {{\"results\":[...]}}");
            var entries = new List<WatchlistEntry>();
            var ids = new EntryIds(listId);
            var i = -1;
            foreach (var o in results.EnumerateArray())
            {
                i++;
                var at = $"results[{i}]";
                var name = Str(o, "name");
                if (name is null) { report.Add(path, i + 1, at + ".name", "missing; every CSL record names a party"); continue; }
                if (string.Equals(Str(o, "type"), "Individual", StringComparison.OrdinalIgnoreCase)) { CslCsv.Skip(report); continue; }
                var source = Str(o, "source");
                if (source is null) { report.Add(path, i + 1, at + ".source", "missing; every CSL record says which list it comes from"); continue; }
                var reason = string.Join("; ", new[] { Str(o, "federal_register_notice"), string.Join(", ", Strs(o, "programs")) }.Where(x => !string.IsNullOrEmpty(x)));
                var listing = new Listing(listId, CslCsv.AuthorityOf(source), source,
                    ListDates.Parse(Str(o, "start_date"), report, path, i + 1, at + ".start_date"),
                    ListDates.Parse(Str(o, "end_date"), report, path, i + 1, at + ".end_date"),
                    reason.Length > 0 ? reason : null,
                    CslCsv.FirstUrl(Str(o, "source_list_url"), Str(o, "source_information_url")) ?? CslCsv.SourceUrl);
                string? country = null;
                if (o.TryGetProperty("addresses", out var addrs) && addrs.ValueKind == JsonValueKind.Array)
                    country = addrs.EnumerateArray().Select(a => Str(a, "country")).FirstOrDefault(c => c is { Length: 2 });
                entries.Add(new WatchlistEntry(ids.Next(name), name, Strs(o, "alt_names"), country, [], null, [listing])
                {
                    Type = Str(o, "type")?.ToLowerInvariant() ?? "organisation",
                });
                report.Records++;
            }
            return new LoadedList(CslCsv.List(listId, "JSON"), entries);
        }
    }

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;

    private static IReadOnlyList<string> Strs(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).Distinct().ToList()
            : v.ValueKind == JsonValueKind.String ? CslCsv.Split(v.GetString()!) : [];
}
