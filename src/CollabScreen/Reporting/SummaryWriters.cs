using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Screening;

namespace CollabScreen.Reporting;

/// <summary>`screen --summary --format jsonl`: one object per co-author institution ("kind": "institution"), then per author.</summary>
public static class SummaryJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(CollaborationSummary s)
    {
        var sb = new StringBuilder();
        foreach (var p in s.Partners())
            sb.Append(Line(w =>
            {
                w.WriteString("kind", "institution");
                w.WriteString("name", p.Name);
                w.WriteString("ror", p.Ror);
                w.WriteStartArray("listings");
                foreach (var l in p.Listings) w.WriteStringValue(l);
                w.WriteEndArray();
                w.WriteNumber("papers", p.Papers);
                Counts(w, "years", p.Years.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
                Counts(w, "topics", p.Topics);
                w.WriteString("max_severity", p.MaxSeverity.Name());
            })).Append('\n');
        foreach (var a in s.Authors())
            sb.Append(Line(w =>
            {
                w.WriteString("kind", "author");
                w.WriteString("author", a.Author);
                w.WriteString("author_id", a.AuthorId);
                w.WriteNumber("papers", a.Papers);
                Counts(w, "years", a.Years.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
                Counts(w, "listed_partners", a.ListedPartners);
                Counts(w, "topics", a.Topics);
                w.WriteString("max_severity", a.MaxSeverity.Name());
            })).Append('\n');
        return sb.ToString();
    }

    private static string Line(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Counts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, int>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}

/// <summary>`screen --summary --format csv`: one table, a row per institution or author ("kind" column says which).</summary>
public static class SummaryCsv
{
    public static void Write(TextWriter w, CollaborationSummary s)
    {
        Csv.WriteRow(w, "kind", "name", "id", "papers", "years", "listings_or_partners", "topics", "max_severity");
        foreach (var p in s.Partners())
            Csv.WriteRow(w, "institution", p.Name, p.Ror, p.Papers.ToString(), Years(p.Years), string.Join("; ", p.Listings),
                Join(p.Topics), p.MaxSeverity.Name());
        foreach (var a in s.Authors())
            Csv.WriteRow(w, "author", a.Author, a.AuthorId, a.Papers.ToString(), Years(a.Years), Join(a.ListedPartners),
                Join(a.Topics), a.MaxSeverity.Name());
        w.Flush();
    }

    private static string Years(IReadOnlyDictionary<int, int> years) => string.Join("; ", years.Select(kv => $"{kv.Key}: {kv.Value}"));
    private static string Join(IReadOnlyDictionary<string, int> counts) => string.Join("; ", counts.Select(kv => $"{kv.Key} ({kv.Value})"));
}

/// <summary>Small text forms shared by the summary views (HTML, console table).</summary>
public static class SummaryText
{
    /// <summary>"2019", "2017–2023", or empty.</summary>
    public static string Years(IReadOnlyDictionary<int, int> years) =>
        years.Count == 0 ? "" : years.Count == 1 ? $"{years.Keys.First()}" : $"{years.Keys.Min()}–{years.Keys.Max()}";
}
