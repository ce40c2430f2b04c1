using System.IO.Compression;
using System.Text;
using CollabScreen.Reference;

namespace CollabScreen.Tests.Reliability;

/// <summary>Issue #19.5: a truncated .gz loaded half the records, an empty or UTF-16 file none, all with exit 0.</summary>
[Collection("Console")]
public sealed class DamagedRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-ror-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly List<byte[]> Head = InvalidUtf8Tests.Lines(SharedData.Path("ror/ror-records.jsonl.gz"), 400);

    private string Gz(string name, int records)
    {
        var path = Path.Combine(_dir, name);
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            foreach (var l in Head.Take(records)) { gz.Write(l); gz.WriteByte((byte)'\n'); }
        return path;
    }

    [Fact]
    public void A_truncated_gzip_dump_is_reported_as_truncated_with_the_records_before_the_cut_kept()
    {
        var whole = Gz("whole.jsonl.gz", 400);
        var cut = Path.Combine(_dir, "cut.jsonl.gz");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var registry = RorRegistry.Load(cut);

        Assert.InRange(registry.Count, 100, 399);
        Assert.Contains(registry.Report.Errors, e => e.Message.Contains("gzip data ends early") && e.File == cut);
        var run = CliRunner.Run("resolve", "--registry", cut, "Beihang University");
        Assert.Contains("gzip data ends early", run.Err);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("whitespace")]
    [InlineData("empty-gz")]
    [InlineData("not-ror")]
    public void A_registry_with_no_usable_record_stops_the_run_with_exit_2(string kind)
    {
        var path = Path.Combine(_dir, kind + (kind == "empty-gz" ? ".jsonl.gz" : ".jsonl"));
        switch (kind)
        {
            case "empty": File.WriteAllBytes(path, []); break;
            case "whitespace": File.WriteAllText(path, "\n  \n\t\n"); break;
            case "empty-gz": using (new GZipStream(File.Create(path), CompressionLevel.Fastest)) { } break;
            case "not-ror": File.WriteAllText(path, "{\"hello\": 1}\n{\"id\": \"x\"}\n"); break;
        }
        var works = Path.Combine(_dir, "works.jsonl");
        File.WriteAllBytes(works, InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 3).SelectMany(l => l.Append((byte)'\n')).ToArray());

        var screen = CliRunner.Run("screen", "--input", works, "--registry", path, "--no-db", "--format", "jsonl");

        Assert.Equal(2, screen.Code);
        Assert.Contains($"--registry {path}: no usable ROR record", screen.Err);
        Assert.Equal("", screen.Out);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void A_UTF16_dump_is_decoded_with_a_notice_and_every_record_kept(bool littleEndian, bool bom)
    {
        var text = string.Concat(Head.Take(50).Select(l => Encoding.UTF8.GetString(l) + "\n"));
        var encoding = new UnicodeEncoding(!littleEndian, bom);
        var path = Path.Combine(_dir, "utf16.jsonl");
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

        var registry = RorRegistry.Load(path);

        Assert.Equal(50, registry.Count);
        var notice = Assert.Single(registry.Report.Errors);
        Assert.Contains("UTF-16", notice.Message);
    }
}
