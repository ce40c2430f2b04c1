using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CollabScreen.Monitoring;

/// <summary>
/// The alert a watch sends when a run changed something: the diff as JSON (schema: docs/webhook.schema.json,
/// described in docs/monitoring.md). The idempotency key names the watch and the two runs compared, so a receiver
/// that sees one key twice (a retry after a lost response) can drop the second.
/// </summary>
public static class AlertPayload
{
    public const string Schema = "https://collabscreen.example/schemas/watch-alert-1.json";

    public static string IdempotencyKey(string watch, long runA, long runB) => $"{watch}:{runA}:{runB}";

    public static string Serialize(Watch watch, WatchDiff diff, string mode, DateTimeOffset at)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("idempotency_key", IdempotencyKey(watch.Name, diff.RunA, diff.RunB));
            w.WriteString("watch", watch.Name);
            w.WriteString("institution", watch.Institution);
            w.WriteString("created", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            w.WriteString("mode", mode);
            w.WriteNumber("previous_run", diff.RunA);
            w.WriteNumber("run", diff.RunB);
            w.WriteStartObject("counts");
            foreach (var k in Enum.GetValues<AlertChangeKind>())
                w.WriteNumber(WatchDiff.KindName(k).Replace('-', '_'), diff.Changes.Count(c => c.Kind == k));
            w.WriteEndObject();
            w.WriteStartArray("list_changes");
            foreach (var l in diff.ListChanges)
            {
                w.WriteStartObject();
                w.WriteString("list", l.List);
                w.WriteString("from", l.From);
                w.WriteString("to", l.To);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("changes");
            foreach (var c in diff.Changes)
            {
                w.WriteStartObject();
                w.WriteString("kind", WatchDiff.KindName(c.Kind));
                w.WriteString("work", c.Work);
                w.WriteString("doi", c.Doi);
                w.WriteString("title", c.Title);
                if (c.Year is { } y) w.WriteNumber("year", y); else w.WriteNull("year");
                w.WriteString("severity_from", c.SeverityFrom);
                w.WriteString("severity_to", c.SeverityTo);
                Strings(w, "rules_added", c.RulesAdded);
                Strings(w, "rules_removed", c.RulesRemoved);
                Listings(w, "listings_added", c.ListingsAdded);
                Listings(w, "listings_removed", c.ListingsRemoved);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The signature header's value: <c>sha256=</c> and the hex HMAC-SHA256 of the exact body with the watch's secret.</summary>
    public static string Signature(string secretHex, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(secretHex), body));

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Listings(Utf8JsonWriter w, string name, IEnumerable<ListingCause> listings)
    {
        w.WriteStartArray(name);
        foreach (var l in listings)
        {
            w.WriteStartObject();
            w.WriteString("institution", l.Institution);
            w.WriteString("list", l.List);
            w.WriteString("list_version", l.ListVersion);
            w.WriteString("entry", l.Entry);
            w.WriteString("entry_name", l.EntryName);
            w.WriteString("start", l.Start?.ToString("yyyy-MM-dd"));
            w.WriteString("end", l.End?.ToString("yyyy-MM-dd"));
            w.WriteString("timing", l.Timing);
            w.WriteString("text", l.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
