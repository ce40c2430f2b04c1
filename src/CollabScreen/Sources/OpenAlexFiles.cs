using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Streams works from OpenAlex files: JSON Lines (`.jsonl`, `.jsonl.gz`, snapshot `part_*.gz`), JSON
/// (`.json`: an API response page with `results`, or an array of works), and snapshot directories
/// (searched recursively). Memory stays bounded by the longest line. A bad line is reported in the
/// <see cref="ReadReport"/> (file, line, reason) and skipped; the run goes on.
/// </summary>
public static class OpenAlexFiles
{
    /// <summary>If this many lines at the start of a file fail and none succeeds, the file is not OpenAlex JSON: stop reading it.</summary>
    private const int GiveUpAfter = 5;

    /// <summary>Expands files and directories into the files to read, in a stable order.</summary>
    /// <exception cref="FileNotFoundException">A path does not exist; the message names it.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) { files.Add(path); continue; }
            if (!Directory.Exists(path))
                throw new FileNotFoundException($"input not found: {path} (give an OpenAlex .jsonl, .jsonl.gz or .json file, or a snapshot directory)", path);
            var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(IsWorksFile)
                .Order(StringComparer.Ordinal)
                .ToList();
            files.AddRange(found);
        }
        return files;
    }

    private static bool IsWorksFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith('.') || name.Equals("manifest", StringComparison.OrdinalIgnoreCase)) return false;
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    public static IEnumerable<Work> Read(IEnumerable<string> paths, ReadReport report)
    {
        foreach (var file in ExpandPaths(paths))
            foreach (var work in ReadFile(file, report))
                yield return work;
    }

    public static IEnumerable<Work> ReadFile(string path, ReadReport report)
    {
        report.CountFile();
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Error(new ReadError(path, 0, $"cannot open: {e.Message}"));
            yield break;
        }
        using (file)
        {
            var length = file.Length;
            if (length == 0)
            {
                report.Warn(new ReadError(path, 0, "file is empty: no works"));
                yield break;
            }
            var gzip = IsGzip(file);
            var expectedSize = gzip ? GzipTrailerSize(file) : 0;
            using var gz = gzip ? new GzipInput(file, path) : null;
            using var decompressed = new SizeCountingStream(gz ?? (Stream)file);
            var name = gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
            var ending = new Ending();
            var text = TextEncoding.AsUtf8(decompressed, out var utf16);
            if (utf16 is not null) report.Warn(new ReadError(path, 0, $"the file is {utf16}, not UTF-8: decoded it"));
            var works = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? ReadDocument(text, path, report, ending)
                : ReadLines(text, path, report, ending);
            long records = 0;
            foreach (var work in works) { records++; yield return work; }
            report.CountBytes(length);
            if (gz is { ChecksumFailed: true })
                report.Error(new ReadError(path, 0,
                    $"gzip checksum mismatch: the data decompressed completely ({decompressed.Total:N0} bytes, {records:N0} record(s) read) but does not match the file's CRC/size trailer, so it may be damaged; every record was kept. Download the file again."));
            // A cut gzip decompresses silently up to the cut. The trailer's size tells: for a single-member file
            // it equals the decompressed size. A concatenated (multi-member) file only records its last member's
            // size, so a mismatch alone is not proof: we call it truncated when the data also ended mid-record.
            // The "trailer" of a cut file is whatever bytes sit at the cut, so its value is not quoted.
            else if (gzip && decompressed.Completed && (uint)decompressed.Total != expectedSize && !ending.Clean)
                report.Error(new ReadError(path, 0,
                    $"gzip data ends early: the file looks truncated after {decompressed.Total:N0} decompressed bytes ({records:N0} complete record(s)); every complete record before the cut was kept. Download the file again."));
        }
    }

    /// <summary>Whether the data ended on a complete record (set when reading finishes).</summary>
    private sealed class Ending { public bool Clean; }

    private static IEnumerable<Work> ReadLines(Stream stream, string path, ReadReport report, Ending ending)
    {
        var lines = new LineReader(stream);
        long good = 0, bad = 0;
        var cutShort = false;
        var fieldProblems = new List<string>();
        while (true)
        {
            ReadOnlyMemory<byte> line;
            Work? work = null;
            string? failure = null;
            try
            {
                if (!lines.TryReadLine(out line))
                {
                    ending.Clean = !cutShort;
                    if (good == 0 && bad == 0)
                        report.Warn(new ReadError(path, 0, lines.LineNumber == 0 ? "no data: the file decompresses to nothing, so it has no works" : "the file holds only whitespace: no works"));
                    break;
                }
                var span = TrimBom(line.Span, lines.LineNumber).Trim(" \t"u8);
                if (span.IsEmpty) continue;
                fieldProblems.Clear();
                work = OpenAlexWorkParser.Parse(span, new Origin(path, lines.LineNumber), fieldProblems);
            }
            catch (FormatException e)
            {
                cutShort = lines.LastLineUnterminated;
                failure = lines.LastLineUnterminated
                    ? $"incomplete last line (file cut short?): {e.Message}"
                    : e.Message;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                report.Error(new ReadError(path, lines.LineNumber, $"cannot read on: {e.Message}; records before this point were kept"));
                yield break;
            }
            if (work is not null)
            {
                foreach (var problem in fieldProblems) report.Error(new ReadError(path, lines.LineNumber, problem));
                good++;
                report.CountRead();
                yield return work;
                continue;
            }
            bad++;
            report.Skip(new ReadError(path, lines.LineNumber, failure!));
            if (good == 0 && bad >= GiveUpAfter)
            {
                report.Error(new ReadError(path, 0,
                    $"not OpenAlex JSON Lines: the first {bad} lines could not be read as works; skipped the rest of the file"));
                yield break;
            }
        }
    }

    private static IEnumerable<Work> ReadDocument(Stream stream, string path, ReadReport report, Ending ending)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            report.Error(new ReadError(path, (e.LineNumber ?? -1) + 1, $"not valid JSON: {e.Message}"));
            yield break;
        }
        using (document)
        {
            var root = document.RootElement;
            JsonElement items;
            if (root.ValueKind == JsonValueKind.Array) items = root;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array) items = results;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _)) items = default;
            else
            {
                report.Error(new ReadError(path, 0, "JSON file is neither an OpenAlex API page (with 'results'), an array of works, nor one work"));
                yield break;
            }
            ending.Clean = true;
            var elements = items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList() : [root];
            var fieldProblems = new List<string>();
            for (var i = 0; i < elements.Count; i++)
            {
                Work? work = null;
                string? failure = null;
                fieldProblems.Clear();
                // For JSON documents the "line" of an origin is the record's 1-based position in the array.
                try { work = OpenAlexWorkParser.Parse(JsonMarshal.GetRawUtf8Value(elements[i]), new Origin(path, i + 1), fieldProblems); }
                catch (FormatException e) { failure = $"record {i + 1}: {e.Message}"; }
                if (work is null) { report.Skip(new ReadError(path, i + 1, failure!)); continue; }
                foreach (var problem in fieldProblems) report.Error(new ReadError(path, i + 1, $"record {i + 1}: {problem}"));
                report.CountRead();
                yield return work;
            }
        }
    }

    private static ReadOnlySpan<byte> TrimBom(ReadOnlySpan<byte> line, long number) =>
        number == 1 && line.StartsWith("\uFEFF"u8) ? line[3..] : line;

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>ISIZE from the gzip trailer: the uncompressed size mod 2^32 of the (last) member.</summary>
    internal static uint GzipTrailerSize(FileStream file)
    {
        if (file.Length < 18) return 0;
        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    /// <summary>Counts the bytes read through it, and whether the reader got to the end.</summary>
    internal sealed class SizeCountingStream(Stream inner) : Stream
    {
        public long Total { get; private set; }
        public bool Completed { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
        private int Count(int n)
        {
            if (n == 0) Completed = true;
            Total += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Total; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
