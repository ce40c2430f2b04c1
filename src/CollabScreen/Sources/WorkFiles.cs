using System.IO.Compression;
using System.Text;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>The formats <see cref="WorkFiles"/> tells apart by content.</summary>
public enum WorkFileFormat { OpenAlex, WosTagged, WosTabbed, Scopus, Csv }

/// <summary>
/// One entry point for every input file: OpenAlex JSON (Lines), Web of Science exports (tagged plain text or
/// tab-delimited), Scopus CSV exports and plain CSV. The format is detected from each file's content (after a
/// byte-order mark and gzip), not its name, so a renamed export still reads.
/// </summary>
public static class WorkFiles
{
    /// <summary>Files as given; directories expand to OpenAlex files plus .txt/.csv/.tsv exports, in a stable order.</summary>
    /// <exception cref="FileNotFoundException">A path does not exist; the message names it.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) { files.Add(path); continue; }
            if (!Directory.Exists(path))
                throw new FileNotFoundException($"input not found: {path} (give OpenAlex .jsonl/.jsonl.gz/.json files or a snapshot directory, Web of Science or Scopus exports, or a CSV file)", path);
            var exports = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsExportFile);
            var found = OpenAlexFiles.ExpandPaths([path]).Concat(exports).Distinct().Order(StringComparer.Ordinal).ToList();
            // An empty directory is almost always a wrong path: screening it would report "0 works" and succeed.
            if (found.Count == 0)
                throw new FileNotFoundException($"input {path}: no works files in this directory (looked for .jsonl, .jsonl.gz, .json, .gz, .txt, .csv, .tsv, recursively)", path);
            files.AddRange(found);
        }
        return files;
    }

    private static bool IsExportFile(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads works from every file (directories expanded); plain CSV uses <paramref name="csvColumns"/> (default id/title/abstract).</summary>
    public static IEnumerable<Work> Read(IEnumerable<string> paths, ReadReport report, CsvColumns? csvColumns = null)
    {
        foreach (var file in ExpandPaths(paths))
            foreach (var work in ReadFile(file, report, csvColumns))
                yield return RecordLimits.Enforce(work, report);
    }

    public static IEnumerable<Work> ReadFile(string path, ReadReport report, CsvColumns? csvColumns = null)
    {
        WorkFileFormat format;
        try { format = Detect(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            report.CountFile();
            // .NET words corrupt deflate data as "unsupported compression method": say what it is.
            var reason = e is InvalidDataException ? "the gzip data is corrupt near its start and cannot be decompressed; download the file again" : e.Message;
            report.Error(new ReadError(path, 0, $"cannot read: {reason}"));
            return [];
        }
        if (format == WorkFileFormat.OpenAlex && NotWorks(path) is { } why)
        {
            report.CountFile();
            report.Error(new ReadError(path, 1, why));
            return [];
        }
        return format switch
        {
            WorkFileFormat.OpenAlex => OpenAlexFiles.ReadFile(path, report),
            WorkFileFormat.Csv => CsvWorkReader.Read(path, csvColumns ?? new CsvColumns(), report),
            _ => ReadExport(path, format, report),
        };
    }

    private static IEnumerable<Work> ReadExport(string path, WorkFileFormat format, ReadReport report)
    {
        report.CountFile();
        using var reader = OpenText(path);
        var works = format switch
        {
            WorkFileFormat.WosTagged => WosExport.ReadTagged(reader, path, report),
            WorkFileFormat.WosTabbed => WosExport.ReadTabbed(reader, path, report),
            _ => ScopusExport.Read(reader, path, report),
        };
        foreach (var work in works) yield return work;
        report.CountBytes(new FileInfo(path).Length);
    }

    // Fields of which every work record has at least one (OpenAlex, both schemas; "results" for an API page). Not doi
    // or year: the dataset registry has those too.
    private static readonly string[] WorkFields = ["title", "display_name", "authorships", "results"];

    /// <summary>
    /// Why a JSON Lines file is not works, judged by its first record: a record with none of a work's fields (the
    /// dataset registry, a ROR dump, a findings file) would otherwise be read as that many empty works.
    /// </summary>
    public static string? NotWorks(string path)
    {
        string? line;
        try
        {
            using var reader = OpenText(path);
            do line = reader.ReadLine(); while (line is not null && line.Trim().Length == 0);
        }
        catch (Exception e) when (e is IOException or InvalidDataException) { return null; } // the reader reports it
        var trimmed = line?.TrimStart('\uFEFF', ' ', '\t');
        if (trimmed is null || !trimmed.StartsWith('{')) return null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(trimmed);
            var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            if (names.Any(n => WorkFields.Contains(n))) return null;
            var kind = names.Contains("aliases") && names.Contains("status") ? " (it looks like the dataset registry, data/datasets/datasets.jsonl)"
                : names.Contains("work") && names.Contains("severity") ? " (it looks like screen's findings output)"
                : names.Contains("names") || names.Contains("types") && names.Contains("locations") ? " (it looks like a ROR data dump: give it as --registry)"
                : "";
            return $"not a works file{kind}: its first record has none of {string.Join(", ", WorkFields.Take(3))} " +
                   $"(fields: {string.Join(", ", names.Take(8))}); give OpenAlex works, a snapshot directory, or a Web of Science / Scopus export";
        }
        catch (System.Text.Json.JsonException) { return null; } // a broken first line is the reader's to report
    }

    /// <summary>Detects the format from the first line of text (after BOM and gzip).</summary>
    public static WorkFileFormat Detect(string path)
    {
        using var reader = OpenText(path);
        var buffer = new char[8192];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, n).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{') || text.StartsWith('[') && !text.StartsWith("[No", StringComparison.Ordinal)) return WorkFileFormat.OpenAlex;
        if (text.StartsWith("FN ", StringComparison.Ordinal) || text.StartsWith("PT ", StringComparison.Ordinal) && text.Contains("\nER", StringComparison.Ordinal))
            return WorkFileFormat.WosTagged;
        var end = text.IndexOfAny(['\r', '\n']);
        var first = end < 0 ? text : text[..end];
        if (first.Contains('\t'))
        {
            var tags = first.Split('\t').Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
            if (tags.Contains("PT") && tags.Contains("UT")) return WorkFileFormat.WosTabbed;
        }
        var columns = first.Split(',').Select(c => c.Trim().Trim('"').Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (columns.Contains("EID") || columns.Contains("Source title") || columns.Contains("Authors with affiliations")) return WorkFileFormat.Scopus;
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || columns.Count > 1)
            return WorkFileFormat.Csv;
        return WorkFileFormat.OpenAlex; // let the OpenAlex reader report what it cannot read
    }

    /// <summary>Decoded text of a file: gzip by its magic bytes, UTF-8 or UTF-16 by the byte-order mark.</summary>
    private static StreamReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        stream = TextEncoding.AsUtf8(stream, out _); // UTF-16 with or without BOM
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }
}
