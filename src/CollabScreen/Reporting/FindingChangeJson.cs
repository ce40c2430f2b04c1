using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Reporting;

/// <summary>The JSONL contract of `diff`: one object per changed work (change, severity_from/to, *_added/*_removed, explanation).</summary>
public static class FindingChangeJson
{
    public static string KindName(ChangeKind kind) => kind switch { ChangeKind.New => "new", ChangeKind.Gone => "gone", _ => "changed" };

    public static string Serialize(FindingChange c)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("change", KindName(c.Kind));
            json.WriteString("work", c.WorkId);
            json.WriteString("doi", c.Doi);
            json.WriteString("title", c.Title);
            if (c.Year is int year) json.WriteNumber("year", year); else json.WriteNull("year");
            json.WriteString("severity_from", c.SeverityFrom);
            json.WriteString("severity_to", c.SeverityTo);
            foreach (var (name, set) in new[] { ("rules", c.Rules), ("institutions", c.Institutions), ("listings", c.Listings), ("topics", c.Topics), ("datasets", c.Datasets) })
            {
                json.WriteStartArray(name + "_added"); foreach (var x in set.Added) json.WriteStringValue(x); json.WriteEndArray();
                json.WriteStartArray(name + "_removed"); foreach (var x in set.Removed) json.WriteStringValue(x); json.WriteEndArray();
            }
            json.WriteString("explanation", c.Explain());
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
