using System.IO.Compression;
using System.Text;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>Which CSV columns hold the id, title and abstract (header names, case-insensitive).</summary>
public sealed record CsvColumns(string Id = "id", string Title = "title", string Abstract = "abstract");

/// <summary>
/// Reads works from a CSV file with a header row (RFC 4180: quoted fields may hold commas, doubled quotes
/// and line breaks; .csv.gz is decompressed). Optional columns doi, year, venue and keywords (';'-separated)
/// are picked up when present. A bad row is counted in the report (file, line, field, what to fix) and
/// skipped; the run continues.
/// </summary>
public static class CsvWorkReader
{
    public static IEnumerable<Work> Read(string path, CsvColumns columns, ReadReport report)
    {
        report.CountFile();
        using var stream = File.OpenRead(path);
        Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var work in Read(reader, path, columns, report)) yield return work;
    }

    public static IEnumerable<Work> Read(TextReader reader, string source, CsvColumns columns, ReadReport report)
    {
        using var rows = CsvRows.Read(reader, source, report).GetEnumerator();
        if (!rows.MoveNext()) yield break; // empty file: no works
        var header = rows.Current.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        int Find(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var columnList = string.Join(", ", header);
        var id = Find(columns.Id);
        if (id < 0) throw new InvalidDataException($"{source}:1: the header has no id column '{columns.Id}' (columns: {columnList}); name it with --id-column");
        var title = Find(columns.Title);
        if (title < 0) throw new InvalidDataException($"{source}:1: the header has no title column '{columns.Title}' (columns: {columnList}); name it with --title-column");
        var abstractColumn = Find(columns.Abstract);
        if (abstractColumn < 0)
            report.Warn(new ReadError(source, 1, $"the header has no abstract column '{columns.Abstract}' (columns: {columnList}); using titles only; name it with --abstract-column"));
        int doi = Find("doi"), year = Find("year"), venue = Find("venue"), keywords = Find("keywords");

        while (rows.MoveNext())
        {
            var row = rows.Current;
            var f = row.Fields;
            if (f.Count == 1 && f[0].Length == 0) continue; // blank line
            if (f.Count != header.Length)
            {
                report.Skip(new ReadError(source, row.Line,
                    $"expected {header.Length} fields as in the header, found {f.Count}; check for an unquoted comma or a stray quote in this row"));
                continue;
            }
            var workId = f[id].Trim();
            if (workId.Length == 0)
            {
                report.Skip(new ReadError(source, row.Line, $"field '{header[id]}' is empty; every row needs an id"));
                continue;
            }
            int? workYear = null;
            if (year >= 0 && int.TryParse(f[year].Trim(), out var y)) workYear = y;
            var subjects = keywords >= 0
                ? f[keywords].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(k => new SubjectTerm(SubjectKind.Keyword, k)).ToArray()
                : [];
            report.CountRead();
            yield return new Work(
                workId,
                doi >= 0 ? NullIfEmpty(f[doi]) : null,
                NullIfEmpty(f[title]),
                abstractColumn >= 0 ? NullIfEmpty(f[abstractColumn]) : null,
                workYear, null,
                venue >= 0 ? NullIfEmpty(f[venue]) : null,
                null, [], [], subjects,
                new Origin(source, row.Line));
        }
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>One CSV record: its fields and the line it starts on.</summary>
public sealed record CsvRow(long Line, IReadOnlyList<string> Fields);

/// <summary>A small streaming RFC 4180 reader that keeps line numbers for error messages.</summary>
public static class CsvRows
{
    public static IEnumerable<CsvRow> Read(TextReader reader, string source, ReadReport report)
    {
        var buffer = new char[1 << 16];
        int length = 0, pos = 0;
        bool Fill()
        {
            length = reader.Read(buffer, 0, buffer.Length);
            pos = 0;
            return length > 0;
        }
        int Peek() => pos < length || Fill() ? buffer[pos] : -1;

        long line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            if (Peek() < 0) yield break;
            var rowLine = line;
            string? problem = null;
            fields.Clear();
            var endOfRow = false;
            while (!endOfRow)
            {
                field.Clear();
                var c = Peek();
                if (c == '"')
                {
                    pos++;
                    var quoteLine = line;
                    var closed = false;
                    while ((c = Peek()) >= 0)
                    {
                        pos++;
                        if (c == '"')
                        {
                            if (Peek() == '"') { pos++; field.Append('"'); continue; }
                            closed = true;
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append((char)c);
                    }
                    if (!closed)
                    {
                        report.Skip(new ReadError(source, quoteLine, $"field {fields.Count + 1}: quoted field is never closed (the file ends inside it); check for a missing closing quote"));
                        yield break;
                    }
                    // After the closing quote only a separator or the end of the line may follow.
                    while ((c = Peek()) >= 0 && c != ',' && c != '\n' && c != '\r')
                    {
                        problem ??= $"unexpected text after a closing quote in field {fields.Count + 1}; double quotes inside a quoted field must be written \"\"";
                        field.Append((char)c);
                        pos++;
                    }
                }
                else
                {
                    while ((c = Peek()) >= 0 && c != ',' && c != '\n' && c != '\r')
                    {
                        field.Append((char)c);
                        pos++;
                    }
                }
                fields.Add(field.ToString());
                c = Peek();
                if (c == ',') { pos++; continue; }
                if (c == '\r') { pos++; if (Peek() == '\n') pos++; line++; }
                else if (c == '\n') { pos++; line++; }
                endOfRow = true;
            }
            if (problem is not null)
            {
                report.Skip(new ReadError(source, rowLine, problem));
                continue;
            }
            yield return new CsvRow(rowLine, fields.ToArray());
        }
    }
}
