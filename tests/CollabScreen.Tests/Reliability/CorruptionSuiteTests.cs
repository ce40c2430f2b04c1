using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CollabScreen.Reference;
using CollabScreen.Sources;
using Xunit.Abstractions;

namespace CollabScreen.Tests.Reliability;

/// <summary>
/// The corruption suite of issue #19: cases generated (fixed seed) from the real shared files — works, ROR dump,
/// watchlist CSV, WoS export — by truncation, byte flips, bad UTF-8, UTF-16 with and without BOM, deep nesting,
/// huge lines and fields, duplicate ids, missing record terminators and fields of the wrong JSON type. For each: no exception, bounded time,
/// every good record kept (counted against the clean file), every bad one reported with file and line.
/// Library level (no process per case) so the whole suite stays well under a minute.
/// </summary>
public sealed class CorruptionSuiteTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-fuzz-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);
    private const int Lines = 40;

    private sealed record Outcome(int Records, IReadOnlyList<(string File, long Line, string Message)> Problems);

    private int _cases, _bad;

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, $"{_cases}-{name}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Join(IEnumerable<byte[]> lines) => lines.SelectMany(l => l.Append((byte)'\n')).ToArray();

    private Outcome Run(Func<Outcome> read)
    {
        _cases++;
        var clock = Stopwatch.StartNew();
        var task = Task.Run(read);
        Assert.True(task.Wait(PerCase), $"case {_cases} ran over {PerCase.TotalSeconds} s");
        return task.Result; // an exception in the reader fails the case here
    }

    private static Outcome ReadWorks(string path)
    {
        var problems = new List<(string, long, string)>();
        var report = new ReadReport { OnError = e => problems.Add((e.Source, e.Line, e.Reason)) };
        return new(WorkFiles.Read([path], report).Count(), problems);
    }

    private static Outcome ReadRor(string path)
    {
        var registry = RorRegistry.Load(path);
        return new((int)registry.Report.Records, registry.Report.Errors.Select(e => (e.File, e.Line, e.Message)).ToList());
    }

    /// <summary>Line-level damage to one record of a JSON Lines file: that record alone is lost and reported at its line.</summary>
    private static readonly (string Name, Func<byte[], Random, byte[]> Damage)[] LineDamage =
    [
        ("bad-utf8", (l, r) => { var c = (byte[])l.Clone(); c[Quote(c, r)] = (byte)(0x80 + r.Next(0x40)); return c; }),
        ("lone-lead-byte", (l, r) => { var c = (byte[])l.Clone(); c[Quote(c, r)] = 0xC3; c[Quote(c, r) + 1] = (byte)'"'; return c; }),
        ("cut-in-half", (l, r) => l[..r.Next(1, l.Length - 1)]),
        ("brace-flip", (l, r) => { var c = (byte[])l.Clone(); c[0] = (byte)'['; return c; }),
        ("deep-nesting", (l, r) => [.. "{\"id\":\"W1\",\"x\":"u8.ToArray(), .. Enumerable.Repeat((byte)'[', 500 + r.Next(500)), .. "1"u8.ToArray()]),
        ("garbage", (l, r) => { var c = new byte[r.Next(1, 200)]; r.NextBytes(c); c[0] = (byte)'{'; for (var i = 0; i < c.Length; i++) if (c[i] == '\n') c[i] = 1; return c; }),
    ];

    /// <summary>One field of a work retyped (false when the record lacks it); the field path the report must name.</summary>
    private static readonly (string Field, Func<System.Text.Json.Nodes.JsonObject, bool> Retype)[] WrongTypes =
    [
        ("authorships", w => { w["authorships"] = "Wang W.; Li M."; return true; }),
        ("authorships[0].institutions", w => { if (w["authorships"]!.AsArray().Count == 0) return false; w["authorships"]![0]!["institutions"] = "NUDT"; return true; }),
        ("authorships[0].raw_affiliation_string", w => { if (w["authorships"]!.AsArray().Count == 0) return false; w["authorships"]![0]!["raw_affiliation_string"] = new System.Text.Json.Nodes.JsonArray(1, 2); return true; }),
        ("referenced_works", w => { w["referenced_works"] = new System.Text.Json.Nodes.JsonObject { ["W1"] = 1 }; return true; }),
        ("concepts", w => { w["concepts"] = 0.5; return true; }),
        ("concepts[0].score", w => { if (w["concepts"]!.AsArray().Count == 0) return false; w["concepts"]![0]!["score"] = "high"; return true; }),
        ("title", w => { w["title"] = new System.Text.Json.Nodes.JsonArray("a", "b"); return true; }),
        ("host_venue", w => { w["host_venue"] = "Nature"; return true; }),
        ("publication_year", w => { w["publication_year"] = false; return true; }),
    ];

    /// <summary>A position inside the line's string values (after a quote), not the first or last bytes.</summary>
    private static int Quote(byte[] line, Random r)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var i = r.Next(2, line.Length - 3);
            if (line[i - 1] == '"' || (line[i] is >= (byte)'a' and <= (byte)'z')) return i;
        }
        return line.Length / 2;
    }

    private void JsonLines(string name, List<byte[]> clean, Func<string, Outcome> read, Random random, int perDamage)
    {
        var cleanCount = clean.Count;
        foreach (var (damage, apply) in LineDamage)
            for (var k = 0; k < perDamage; k++)
            {
                var at = random.Next(clean.Count);
                var lines = clean.ToList();
                lines[at] = apply(lines[at], random);
                var path = Write($"{name}-{damage}.jsonl", Join(lines));
                var outcome = Run(() => read(path));
                Assert.True(cleanCount - 1 == outcome.Records, $"{name} {damage} line {at + 1}: {outcome.Records} of {cleanCount - 1} good records kept");
                Assert.Contains(outcome.Problems, p => p.File == path && p.Line == at + 1);
                _bad++;
            }

        // Missing record terminator: two records run together on one line; both are lost, that line is reported.
        for (var k = 0; k < perDamage; k++)
        {
            var at = random.Next(clean.Count - 1);
            var lines = clean.ToList();
            lines[at] = [.. lines[at], .. lines[at + 1]];
            lines.RemoveAt(at + 1);
            var path = Write($"{name}-joined.jsonl", Join(lines));
            var outcome = Run(() => read(path));
            Assert.Equal(cleanCount - 2, outcome.Records);
            Assert.Contains(outcome.Problems, p => p.Line == at + 1);
            _bad++;
        }

        // Truncation at any byte: every complete line before the cut is kept; a cut inside a line is reported.
        var whole = Join(clean);
        for (var k = 0; k < perDamage * 3; k++)
        {
            var cut = random.Next(1, whole.Length);
            var path = Write($"{name}-truncated.jsonl", whole[..cut]);
            var outcome = Run(() => read(path));
            var complete = whole.AsSpan(0, cut).Count((byte)'\n');
            var partial = cut > 0 && whole[cut - 1] != '\n';
            Assert.Equal(complete, outcome.Records);
            if (partial && whole.AsSpan(cut - (cut - whole.AsSpan(0, cut).LastIndexOf((byte)'\n') - 1), cut - whole.AsSpan(0, cut).LastIndexOf((byte)'\n') - 1).Trim(" \t\r"u8).Length > 0)
                Assert.Contains(outcome.Problems, p => p.Line == complete + 1);
        }

        // Truncated gzip: the records before the cut are kept and the truncation is reported.
        using (var compressed = new MemoryStream())
        {
            using (var gz = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(whole);
            var bytes = compressed.ToArray();
            for (var k = 0; k < perDamage; k++)
            {
                var cut = random.Next(bytes.Length / 3, bytes.Length - 20);
                var path = Write($"{name}-truncated.jsonl.gz", bytes[..cut]);
                var outcome = Run(() => read(path));
                Assert.InRange(outcome.Records, 0, cleanCount - 1);
                Assert.Contains(outcome.Problems, p => p.File == path);
            }
        }

        // UTF-16 with and without BOM, both byte orders: every record kept.
        foreach (var (bigEndian, bom) in new[] { (false, true), (false, false), (true, true), (true, false) })
        {
            var encoding = new UnicodeEncoding(bigEndian, bom);
            var path = Write($"{name}-utf16.jsonl", [.. encoding.GetPreamble(), .. encoding.GetBytes(Encoding.UTF8.GetString(whole))]);
            Assert.Equal(cleanCount, Run(() => read(path)).Records);
        }

        // Huge line (5 MB string field): read, not a crash.
        {
            var lines = clean.ToList();
            var at = random.Next(lines.Count);
            var line = Encoding.UTF8.GetString(lines[at]);
            var huge = new string('x', 5 << 20);
            lines[at] = Encoding.UTF8.GetBytes(line[..^1] + ",\"huge_unknown_field\":\"" + huge + "\"}");
            var path = Write($"{name}-huge-line.jsonl", Join(lines));
            Assert.Equal(cleanCount, Run(() => read(path)).Records);
        }
    }

    [Fact]
    public void Generated_corruptions_of_the_real_shared_files_keep_every_good_record_and_report_every_bad_one()
    {
        var random = new Random(19);
        var clock = Stopwatch.StartNew();

        var works = InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), Lines);
        JsonLines("works", works, ReadWorks, random, perDamage: 12);

        // Duplicate ids within one file: every copy is read (merging is the screen's business), none lost.
        for (var k = 0; k < 10; k++)
        {
            var lines = works.ToList();
            lines.Insert(random.Next(lines.Count), works[random.Next(works.Count)]);
            var path = Write("works-duplicate.jsonl", Join(lines));
            Assert.Equal(Lines + 1, Run(() => ReadWorks(path)).Records);
        }

        // A huge title: kept, cut at the documented limit.
        {
            var lines = works.ToList();
            var json = Encoding.UTF8.GetString(lines[3]);
            lines[3] = Encoding.UTF8.GetBytes(json.Replace("\"title\": \"", "\"title\": \"" + new string('t', 300_000), StringComparison.Ordinal));
            var path = Write("works-huge-title.jsonl", Join(lines));
            Assert.Equal(Lines, Run(() => ReadWorks(path)).Records);
        }

        // Wrong JSON types (#19.9): the field is reported at its file, line and path, every record kept.
        foreach (var (field, retype) in WrongTypes)
            for (var k = 0; k < 4; k++)
            {
                var at = random.Next(works.Count);
                var lines = works.ToList();
                var node = System.Text.Json.Nodes.JsonNode.Parse(lines[at])!.AsObject();
                if (!retype(node)) continue;
                lines[at] = Encoding.UTF8.GetBytes(node.ToJsonString());
                var path = Write("works-wrong-type.jsonl", Join(lines));
                var outcome = Run(() => ReadWorks(path));
                Assert.True(Lines == outcome.Records, $"{field} retyped at line {at + 1}: {outcome.Records} of {Lines} records kept");
                Assert.Contains(outcome.Problems, p => p.File == path && p.Line == at + 1 && p.Message.StartsWith($"field '{field}': expected", StringComparison.Ordinal));
                _bad++;
            }

        var ror = InvalidUtf8Tests.Lines(SharedData.Path("ror/ror-records.jsonl.gz"), Lines);
        JsonLines("ror", ror, ReadRor, random, perDamage: 12);

        // Watchlist CSV: a stray quote inside any field of any row loses no row.
        var ndaa = File.ReadAllLines(SharedData.Path("watchlists/us-ndaa-section-1286.csv"));
        var cleanRows = CollabScreen.Reference.CsvRows.Read(SharedData.Path("watchlists/us-ndaa-section-1286.csv")).Count();
        for (var k = 0; k < 40; k++)
        {
            var lines = ndaa.ToArray();
            var at = random.Next(1, lines.Length);
            var text = lines[at];
            var commas = Enumerable.Range(0, text.Length).Where(i => text[i] == ',' && i + 2 < text.Length && text[i + 1] != '"' && text[i + 1] != ','
                && text[..i].Count(c => c == '"') % 2 == 0).ToList();
            if (commas.Count == 0) continue;
            var pos = commas[random.Next(commas.Count)] + 2;
            if (pos >= text.Length) continue;
            lines[at] = text[..pos] + "\"" + text[pos..];
            var path = Write("ndaa.csv", Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            var problems = new ListReadReport();
            var rows = Run(() => new(CollabScreen.Reference.CsvRows.Read(path, problems).Count(), [])).Records;
            Assert.True(cleanRows == rows, $"stray quote at {path}:{at + 1}: {rows} of {cleanRows} rows");
            Assert.Empty(problems.Problems);
        }

        // WoS tagged export: truncation anywhere keeps every record that ended before the cut.
        var wos = File.ReadAllBytes(SharedData.Path("exports/wos-hydrogen-steel.txt"));
        var wosText = Encoding.UTF8.GetString(wos);
        var wosClean = Run(() => ReadWorks(Write("wos.txt", wos))).Records;
        Assert.True(wosClean > 100);
        for (var k = 0; k < 12; k++)
        {
            var cut = random.Next(5_000, 250_000); // within the first ~100 records: enough to cut records of every shape, quick to read
            var path = Write("wos-truncated.txt", wos[..cut]);
            var outcome = Run(() => ReadWorks(path));
            var ended = CountRecordEnds(Encoding.UTF8.GetString(wos, 0, cut));
            Assert.InRange(outcome.Records, ended, ended + 1); // the record cut short may still be readable
        }

        output.WriteLine($"corruption suite: {_cases} cases, {_bad} damaged records each reported at its file and line, 0 crashes, 0 hangs, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(_cases >= 300, $"only {_cases} cases");
    }

    private static int CountRecordEnds(string text) =>
        text.Split('\n').Count(l => l.TrimEnd('\r') == "ER");
}
