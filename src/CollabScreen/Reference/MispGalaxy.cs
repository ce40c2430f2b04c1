using System.Text.Json;
using System.Text.RegularExpressions;

namespace CollabScreen.Reference;

/// <summary>
/// A MISP galaxy cluster (e.g. misp-galaxy clusters/china-defence-universities.json): {"name","source","values":
/// [{"value":"English (中文)","meta":{"aliases","categories","refs","supervising agencies","subsidiaries",
/// "major defence laboratories"}}]}. Subsidiaries and labs become child entries. Galaxies are assessments.
/// </summary>
public static partial class MispGalaxy
{
    public static LoadedList Read(string path, string listId, ListReadReport report)
    {
        using (var doc = ListFormatException.ParseJson(path))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                throw new ListFormatException($"{path}:1: field 'values' missing; expected a MISP galaxy cluster {{\"name\",\"values\":[...]}}");
            var galaxyName = Str(root, "name") ?? listId;
            var authority = Str(root, "source") ?? (root.TryGetProperty("authors", out var au) && au.ValueKind == JsonValueKind.Array ? string.Join(", ", au.EnumerateArray().Select(a => a.GetString())) : "MISP galaxy");
            var entries = new List<WatchlistEntry>();
            var ids = new EntryIds(listId);
            var i = -1;
            foreach (var v in values.EnumerateArray())
            {
                i++;
                var at = $"values[{i}]";
                var value = Str(v, "value");
                if (value is null) { report.Add(path, i + 1, at + ".value", "missing; every galaxy value names an institution"); continue; }
                var meta = v.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                var (en, zh) = SplitNames(value);
                var category = Strs(meta, "categories").FirstOrDefault();
                var url = CslCsv.FirstUrl(Strs(meta, "refs").ToArray());
                if (url is null) { report.Add(path, i + 1, at + ".meta.refs", "no source URL; every listing needs one"); continue; }
                var tier = RiskTiers.For(ListKind.Assessment, category);
                var aliases = Strs(meta, "aliases").Where(a => a != en && a != zh).ToList();
                if (zh is not null && !aliases.Contains(zh)) aliases.Insert(0, zh);
                var id = ids.Next(en);
                entries.Add(new WatchlistEntry(id, en, aliases, Str(meta, "country") ?? "CN", [], null,
                    [new Listing(listId, authority, category, null, null, null, url) { Kind = ListKind.Assessment, Tier = tier }])
                {
                    NameZh = zh,
                    Type = "institution",
                    SupervisingAgencies = Strs(meta, "supervising agencies"),
                });
                report.Records++;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, kind) in new[] { ("subsidiaries", "subsidiary"), ("major defence laboratories", "laboratory") })
                    foreach (var raw in Strs(meta, key))
                    {
                        var (cen, czh) = SplitNames(raw);
                        if (!seen.Add(WatchlistNames.Key(cen))) continue;
                        entries.Add(new WatchlistEntry(id + "/" + EntryIds.Slug(cen), cen, czh is null ? [] : [czh], "CN", [], id,
                            [new Listing(listId, authority, category, null, null, $"{(kind == "subsidiary" ? "Subsidiary" : "Major defence laboratory")} of {en}", url) { Kind = ListKind.Assessment, Tier = tier }])
                        { NameZh = czh, Type = kind });
                    }
            }
            var list = new Watchlist(listId, galaxyName, authority, ListKind.Assessment, Str(root, "description") ?? "MISP galaxy imported by the user",
                root.TryGetProperty("version", out var ver) ? ver.ToString() : "", DateOnly.FromDateTime(DateTime.UtcNow),
                entries.Count > 0 ? entries[0].Listings[0].SourceUrl : "https://github.com/MISP/misp-galaxy");
            return new LoadedList(list, entries);
        }
    }

    /// <summary>"Beihang University (北京航空航天大学)" → ("Beihang University", "北京航空航天大学"); ASPI sometimes drops the closing bracket.</summary>
    public static (string English, string? Chinese) SplitNames(string value)
    {
        var m = NamePattern().Match(value.Trim());
        return m.Success ? (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim()) : (value.Trim(), null);
    }

    [GeneratedRegex(@"^(.*?)\s*[（(]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]?\s*$")]
    private static partial Regex NamePattern();

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;

    private static IReadOnlyList<string> Strs(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).ToList()
            : [];
}
