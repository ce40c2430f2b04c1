using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Reference;
using CollabScreen.Screening;

namespace CollabScreen.Reporting;

/// <summary>
/// The JSONL contract for findings, one object per work. Field names are public API (issue 7): work, doi, title,
/// year, severity, rules, institutions[author, affiliation, ror, name, listings[list, category, start, source],
/// asserted_by], topics, datasets. Fields may be added, never renamed.
/// </summary>
public static class FindingJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(Finding f)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options)) Write(json, f);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("work", f.Work);
        w.WriteString("doi", f.Doi);
        w.WriteString("title", f.Title);
        if (f.Year is { } y) w.WriteNumber("year", y); else w.WriteNull("year");
        w.WriteString("date", f.Date?.ToString("yyyy-MM-dd"));
        w.WriteString("venue", f.Venue);
        w.WriteString("severity", f.Severity.Name());
        w.WriteStartArray("rules");
        foreach (var r in f.Rules) w.WriteStringValue(r);
        w.WriteEndArray();
        // Per fired rule, the signals that made it fire.
        w.WriteStartObject("because");
        foreach (var (rule, why) in f.Because ?? new Dictionary<string, IReadOnlyList<string>>()) Strings(w, rule, why);
        w.WriteEndObject();
        w.WriteStartArray("institutions");
        foreach (var i in f.Institutions) Write(w, i);
        w.WriteEndArray();
        // Disputed pairs with both witnesses: the source's institution and what the author's own string names.
        w.WriteStartArray("needs_checking");
        foreach (var d in f.NeedsChecking)
        {
            w.WriteStartObject();
            w.WriteString("author", d.Author);
            w.WriteString("affiliation", d.Affiliation);
            w.WriteString("source_asserts", d.Source.Name);
            w.WriteString("source_ror", d.Source.Ror);
            w.WriteBoolean("source_listed", d.Source.Listed);
            w.WriteStartArray("string_names");
            foreach (var r in d.String)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("ror", r.Ror);
                if (r.MatchScore is { } ms) w.WriteNumber("match_score", Math.Round(ms, 3)); else w.WriteNull("match_score");
                w.WriteBoolean("listed", r.Listed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("disagreement", d.Source.Disagreement);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("topics");
        foreach (var t in f.Topics)
        {
            w.WriteStartObject();
            w.WriteString("topic", t.Topic);
            w.WriteString("family", t.Family);
            w.WriteNumber("score", Math.Round(t.Score, 3));
            w.WriteNumber("severity", Math.Round(t.Severity, 3));
            Strings(w, "evidence", t.Evidence);
            if (t.About is { Count: > 0 } about) Strings(w, "about", about); // what showed the topic is about people
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("datasets");
        foreach (var d in f.Datasets)
        {
            w.WriteStartObject();
            w.WriteString("dataset", d.Dataset);
            w.WriteString("name", d.Name);
            w.WriteString("via", d.Via);
            w.WriteString("status", d.Status);
            w.WriteString("withdrawn", d.Withdrawn);
            w.WriteString("parent", d.Parent);
            w.WriteString("status_at_publication", d.StatusAtPublication);
            w.WriteString("context", d.Context);
            w.WriteString("derived_from_withdrawn", d.DerivedFromWithdrawn);
            Strings(w, "evidence", d.Evidence);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("origin", f.Origin);
        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, InstitutionEvidence i)
    {
        w.WriteStartObject();
        w.WriteString("author", i.Author);
        w.WriteString("author_id", i.AuthorId);
        w.WriteString("affiliation", i.Affiliation);
        w.WriteString("ror", i.Ror);
        w.WriteString("name", i.Name);
        w.WriteString("country", i.Country);
        w.WriteStartArray("listings");
        foreach (var l in i.Listings)
        {
            w.WriteStartObject();
            w.WriteString("list", l.List);
            w.WriteString("list_name", l.ListName);
            w.WriteString("authority", l.Authority);
            w.WriteString("kind", KindName(l.Kind));
            w.WriteString("category", l.Category);
            w.WriteString("start", l.Start?.ToString("yyyy-MM-dd"));
            w.WriteString("end", l.End?.ToString("yyyy-MM-dd"));
            w.WriteString("source", l.Source);
            w.WriteString("entry", l.EntryId);
            w.WriteString("entry_name", l.EntryName);
            w.WriteString("via_parent", l.ViaParent);
            w.WriteString("reason", l.Reason);
            w.WriteString("timing", l.Timing.Name());
            w.WriteString("tier", l.Tier?.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("asserted_by", AssertedByName(i.AssertedBy));
        if (i.MatchScore is { } s) w.WriteNumber("match_score", Math.Round(s, 3)); else w.WriteNull("match_score");
        w.WriteString("matched", i.Matched);
        w.WriteString("disagreement", i.Disagreement);
        w.WriteString("source_id", i.SourceId);
        w.WriteString("strength", i.Strength.Name());
        w.WriteEndObject();
    }

    public static string AssertedByName(AssertedBy a) => a switch
    {
        AssertedBy.Both => "both", AssertedBy.Resolver => "resolver", _ => "source",
    };

    public static string? KindName(ListKind? k) => k switch
    {
        ListKind.LegalDesignation => "legal-designation", ListKind.Assessment => "assessment", ListKind.UserList => "user-list", _ => null,
    };

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}

/// <summary>Writes findings as JSON Lines, one object per line, streaming.</summary>
public sealed class JsonlFindingWriter(TextWriter writer) : IFindingWriter
{
    public void Write(Finding finding)
    {
        writer.Write(FindingJson.Serialize(finding));
        writer.Write('\n');
    }

    public void Complete() => writer.Flush();
}

/// <summary>Something findings stream into, one at a time; Complete writes what needs the whole run (tables, totals).</summary>
public interface IFindingWriter
{
    void Write(Finding finding);
    void Complete();
}
