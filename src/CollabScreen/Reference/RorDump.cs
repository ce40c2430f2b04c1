using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CollabScreen.Reference;

/// <summary>A ROR record that could not be read: which file, which line (or array position), which field, why.</summary>
public sealed record RorReadError(string File, long Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: field '{Field}': {Message}";
}

/// <summary>What a dump read produced: records read and records skipped (each with its error).</summary>
public sealed class RorReadReport
{
    private readonly List<RorReadError> _errors = [];
    public long Records { get; internal set; }
    public long V1 { get; internal set; }
    public long V2 { get; internal set; }
    public IReadOnlyList<RorReadError> Errors => _errors;
    internal void Add(RorReadError error) => _errors.Add(error);
}

/// <summary>
/// Streams organisations out of a ROR data dump: schema v1 or v2 (mixed freely), as a JSON array (.json),
/// JSON lines (.jsonl, .jsonl.gz, .json.gz) or a .zip holding either. A record that is not valid JSON or has an
/// unknown schema is reported (file, line, field) and skipped; the rest is read.
/// </summary>
public static class RorDump
{
    public static IEnumerable<Institution> Read(string path, RorReadReport report)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ROR dump not found: {path}", path);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = ZipFile.OpenRead(path);
            var entries = zip.Entries.Where(e => IsDumpName(e.FullName)).ToList();
            if (entries.Count == 0)
                throw new InvalidDataException($"{path}: the zip holds no .json or .jsonl file; expected a ROR data dump (e.g. v1.63-2025-04-03-ror-data.zip)");
            // ROR zips hold the same records in several layouts (v1 json, v2 json, csv); read the newest schema only.
            var entry = entries.OrderByDescending(e => e.FullName.Contains("schema_v2", StringComparison.OrdinalIgnoreCase))
                               .ThenByDescending(e => e.Length).First();
            using var stream = entry.Open();
            foreach (var i in ReadStream(stream, $"{path}!{entry.FullName}", entry.FullName, report)) yield return i;
            yield break;
        }
        using var file = File.OpenRead(path);
        if (file.Length == 0)
        {
            report.Add(new RorReadError(path, 0, "(file)", "the file is empty"));
            yield break;
        }
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var expected = gzip ? CollabScreen.Sources.OpenAlexFiles.GzipTrailerSize(file) : 0;
        using var counted = new CollabScreen.Sources.OpenAlexFiles.SizeCountingStream(
            gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file);
        var before = report.Errors.Count;
        long records = 0;
        foreach (var i in ReadStream(counted, path, path, report, decompress: false)) { records++; yield return i; }
        // A cut gzip decompresses silently up to the cut; the trailer's size tells (see OpenAlexFiles).
        if (gzip && counted.Completed && (uint)counted.Total != expected && report.Errors.Skip(before).Any(e => e.Message.StartsWith("not valid JSON", StringComparison.Ordinal)))
            report.Add(new RorReadError(path, 0, "(file)",
                $"gzip data ends early: the file looks truncated after {records:N0} record(s); every complete record before the cut was kept. Download the dump again."));
    }

    private static bool IsDumpName(string name) =>
        name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<Institution> ReadStream(Stream raw, string display, string name, RorReadReport report, bool decompress = true)
    {
        Stream stream = decompress && name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        stream = CollabScreen.Sources.TextEncoding.AsUtf8(stream, out var utf16);
        if (utf16 is not null) report.Add(new RorReadError(display, 0, "(file)", $"the file is {utf16}, not UTF-8: decoded it; save it as UTF-8 to silence this"));
        var buffered = new BufferedStream(stream, 1 << 16);
        // Sniff the first non-blank byte: '[' is a JSON array, '{' JSON lines.
        int first;
        while ((first = buffered.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF) { }
        if (first < 0)
        {
            report.Add(new RorReadError(display, 0, "(file)", "no records: the data is empty or only whitespace"));
            yield break;
        }
        var rest = new CollabScreen.Sources.TextEncoding.PrefixedStream(new[] { (byte)first }, buffered);
        var records = first == '[' ? ArrayRecords(rest, display) : LineRecords(rest);
        foreach (var (line, bytes) in records)
        {
            Institution? institution = null;
            if (CollabScreen.Sources.Utf8Text.Problem(bytes.Span) is { } encoding)
            {
                report.Add(new RorReadError(display, line, "(record)", encoding));
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                institution = RorRecord.Map(doc.RootElement, out var v2);
                if (v2) report.V2++; else report.V1++;
            }
            catch (JsonException e) { report.Add(new RorReadError(display, line, "(record)", $"not valid JSON: {e.Message}")); }
            catch (RorSchemaException e) { report.Add(new RorReadError(display, line, e.Field, e.Message)); }
            if (institution is null) continue;
            report.Records++;
            yield return institution;
        }
    }

    /// <summary>JSON lines: (line number, bytes) per non-blank line.</summary>
    private static IEnumerable<(long, ReadOnlyMemory<byte>)> LineRecords(Stream stream)
    {
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long number = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                line.Write(buffer, start, i - start);
                start = i + 1;
                number++;
                if (!IsBlank(line)) yield return (number, line.ToArray());
                line.SetLength(0);
            }
            line.Write(buffer, start, read - start);
        }
        number++;
        if (!IsBlank(line)) yield return (number, line.ToArray());
    }

    private static bool IsBlank(MemoryStream s)
    {
        var span = s.GetBuffer().AsSpan(0, (int)s.Length);
        foreach (var b in span) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>A JSON array read element by element (bounded memory); "line" is the line where the element starts.</summary>
    private static IEnumerable<(long, ReadOnlyMemory<byte>)> ArrayRecords(Stream stream, string display)
    {
        // Split top-level array elements by tracking depth and strings; counts newlines for error positions.
        var buffer = new byte[1 << 16];
        var element = new MemoryStream();
        int depth = 0; bool inString = false, escape = false;
        long lineNo = 1, elementLine = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n') lineNo++;
                if (depth >= 2) element.WriteByte(b);
                if (inString)
                {
                    if (escape) escape = false;
                    else if (b == (byte)'\\') escape = true;
                    else if (b == (byte)'"') inString = false;
                    continue;
                }
                switch (b)
                {
                    case (byte)'"': inString = true; break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        if (depth == 2) { element.SetLength(0); element.WriteByte(b); elementLine = lineNo; }
                        break;
                    case (byte)'}' or (byte)']':
                        depth--;
                        if (depth == 1) { yield return (elementLine, element.ToArray()); element.SetLength(0); }
                        break;
                }
            }
        }
        if (depth != 0) throw new InvalidDataException($"{display}: the JSON array is cut short (line {lineNo}); download the dump again");
    }
}

internal sealed class RorSchemaException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Maps one ROR record (v1: name/aliases/acronyms/labels/country; v2: names[]/locations[]) to an Institution.</summary>
internal static class RorRecord
{
    public static Institution Map(JsonElement r, out bool v2)
    {
        if (r.ValueKind != JsonValueKind.Object) throw new RorSchemaException("(record)", $"expected a JSON object, found {r.ValueKind}");
        var id = Str(r, "id") ?? throw new RorSchemaException("id", "missing ROR id (expected \"id\": \"https://ror.org/...\")");
        if (!id.StartsWith("https://ror.org/", StringComparison.Ordinal))
            throw new RorSchemaException("id", $"'{id}' is not a ROR id (expected https://ror.org/0xxxxxx)");
        var status = (Str(r, "status") ?? "active").ToLowerInvariant();
        var types = StrArray(r, "types").Select(t => t.ToLowerInvariant()).ToArray();
        var links = new List<InstitutionLink>();
        if (r.TryGetProperty("relationships", out var rels) && rels.ValueKind == JsonValueKind.Array)
            foreach (var rel in rels.EnumerateArray())
                if (Str(rel, "id") is { } rid && Str(rel, "type") is { } type)
                    links.Add(new InstitutionLink(type.ToLowerInvariant(), rid, Str(rel, "label")));

        if (r.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            v2 = true;
            string? display = null;
            var list = new List<InstitutionName>();
            foreach (var n in names.EnumerateArray())
            {
                var value = Str(n, "value");
                if (string.IsNullOrWhiteSpace(value)) continue;
                var lang = Str(n, "lang");
                var ntypes = StrArray(n, "types");
                if (ntypes.Contains("ror_display")) { display = value; list.Add(new InstitutionName(value, NameKind.Display, lang)); }
                else if (ntypes.Contains("acronym")) list.Add(new InstitutionName(value, NameKind.Acronym, lang));
                else if (ntypes.Contains("alias")) list.Add(new InstitutionName(value, NameKind.Alias, lang));
                else list.Add(new InstitutionName(value, NameKind.Label, lang));
            }
            if (display is null) throw new RorSchemaException("names", "no name with type \"ror_display\"");
            string? country = null, countryName = null, city = null, region = null;
            if (r.TryGetProperty("locations", out var locs) && locs.ValueKind == JsonValueKind.Array)
                foreach (var loc in locs.EnumerateArray())
                {
                    if (!loc.TryGetProperty("geonames_details", out var g) || g.ValueKind != JsonValueKind.Object) continue;
                    country = Str(g, "country_code"); countryName = Str(g, "country_name");
                    city = Str(g, "name"); region = Str(g, "country_subdivision_name");
                    break;
                }
            return new Institution(id, display, list, country, city, types, status, links)
                { CountryName = countryName, Region = region };
        }
        if (r.TryGetProperty("name", out var nameEl) && nameEl.ValueKind == JsonValueKind.String)
        {
            v2 = false;
            var display = nameEl.GetString()!;
            var list = new List<InstitutionName> { new(display, NameKind.Display, null) };
            foreach (var a in StrArray(r, "aliases")) list.Add(new InstitutionName(a, NameKind.Alias));
            foreach (var a in StrArray(r, "acronyms")) list.Add(new InstitutionName(a, NameKind.Acronym));
            if (r.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
                foreach (var l in labels.EnumerateArray())
                    if (Str(l, "label") is { Length: > 0 } label) list.Add(new InstitutionName(label, NameKind.Label, Str(l, "iso639")));
            string? country = null, countryName = null, city = null, region = null;
            if (r.TryGetProperty("country", out var c) && c.ValueKind == JsonValueKind.Object)
            { country = Str(c, "country_code"); countryName = Str(c, "country_name"); }
            if (r.TryGetProperty("addresses", out var addrs) && addrs.ValueKind == JsonValueKind.Array)
                foreach (var a in addrs.EnumerateArray())
                {
                    city = Str(a, "city");
                    if (a.TryGetProperty("geonames_city", out var gc) && gc.ValueKind == JsonValueKind.Object)
                    {
                        city ??= Str(gc, "city");
                        if (gc.TryGetProperty("geonames_admin1", out var a1) && a1.ValueKind == JsonValueKind.Object) region = Str(a1, "name");
                    }
                    break;
                }
            return new Institution(id, display, list, country, city, types, status, links)
                { CountryName = countryName, Region = region };
        }
        v2 = false;
        throw new RorSchemaException(r.TryGetProperty("names", out _) ? "names" : "name",
            "unknown ROR schema: expected v2 \"names\": [...] or v1 \"name\": \"...\"; is this a ROR data dump record?");
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string[] StrArray(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return [];
        var list = new List<string>(v.GetArrayLength());
        foreach (var x in v.EnumerateArray()) if (x.ValueKind == JsonValueKind.String && x.GetString() is { Length: > 0 } s) list.Add(s);
        return list.ToArray();
    }
}
