using System.Text.Json;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>Writes a <see cref="Work"/> as one JSON object (the `works --format jsonl` contract).</summary>
public static class WorkJson
{
    public static void Write(Utf8JsonWriter json, Work work)
    {
        json.WriteStartObject();
        json.WriteString("id", work.Id);
        json.WriteString("doi", work.Doi);
        json.WriteString("title", work.Title);
        if (work.Year is { } year) json.WriteNumber("year", year); else json.WriteNull("year");
        json.WriteString("date", work.Date?.ToString("yyyy-MM-dd"));
        json.WriteString("type", work.Type);
        json.WriteString("venue", work.Venue);
        json.WriteStartArray("authorships");
        foreach (var a in work.Authorships)
        {
            json.WriteStartObject();
            json.WriteString("author", a.AuthorName);
            json.WriteString("author_id", a.AuthorId);
            json.WriteString("orcid", a.Orcid);
            json.WriteString("position", a.Position);
            json.WriteStartArray("raw_affiliations");
            foreach (var raw in a.RawAffiliations) json.WriteStringValue(raw);
            json.WriteEndArray();
            WriteInstitutions(json, "institutions", a.Institutions);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (work.InstitutionAssertions.Count > 0) WriteInstitutions(json, "institution_assertions", work.InstitutionAssertions);
        json.WriteString("abstract", work.Abstract);
        json.WriteStartArray("subjects");
        foreach (var s in work.Subjects)
        {
            json.WriteStartObject();
            json.WriteString("kind", s.Kind.ToString().ToLowerInvariant());
            json.WriteString("name", s.Name);
            if (s.Id is not null) json.WriteString("id", s.Id);
            if (s.Score is { } score) json.WriteNumber("score", Math.Round(score, 4));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("referenced_works");
        foreach (var r in work.ReferencedWorks) json.WriteStringValue(r);
        json.WriteEndArray();
        json.WriteStartObject("origin");
        json.WriteString("file", work.Origin.Source);
        json.WriteNumber("line", work.Origin.Line);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInstitutions(Utf8JsonWriter json, string name, IReadOnlyList<AssertedInstitution> institutions)
    {
        json.WriteStartArray(name);
        foreach (var i in institutions)
        {
            json.WriteStartObject();
            json.WriteString("id", i.Id);
            json.WriteString("ror", i.Ror);
            json.WriteString("name", i.Name);
            json.WriteString("country", i.CountryCode);
            json.WriteString("type", i.Type);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
