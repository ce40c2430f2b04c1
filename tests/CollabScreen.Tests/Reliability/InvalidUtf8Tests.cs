using System.IO.Compression;
using CollabScreen.Reference;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Reliability;

/// <summary>Issue #19.1: one invalid UTF-8 byte used to crash every JSON reader (exit 134, run left unfinished).</summary>
[Collection("Console")]
public sealed class InvalidUtf8Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-utf8-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The lines of a real gzip JSON Lines file, as bytes.</summary>
    internal static List<byte[]> Lines(string gz, int take = int.MaxValue)
    {
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        var reader = new LineReader(stream);
        var lines = new List<byte[]>();
        while (lines.Count < take && reader.TryReadLine(out var line)) lines.Add(line.ToArray());
        return lines;
    }

    /// <summary>Puts 0xFF inside the first string value after the "title" key (or the first quote) of the line.</summary>
    internal static (byte[] Line, int Offset) Corrupt(byte[] line)
    {
        var copy = (byte[])line.Clone();
        var key = "\"display_name\":\""u8.ToArray();
        var at = copy.AsSpan().IndexOf(key);
        var offset = at >= 0 ? at + key.Length + 1 : copy.AsSpan().IndexOf((byte)'"') + 1;
        copy[offset] = 0xFF;
        return (copy, offset);
    }

    private string Write(string name, IEnumerable<byte[]> lines)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        foreach (var l in lines) { file.Write(l); file.WriteByte((byte)'\n'); }
        return path;
    }

    [Fact]
    public void A_works_line_with_a_bad_byte_is_reported_and_skipped_and_every_other_work_kept()
    {
        var lines = Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"));
        var (bad, offset) = Corrupt(lines[9]);
        lines[9] = bad;
        var path = Write("works.jsonl", lines);

        var report = new ReadReport();
        var works = WorkFiles.Read([path], report).ToList();

        Assert.Equal(999, works.Count);
        Assert.Equal(1, report.Skipped);
        var error = Assert.Single(report.Errors);
        Assert.StartsWith($"{path}:10: invalid UTF-8 at byte {offset + 1}", error.ToString());
    }

    [Fact]
    public void A_registry_record_with_a_bad_byte_is_reported_and_the_rest_loaded()
    {
        var lines = Lines(SharedData.Path("ror/ror-records.jsonl.gz"), 300);
        var (bad, offset) = Corrupt(lines[4]);
        lines[4] = bad;
        var path = Write("ror.jsonl", lines);

        var registry = RorRegistry.Load(path);

        Assert.Equal(299, registry.Report.Records);
        var error = Assert.Single(registry.Report.Errors);
        Assert.StartsWith($"{path}:5: field '(record)': invalid UTF-8 at byte {offset + 1}", error.ToString());
    }

    [Fact]
    public void Screen_and_works_and_classify_keep_going_and_the_stored_run_is_finished()
    {
        var lines = Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 60);
        lines[9] = Corrupt(lines[9]).Line;
        var input = Write("works.jsonl", lines);
        var ror = Lines(SharedData.Path("ror/ror-records.jsonl.gz"), 200);
        ror[3] = Corrupt(ror[3]).Line;
        var registry = Write("ror.jsonl", ror);
        var db = Path.Combine(_dir, "runs.sqlite");

        var screen = CliRunner.Run("screen", "--input", input, "--registry", registry, "--format", "jsonl", "--all",
            "--db", db, "--output", Path.Combine(_dir, "out.jsonl"));
        Assert.Equal(1, screen.Code); // input errors: exit 1, not a crash
        Assert.Contains($"{input}:10: invalid UTF-8 at byte", screen.Err);
        Assert.Contains($"{registry}:4: field '(record)': invalid UTF-8 at byte", screen.Err);
        Assert.Equal(59, File.ReadLines(Path.Combine(_dir, "out.jsonl")).Count());
        using (var store = FindingStore.OpenExisting(db))
        {
            var run = Assert.Single(store.ListRuns());
            Assert.NotNull(run.Finished);
            Assert.Equal(59, run.WorksRead);
            Assert.Equal(1, run.WorksSkipped);
        }

        var works = CliRunner.Run("works", "--input", input, "--format", "jsonl");
        Assert.Equal(1, works.Code);
        Assert.Equal(59, works.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"{input}:10: invalid UTF-8 at byte", works.Err);

        var classify = CliRunner.Run("classify", "--input", input, "--format", "jsonl");
        Assert.Contains($"{input}:10: invalid UTF-8 at byte", classify.Err);
        Assert.Equal(59, classify.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_UTF16_works_file_with_or_without_BOM_is_decoded_with_a_warning_and_every_work_kept(bool bom)
    {
        var text = string.Concat(Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 40).Select(l => System.Text.Encoding.UTF8.GetString(l) + "\n"));
        var encoding = new System.Text.UnicodeEncoding(false, bom);
        var path = Path.Combine(_dir, "utf16.jsonl");
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
        var warnings = new List<ReadError>();
        var report = new ReadReport { OnWarning = warnings.Add };

        var works = WorkFiles.Read([path], report).ToList();

        Assert.Equal(40, works.Count);
        Assert.False(report.HasErrors);
        Assert.Contains("UTF-16", Assert.Single(warnings).Reason);
    }
}
