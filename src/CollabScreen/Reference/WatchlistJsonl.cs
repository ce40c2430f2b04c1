using static CollabScreen.JsonFields;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CollabScreen.Reference;

/// <summary>
/// Our own watchlist file format: JSON Lines, one list description ({"id","name","authority","kind",...}) or
/// one entry ({"id","name","listings":[...]}) per line. The bundled data (data/watchlists/*.jsonl) and lists
/// imported by users are both written in it.
/// </summary>
public static class WatchlistJsonl
{
    public static (List<Watchlist> Lists, List<WatchlistEntry> Entries) Read(string path, ListReadReport report)
    {
        var lists = new List<Watchlist>();
        var entries = new List<WatchlistEntry>();
        long lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) { report.Add(path, lineNo, null, "expected a JSON object"); continue; }
                if (o.TryGetProperty("listings", out _)) entries.Add(ReadEntry(o));
                else lists.Add(ReadList(o));
                report.Records++;
            }
            catch (JsonException e) { report.Add(path, lineNo, null, "not valid JSON: " + e.Message); }
            catch (FieldException e) { report.Add(path, lineNo, e.Field, e.Message); }
        }
        return (lists, entries);
    }

    /// <summary>Fills each listing's authority, kind and tier from its list (the file stores them once per list).</summary>
    public static WatchlistEntry Complete(WatchlistEntry entry, IReadOnlyDictionary<string, Watchlist> lists) =>
        entry with
        {
            Listings = entry.Listings.Select(l => lists.TryGetValue(l.List, out var list)
                ? l with { Authority = string.IsNullOrEmpty(l.Authority) ? list.Authority : l.Authority, Kind = list.Kind }
                : l with { Kind = ListKind.UserList }).ToList(),
        };

    private static Watchlist ReadList(JsonElement o)
    {
        var kindText = Str(o, "kind", required: true)!;
        if (!Enum.TryParse<ListKind>(kindText, ignoreCase: true, out var kind))
            throw new FieldException("kind", $"'{kindText}' is not one of LegalDesignation, Assessment, UserList");
        return new Watchlist(Str(o, "id", true)!, Str(o, "name", true)!, Str(o, "authority") ?? "", kind, Str(o, "description") ?? "",
            Str(o, "version") ?? "", Date(o, "retrieved"), Str(o, "source", true)!);
    }

    private static WatchlistEntry ReadEntry(JsonElement o)
    {
        var listings = new List<Listing>();
        foreach (var l in o.GetProperty("listings").EnumerateArray())
        {
            var list = Str(l, "list", true)!;
            var category = Str(l, "category");
            var tierText = Str(l, "tier");
            RiskTier tier = RiskTier.High;
            if (tierText is not null && !RiskTiers.TryParse(tierText, out tier))
                throw new FieldException("listings.tier", $"'{tierText}' is not one of high, elevated, moderate");
            listings.Add(new Listing(list, Str(l, "authority") ?? "", category, Date(l, "start"), Date(l, "end"), Str(l, "reason"), Str(l, "source", true)!)
            {
                Tier = tierText is null ? RiskTiers.For(ListKind.UserList, category) : tier,
            });
        }
        return new WatchlistEntry(Str(o, "id", true)!, Str(o, "name", true)!, Strs(o, "aliases"), Str(o, "country"), Strs(o, "ror"), Str(o, "parent"), listings)
        {
            NameZh = Str(o, "name_zh"),
            Type = Str(o, "type"),
            SupervisingAgencies = Strs(o, "supervising_agencies"),
            ParentName = Str(o, "parent_name"),
            Addresses = Strs(o, "addresses"),
        };
    }

    public static void Write(string path, Watchlist list, IEnumerable<WatchlistEntry> entries)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            void Line(Action<Utf8JsonWriter> body)
            {
                using (var w = new Utf8JsonWriter(stream, options)) { w.WriteStartObject(); body(w); w.WriteEndObject(); }
                stream.WriteByte((byte)'\n');
            }
            Line(w =>
            {
                w.WriteString("id", list.Id); w.WriteString("name", list.Name); w.WriteString("authority", list.Authority);
                w.WriteString("kind", list.Kind.ToString()); w.WriteString("version", list.Version);
                if (list.Retrieved is { } r) w.WriteString("retrieved", r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("source", list.SourceUrl); w.WriteString("description", list.Description);
            });
            foreach (var e in entries)
                Line(w =>
                {
                    w.WriteString("id", e.Id); w.WriteString("name", e.Name);
                    if (e.NameZh is not null) w.WriteString("name_zh", e.NameZh);
                    if (e.Type is not null) w.WriteString("type", e.Type);
                    if (e.Country is not null) w.WriteString("country", e.Country);
                    Array(w, "aliases", e.Aliases); Array(w, "ror", e.RorIds);
                    if (e.ParentId is not null) w.WriteString("parent", e.ParentId);
                    if (e.ParentName is not null) w.WriteString("parent_name", e.ParentName);
                    Array(w, "supervising_agencies", e.SupervisingAgencies);
                    Array(w, "addresses", e.Addresses);
                    w.WriteStartArray("listings");
                    foreach (var l in e.Listings)
                    {
                        w.WriteStartObject();
                        w.WriteString("list", l.List);
                        if (l.Category is not null) w.WriteString("category", l.Category);
                        w.WriteString("tier", l.Tier.ToString().ToLowerInvariant());
                        if (l.Start is { } s) w.WriteString("start", s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        if (l.End is { } en) w.WriteString("end", en.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        if (l.Reason is not null) w.WriteString("reason", l.Reason);
                        w.WriteString("source", l.SourceUrl);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static DateOnly? Date(JsonElement o, string name)
    {
        var s = Str(o, name);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new FieldException(name, $"'{s}' is not a date (YYYY-MM-DD)");
    }
}
