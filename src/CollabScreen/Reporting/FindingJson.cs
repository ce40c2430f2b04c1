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
        if (f.MergedFrom.Count > 0) // the same paper read again (another input, a repeat): one finding, every origin
        {
            w.WriteStartArray("merged_from");
            foreach (var m in f.MergedFrom)
            {
                w.WriteStartObject();
                w.WriteString("work", m.Id);
                w.WriteString("origin", m.Origin.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
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
            w.WriteString("list_version", l.ListVersion);
            w.WriteString("authority", l.Authority);
            w.WriteString("kind", KindName(l.Kind));
            w.WriteString("category", l.Category);
            w.WriteString("start", l.Start?.ToString("yyyy-MM-dd"));
            w.WriteString("end", l.End?.ToString("yyyy-MM-dd"));
            w.WriteString("source", l.Source);
            w.WriteString("entry", l.EntryId);
            w.WriteString("entry_name", l.EntryName);
            w.WriteString("via_parent", l.ViaParent);
            w.WriteString("relation", l.Relation);
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
        if (i.NamedInstead is { } other) w.WriteString("named_instead", other);
        w.WriteEndObject();
    }

    /// <summary>
    /// A finding back from its JSON (a stored run, a JSONL file), so that it can be rendered again: reading what
    /// <see cref="Serialize"/> wrote and serialising it gives the same text. Unknown fields are ignored (fields are only
    /// ever added); detail the JSON does not carry (dataset mention offsets) stays empty.
    /// </summary>
    /// <exception cref="FormatException">Not a finding object: the message names the field.</exception>
    public static Finding Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement);
        }
        catch (JsonException e) { throw new FormatException($"not a finding: {e.Message}", e); }
        catch (InvalidOperationException e) { throw new FormatException($"not a finding: a field has the wrong type ({e.Message})", e); }
    }

    public static Finding Read(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) throw new FormatException("not a finding: expected a JSON object");
        var work = Str(o, "work") ?? throw new FormatException("not a finding: no \"work\"");
        var severityText = Str(o, "severity");
        if (!SeverityNames.TryParse(severityText, out var severity)) throw new FormatException($"finding {work}: severity '{severityText}' is not one of critical, high, medium, low, none");
        Dictionary<string, IReadOnlyList<string>>? because = null;
        if (o.TryGetProperty("because", out var b) && b.ValueKind == JsonValueKind.Object)
        {
            because = [];
            foreach (var p in b.EnumerateObject()) because[p.Name] = StrList(p.Value);
        }
        return new Finding(work, Str(o, "doi"), Str(o, "title"), o.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null,
            Date(o, "date"), Str(o, "venue"), severity, StrList(Prop(o, "rules")),
            Items(o, "institutions").Select(Institution).ToList(),
            Items(o, "topics").Select(t => new Topics.TopicHit(Str(t, "topic") ?? "", Str(t, "family") ?? "", Num(t, "score") ?? 0, Num(t, "severity") ?? 0,
                StrList(Prop(t, "evidence")))).ToList(),
            Items(o, "datasets").Select(d => new Datasets.DatasetHit(Str(d, "dataset") ?? "", Str(d, "name") ?? "", Str(d, "via") ?? "", Str(d, "status") ?? "",
                Str(d, "withdrawn"), Str(d, "parent"), Str(d, "status_at_publication"), Str(d, "context") ?? "", StrList(Prop(d, "evidence")))
            { DerivedFromWithdrawn = Str(d, "derived_from_withdrawn") }).ToList(),
            Str(o, "origin"), because)
        {
            MergedFrom = Items(o, "merged_from").Select(m => new Model.MergedRecord(Str(m, "work") ?? "", OriginOf(Str(m, "origin") ?? ""))).ToList(),
        };
    }

    /// <summary>"path:12" back to an origin (the line after the last colon, when it is a number).</summary>
    private static Model.Origin OriginOf(string text) =>
        text.LastIndexOf(':') is var colon and > 0 && long.TryParse(text[(colon + 1)..], out var line)
            ? new Model.Origin(text[..colon], line) : new Model.Origin(text, 0);

    private static InstitutionEvidence Institution(JsonElement i) => new(
        Str(i, "author"), Str(i, "author_id"), Str(i, "affiliation"), Str(i, "ror"), Str(i, "name") ?? "", Str(i, "country"),
        Items(i, "listings").Select(l => new ListingEvidence(Str(l, "list") ?? "", Str(l, "list_name"), Str(l, "authority") ?? "",
            Str(l, "kind") switch { "legal-designation" => ListKind.LegalDesignation, "assessment" => ListKind.Assessment, "user-list" => ListKind.UserList, _ => null },
            Str(l, "category"), Date(l, "start"), Date(l, "end"), Str(l, "source") ?? "", Str(l, "entry") ?? "", Str(l, "entry_name") ?? "",
            Str(l, "via_parent"), Str(l, "reason"), Timing(Str(l, "timing")),
            Enum.TryParse<RiskTier>(Str(l, "tier"), ignoreCase: true, out var tier) ? tier : null)
            { ListVersion = Str(l, "list_version"), Relation = Str(l, "relation") }).ToList(),
        Str(i, "asserted_by") switch { "both" => AssertedBy.Both, "resolver" => AssertedBy.Resolver, _ => AssertedBy.Source },
        Num(i, "match_score"), Str(i, "matched"), Str(i, "disagreement"), Str(i, "source_id"),
        Str(i, "strength") is { } strength && EvidenceStrengthNames.ByName.TryGetValue(strength, out var given) ? given : null)
        { NamedInstead = Str(i, "named_instead") };

    private static ListingTiming Timing(string? name) => name switch
    {
        "listed-before-publication" => ListingTiming.ListedBeforePublication,
        "listed-after-publication" => ListingTiming.ListedAfterPublication,
        "delisted-before-publication" => ListingTiming.DelistedBeforePublication,
        _ => ListingTiming.Unknown,
    };

    private static JsonElement? Prop(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    private static string? Str(JsonElement o, string name) => Prop(o, name) is { } v ? v.GetString() : null;
    private static double? Num(JsonElement o, string name) => Prop(o, name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;
    private static DateOnly? Date(JsonElement o, string name) =>
        Str(o, name) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
    private static IEnumerable<JsonElement> Items(JsonElement o, string name) =>
        Prop(o, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
    private static IReadOnlyList<string> StrList(JsonElement? a) =>
        a is { ValueKind: JsonValueKind.Array } arr ? arr.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];

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
