using System.Text.Json;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Parses one OpenAlex work object (2022 schema or current schema) from UTF-8 JSON into a <see cref="Work"/>.
/// A forward-only pass with <see cref="Utf8JsonReader"/>: fields we do not screen on (counts, locations,
/// related works, mesh, ...) are skipped without being materialised, which keeps snapshot reading fast.
/// </summary>
public static class OpenAlexWorkParser
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <exception cref="FormatException">The JSON is malformed or is not a work object; the message says why.</exception>
    /// <param name="fieldProblems">Receives one message per field of the wrong JSON type (e.g. `authorships` as a
    /// string): that field is left out and the rest of the work kept, so the caller can report it with file and line.</param>
    public static Work Parse(ReadOnlySpan<byte> utf8Json, Origin origin, List<string>? fieldProblems = null)
    {
        if (Utf8Text.Problem(utf8Json) is { } encoding) throw new FormatException(encoding);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException($"expected a JSON object (an OpenAlex work), found {Describe(reader)}");
            var work = ReadWork(ref reader, origin, new Problems(fieldProblems));
            if (reader.Read())
                throw new FormatException($"unexpected content after the work object at byte {reader.TokenStartIndex}");
            return work;
        }
        catch (JsonException e)
        {
            throw new FormatException($"malformed JSON at byte {e.BytePositionInLine}: {Trim(e.Message)}", e);
        }
    }

    /// <summary>Collects wrong-type fields; silent when the caller gave no list.</summary>
    private sealed class Problems(List<string>? into)
    {
        public void WrongType(string field, string expected, in Utf8JsonReader reader) =>
            into?.Add($"field '{field}': expected {expected}, got {Found(reader)}; the field was left out, the rest of the record kept");

        public void Add(string message) => into?.Add(message);

        private static string Found(in Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => reader.TokenType.ToString(),
        };
    }

    private static Work ReadWork(ref Utf8JsonReader reader, Origin origin, Problems p)
    {
        string? id = null, idsOpenAlex = null, doi = null, title = null, displayName = null, type = null, venue = null, dateText = null;
        int? year = null;
        string? @abstract = null;
        var authorships = new List<Authorship>();
        var references = new List<string>();
        var subjects = new List<SubjectTerm>();
        var assertions = new List<AssertedInstitution>();

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) id = ReadString(ref reader, "id", p);
            else if (reader.ValueTextEquals("doi"u8)) doi = ReadString(ref reader, "doi", p);
            else if (reader.ValueTextEquals("title"u8)) title = ReadString(ref reader, "title", p);
            else if (reader.ValueTextEquals("display_name"u8)) displayName = ReadString(ref reader, "display_name", p);
            else if (reader.ValueTextEquals("publication_year"u8)) year = ReadInt(ref reader, "publication_year", p);
            else if (reader.ValueTextEquals("publication_date"u8)) dateText = ReadString(ref reader, "publication_date", p);
            else if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader, "type", p);
            else if (reader.ValueTextEquals("ids"u8)) idsOpenAlex = ReadNestedString(ref reader, "openalex"u8, "ids", p);
            else if (reader.ValueTextEquals("host_venue"u8)) venue ??= ReadNestedString(ref reader, "display_name"u8, "host_venue", p);
            else if (reader.ValueTextEquals("primary_location"u8)) venue = ReadPrimaryLocationSource(ref reader, p) ?? venue;
            else if (reader.ValueTextEquals("authorships"u8)) ReadArray(ref reader, authorships, ReadAuthorship, "authorships", p);
            else if (reader.ValueTextEquals("referenced_works"u8)) ReadStringArray(ref reader, references, "referenced_works", p);
            else if (reader.ValueTextEquals("concepts"u8)) ReadSubjects(ref reader, SubjectKind.Concept, subjects, "concepts", p);
            else if (reader.ValueTextEquals("topics"u8)) ReadSubjects(ref reader, SubjectKind.Topic, subjects, "topics", p);
            else if (reader.ValueTextEquals("keywords"u8)) ReadSubjects(ref reader, SubjectKind.Keyword, subjects, "keywords", p);
            else if (reader.ValueTextEquals("institution_assertions"u8)) ReadArray(ref reader, assertions, ReadInstitution, "institution_assertions", p);
            else if (reader.ValueTextEquals("abstract_inverted_index"u8)) @abstract = ReadInvertedAbstract(ref reader);
            else { reader.Read(); reader.Skip(); }
        }

        id ??= idsOpenAlex;
        if (string.IsNullOrEmpty(id))
            throw new FormatException("field 'id': missing; every OpenAlex work has an id such as https://openalex.org/W2741809807");

        DateOnly? date = null;
        if (dateText is not null)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", out var parsed))
                throw new FormatException($"field 'publication_date': '{dateText}' is not a date (yyyy-mm-dd)");
            date = parsed;
        }
        year ??= date?.Year;

        return new Work(id, doi, title ?? displayName, @abstract, year, date, venue, type,
            authorships, references, subjects, origin)
        { InstitutionAssertions = assertions };
    }

    private static Authorship? ReadAuthorship(ref Utf8JsonReader reader, string at, Problems p)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) { p.WrongType(at, "an object", reader); reader.Skip(); return null; }
        string? name = null, authorId = null, orcid = null, position = null, rawAuthorName = null;
        var raw = new List<string>();
        var institutions = new List<AssertedInstitution>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("author_position"u8)) position = ReadString(ref reader, at + ".author_position", p);
            else if (reader.ValueTextEquals("raw_author_name"u8)) rawAuthorName = ReadString(ref reader, at + ".raw_author_name", p);
            else if (reader.ValueTextEquals("author"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("id"u8)) authorId = ReadString(ref reader, at + ".author.id", p);
                        else if (reader.ValueTextEquals("display_name"u8)) name = ReadString(ref reader, at + ".author.display_name", p);
                        else if (reader.ValueTextEquals("orcid"u8)) orcid = ReadString(ref reader, at + ".author.orcid", p);
                        else { reader.Read(); reader.Skip(); }
                    }
                }
                else
                {
                    if (reader.TokenType != JsonTokenType.Null) p.WrongType(at + ".author", "an object", reader);
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("institutions"u8)) ReadArray(ref reader, institutions, ReadInstitution, at + ".institutions", p);
            // 2022 schema: one string; current schema: an array, and `affiliations[].raw_affiliation_string`.
            else if (reader.ValueTextEquals("raw_affiliation_string"u8)) AddDistinct(raw, ReadString(ref reader, at + ".raw_affiliation_string", p));
            else if (reader.ValueTextEquals("raw_affiliation_strings"u8)) ReadStringArray(ref reader, raw, at + ".raw_affiliation_strings", p, distinct: true);
            else if (reader.ValueTextEquals("affiliations"u8)) ReadAffiliations(ref reader, raw, at + ".affiliations", p);
            else { reader.Read(); reader.Skip(); }
        }
        return new Authorship(name ?? rawAuthorName, authorId, orcid, position, raw, institutions);
    }

    private static void ReadAffiliations(ref Utf8JsonReader reader, List<string> raw, string field, Problems p)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) { p.WrongType(field, "an array", reader); reader.Skip(); return; }
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = $"{field}[{index++}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                if (reader.TokenType != JsonTokenType.Null) p.WrongType(at, "an object", reader);
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("raw_affiliation_string"u8)) AddDistinct(raw, ReadString(ref reader, at + ".raw_affiliation_string", p));
                else { reader.Read(); reader.Skip(); }
            }
        }
    }

    private static AssertedInstitution? ReadInstitution(ref Utf8JsonReader reader, string at, Problems p)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) { p.WrongType(at, "an object", reader); reader.Skip(); return null; }
        string? id = null, ror = null, name = null, country = null, type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) id = ReadString(ref reader, at + ".id", p);
            else if (reader.ValueTextEquals("ror"u8)) ror = ReadString(ref reader, at + ".ror", p);
            else if (reader.ValueTextEquals("display_name"u8)) name = ReadString(ref reader, at + ".display_name", p);
            else if (reader.ValueTextEquals("country_code"u8)) country = ReadString(ref reader, at + ".country_code", p);
            else if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader, at + ".type", p);
            else { reader.Read(); reader.Skip(); }
        }
        // The 2022 schema puts unmatched raw strings here with no id and no ROR: that is not an assertion of
        // an institution (the string itself is kept in RawAffiliations).
        if (id is null && ror is null) return null;
        return new AssertedInstitution(id, ror, name, country, type);
    }

    private static void ReadSubjects(ref Utf8JsonReader reader, SubjectKind kind, List<SubjectTerm> into, string field, Problems p)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) { p.WrongType(field, "an array", reader); reader.Skip(); return; }
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = $"{field}[{index++}]";
            if (reader.TokenType == JsonTokenType.String) // keywords as plain strings (exports)
            {
                var text = reader.GetString();
                if (!string.IsNullOrWhiteSpace(text)) into.Add(new SubjectTerm(kind, text));
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                if (reader.TokenType != JsonTokenType.Null) p.WrongType(at, "an object or a string", reader);
                reader.Skip();
                continue;
            }
            string? id = null, name = null;
            double? score = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8)) id = ReadString(ref reader, at + ".id", p);
                // current keywords use display_name; the 2023 keywords used `keyword`.
                else if (reader.ValueTextEquals("display_name"u8) || reader.ValueTextEquals("keyword"u8)) name = ReadString(ref reader, at + ".display_name", p);
                else if (reader.ValueTextEquals("score"u8)) score = ReadScore(ref reader, at + ".score", p);
                else { reader.Read(); reader.Skip(); }
            }
            if (!string.IsNullOrWhiteSpace(name)) into.Add(new SubjectTerm(kind, name, id, score));
        }
    }

    /// <summary>Rebuilds the abstract from OpenAlex's inverted index {word: [positions]}.</summary>
    private static string? ReadInvertedAbstract(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException("field 'abstract_inverted_index': expected an object of word -> positions");
        var slots = new List<(int Position, string Word)>(256);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var word = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new FormatException($"field 'abstract_inverted_index': positions of '{word}' are not an array");
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                slots.Add((reader.GetInt32(), word));
            if (reader.TokenType != JsonTokenType.EndArray)
                throw new FormatException($"field 'abstract_inverted_index': a position of '{word}' is not a number");
        }
        if (slots.Count == 0) return null;
        slots.Sort(static (a, b) => a.Position.CompareTo(b.Position));
        var length = slots.Count - 1;
        foreach (var slot in slots) length += slot.Word.Length;
        return string.Create(length, slots, static (span, words) =>
        {
            var at = 0;
            for (var i = 0; i < words.Count; i++)
            {
                if (i > 0) span[at++] = ' ';
                words[i].Word.AsSpan().CopyTo(span[at..]);
                at += words[i].Word.Length;
            }
        });
    }

    private static string? ReadPrimaryLocationSource(ref Utf8JsonReader reader, Problems p)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (reader.TokenType != JsonTokenType.Null) p.WrongType("primary_location", "an object", reader);
            reader.Skip();
            return null;
        }
        string? venue = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("source"u8)) venue = ReadNestedString(ref reader, "display_name"u8, "primary_location.source", p);
            else { reader.Read(); reader.Skip(); }
        }
        return venue;
    }

    /// <summary>Reads `{ ..., "name": "value", ... }` (or null) and returns that one string property.</summary>
    private static string? ReadNestedString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string field, Problems p)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (reader.TokenType != JsonTokenType.Null) p.WrongType(field, "an object", reader);
            reader.Skip();
            return null;
        }
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name)) value = ReadString(ref reader, field + "." + System.Text.Encoding.UTF8.GetString(name), p);
            else { reader.Read(); reader.Skip(); }
        }
        return value;
    }

    private delegate T? ItemReader<T>(ref Utf8JsonReader reader, string at, Problems p) where T : class;

    private static void ReadArray<T>(ref Utf8JsonReader reader, List<T> into, ItemReader<T> item, string field, Problems p) where T : class
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) { p.WrongType(field, "an array", reader); reader.Skip(); return; }
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var value = item(ref reader, $"{field}[{index++}]", p);
            if (value is not null) into.Add(value);
        }
    }

    private static void ReadStringArray(ref Utf8JsonReader reader, List<string> into, string field, Problems p, bool distinct = false)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) { p.WrongType(field, "an array", reader); reader.Skip(); return; }
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index++;
            if (reader.TokenType != JsonTokenType.String)
            {
                if (reader.TokenType != JsonTokenType.Null) p.WrongType($"{field}[{index - 1}]", "a string", reader);
                reader.Skip();
                continue;
            }
            var value = reader.GetString()!;
            if (distinct) AddDistinct(into, value); else into.Add(value);
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field, Problems p)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Null: return null;
            case JsonTokenType.Number: return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                p.WrongType(field, "a string", reader);
                reader.Skip();
                return null;
        }
    }

    private static int? ReadInt(ref Utf8JsonReader reader, string field, Problems p)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)) return value;
        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), out value)) return value;
        if (reader.TokenType == JsonTokenType.String) p.Add($"field '{field}': expected a whole number, got {Describe(reader)}; the field was left out, the rest of the record kept");
        else p.WrongType(field, "a whole number", reader);
        reader.Skip();
        return null;
    }

    /// <summary>A concept/topic score: a number from 0 to 1 (a numeric string is accepted).</summary>
    private static double? ReadScore(ref Utf8JsonReader reader, string field, Problems p)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)) return value;
        if (reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return value;
        p.WrongType(field, "a number", reader);
        reader.Skip();
        return null;
    }

    private static void AddDistinct(List<string> into, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        foreach (var existing in into) if (existing == value) return;
        into.Add(value);
    }

    private static string Describe(Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.None => "nothing",
        JsonTokenType.String => $"string '{reader.GetString()}'",
        _ => reader.TokenType.ToString(),
    };

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
