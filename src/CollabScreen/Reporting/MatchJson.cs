using System.Text.Json;
using CollabScreen.Matching;

namespace CollabScreen.Reporting;

/// <summary>The JSONL contract of `resolve`: the input string and its matches (ror, name, country, score, listings, features).</summary>
public static class MatchJson
{
    public static string Serialize(string input, IReadOnlyList<InstitutionMatch> matches)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("input", input);
            json.WriteStartArray("matches");
            foreach (var m in matches)
            {
                json.WriteStartObject();
                if (m.Ror.Length > 0) json.WriteString("ror", m.Ror); else json.WriteNull("ror");
                json.WriteString("name", m.Name);
                if (m.Country is null) json.WriteNull("country"); else json.WriteString("country", m.Country);
                json.WriteNumber("score", m.Score);
                json.WriteString("matched", m.Matched);
                json.WriteStartArray("listings");
                foreach (var l in m.Listings)
                {
                    json.WriteStartObject();
                    json.WriteString("entry", l.EntryId);
                    json.WriteString("entry_name", l.EntryName);
                    json.WriteString("list", l.Listing.List);
                    json.WriteString("authority", l.Listing.Authority);
                    if (l.Listing.Category is { } c) json.WriteString("category", c); else json.WriteNull("category");
                    if (l.Listing.Start is { } s) json.WriteString("start", s.ToString("yyyy-MM-dd")); else json.WriteNull("start");
                    if (l.Listing.End is { } e) json.WriteString("end", e.ToString("yyyy-MM-dd")); else json.WriteNull("end");
                    json.WriteString("source_url", l.Listing.SourceUrl);
                    if (l.ViaParent is { } p) json.WriteString("via_parent", p); else json.WriteNull("via_parent");
                    if (l.Relation is { } rel) json.WriteString("relation", rel); else json.WriteNull("relation");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartObject("features");
                foreach (var (k, v) in m.Features) json.WriteNumber(k, v);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
