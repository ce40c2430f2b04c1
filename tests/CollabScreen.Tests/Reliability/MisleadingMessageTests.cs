using System.IO.Compression;
using System.Text;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Reliability;

/// <summary>
/// Issue #19.14: messages that misled — a bogus "gzip trailer says N" on a cut file, corrupt data called
/// "unsupported compression method", a checksum-only failure that lost the last record with "skipped 0", empty
/// .gz and whitespace-only inputs passing silently. Inputs are real lines of the shared OpenAlex sample.
/// </summary>
public sealed class MisleadingMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-msg-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly List<byte[]> Clean = InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 60);

    private static byte[] Gzip(IEnumerable<byte[]> lines)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
            foreach (var l in lines) { gz.Write(l); gz.WriteByte((byte)'\n'); }
        return memory.ToArray();
    }

    private (int Works, ReadReport Report, List<ReadError> Errors, List<ReadError> Warnings) Read(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        var errors = new List<ReadError>();
        var warnings = new List<ReadError>();
        var report = new ReadReport { OnError = errors.Add, OnWarning = warnings.Add };
        return (WorkFiles.Read([path], report).Count(), report, errors, warnings);
    }

    [Fact]
    public void A_truncated_gzip_does_not_quote_the_bytes_at_the_cut_as_a_trailer_size()
    {
        var bytes = Gzip(Clean);
        var (works, _, errors, _) = Read("cut.jsonl.gz", bytes[..(bytes.Length * 2 / 3)]);

        Assert.InRange(works, 1, Clean.Count - 1);
        var error = Assert.Single(errors, e => e.Reason.StartsWith("gzip data ends early", StringComparison.Ordinal));
        Assert.DoesNotContain("trailer says", error.Reason);
        Assert.Contains($"({works:N0} complete record(s))", error.Reason);
    }

    [Fact]
    public void Corrupt_deflate_data_is_called_corrupt_not_an_unsupported_compression_method()
    {
        var bytes = Gzip(Clean);
        // Zeroing a run of compressed bytes in the middle makes the deflate data undecodable.
        Array.Fill(bytes, (byte)0xFF, bytes.Length / 2, 64);
        var (works, _, errors, _) = Read("corrupt.jsonl.gz", bytes);

        Assert.InRange(works, 0, Clean.Count - 1);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.DoesNotContain("unsupported compression method", e.Reason));
        Assert.Contains(errors, e => e.Reason.Contains("the gzip data is corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_checksum_only_failure_keeps_every_record_and_says_the_checksum_did_not_match()
    {
        var bytes = Gzip(Clean);
        bytes[^8] ^= 0x5A; // first byte of the CRC-32 in the trailer; the deflate data is intact
        var (works, report, errors, _) = Read("crc.jsonl.gz", bytes);

        Assert.Equal(Clean.Count, works);
        Assert.Equal(0, report.Skipped);
        var error = Assert.Single(errors);
        Assert.Contains("gzip checksum mismatch", error.Reason);
        Assert.Contains($"{Clean.Count:N0} record(s) read", error.Reason);
    }

    [Fact]
    public void An_empty_gzip_is_reported()
    {
        // What `gzip < /dev/null` writes (20 bytes: header, an empty final deflate block, CRC 0, size 0); .NET's
        // GZipStream writes nothing at all for no data.
        byte[] empty = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var (works, _, errors, warnings) = Read("empty.jsonl.gz", empty);

        Assert.Equal(0, works);
        Assert.Empty(errors);
        Assert.Contains("decompresses to nothing", Assert.Single(warnings).Reason);
    }

    [Theory]
    [InlineData("blank.jsonl")]
    [InlineData("blank.jsonl.gz")]
    public void A_whitespace_only_file_is_reported(string name)
    {
        var blank = Encoding.UTF8.GetBytes("\n   \n\t\r\n\n");
        var (works, _, _, warnings) = Read(name, name.EndsWith(".gz") ? Gzip([blank]) : blank);

        Assert.Equal(0, works);
        Assert.Contains("only whitespace", Assert.Single(warnings).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UTF16_without_a_byte_order_mark_reads_every_record_with_a_warning(bool bigEndian)
    {
        var text = string.Join("\n", Clean.Select(l => Encoding.UTF8.GetString(l))) + "\n";
        var (works, _, errors, warnings) = Read("utf16.jsonl", new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(text));

        Assert.Equal(Clean.Count, works);
        Assert.Empty(errors);
        Assert.Contains("no BOM", Assert.Single(warnings).Reason);
    }
}
