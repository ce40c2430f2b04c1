using CollabScreen.Screening.Pipeline;
using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CollabScreen.Matching;
using CollabScreen.Model;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Sources;

using CollabScreen.Cli;

namespace CollabScreen.Bench;

/// <summary>`collabscreen bench screen`: screening throughput per stage (signals, policy, JSONL, HTML), printed.</summary>
public static class BenchScreenCommand
{
    public static Command Create()
    {
        var command = new Command("screen", """
            Screening throughput on a works file held in memory (reading excluded; see `bench` of works for the reader):
            signal collection (resolver, listings, topics, datasets), the policy, JSONL and the HTML report.
            Then, side by side on one generated .gz of --works works (the input repeated): decompression only, parsing,
            screening at 1 thread without and with the resolution cache and at --threads with it (wall, CPU, ratios,
            the cache's hit rate, max RSS), after a warm-up on the input's own works.

            Example:
              collabscreen bench screen --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --registry ../shared/data/ror/ror-records.jsonl.gz --repeat 5
            """);
        var input = new Option<string[]>("--input", "-i") { Description = "OpenAlex works file(s)", AllowMultipleArgumentsPerToken = true, Required = true };
        var registry = new Option<string?>("--registry") { Description = "ROR data dump for the resolver" };
        var repeat = new Option<int>("--repeat") { Description = "Screen the works this many times", DefaultValueFactory = _ => 3 };
        var generated = new Option<int>("--works") { Description = "Works in the generated .gz timed side by side (the input repeated); 0 skips that part", DefaultValueFactory = _ => 40_000 };
        var threads = new Option<int>("--threads") { Description = "Threads for the N-thread screen", DefaultValueFactory = _ => Environment.ProcessorCount };
        command.Options.Add(input);
        command.Options.Add(registry);
        command.Options.Add(repeat);
        command.Options.Add(generated);
        command.Options.Add(threads);
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var signals = ScreeningSignals.Build(parse.GetValue(registry), Console.WriteLine);
            Console.WriteLine($"setup (lists, registry, resolver index, topics, datasets): {clock.Elapsed.TotalSeconds:0.00} s");
            var works = OpenAlexFiles.Read(OpenAlexFiles.ExpandPaths(parse.GetValue(input)!), new ReadReport()).ToList();
            var screener = new Screener(SeverityPolicy.LoadBundled());
            var n = Math.Max(1, parse.GetValue(repeat));
            // One warm-up pass so the figures are steady-state (JIT, caches).
            foreach (var w in works) screener.Assess(signals.Collector.Collect(w));
            TimeSpan collect = TimeSpan.Zero, assess = TimeSpan.Zero, jsonl = TimeSpan.Zero;
            var findings = new List<Finding>();
            for (var r = 0; r < n; r++)
            {
                findings.Clear();
                var signalsOf = new List<WorkSignals>(works.Count);
                clock.Restart();
                foreach (var w in works) signalsOf.Add(signals.Collector.Collect(w));
                collect += clock.Elapsed;
                clock.Restart();
                foreach (var s in signalsOf) findings.Add(screener.Assess(s));
                assess += clock.Elapsed;
                clock.Restart();
                var sink = new JsonlFindingWriter(TextWriter.Null);
                foreach (var f in findings) sink.Write(f);
                jsonl += clock.Elapsed;
            }
            var flagged = findings.Where(f => f.Flagged).ToList();
            var tally = new RunTally();
            var summary = new CollaborationSummary(null);
            foreach (var f in findings) { tally.Add(f); summary.Add(f); }
            clock.Restart();
            var html = new StringWriter();
            HtmlReport.Write(html, new ScreeningRun("bench", [], null, screener.Policy.Name, screener.Policy.Source, signals.Lists.Lists,
                DateTimeOffset.UtcNow, TimeSpan.Zero, works.Count, 0, tally.BySeverity()), flagged, summary, screener.Policy);
            var htmlTime = clock.Elapsed;
            var total = works.Count * (long)n;
            Console.WriteLine($"works: {works.Count:N0} × {n} = {total:N0}; flagged per pass: {flagged.Count:N0}");
            Console.WriteLine($"signals (collect):  {total / collect.TotalSeconds,10:N0} works/s  ({collect.TotalMilliseconds / total * 1000:0.0} µs/work)");
            Console.WriteLine($"policy (assess):    {total / assess.TotalSeconds,10:N0} works/s");
            Console.WriteLine($"JSONL (all works):  {total / jsonl.TotalSeconds,10:N0} works/s");
            Console.WriteLine($"HTML report:        {htmlTime.TotalMilliseconds:N0} ms for {flagged.Count:N0} findings ({html.GetStringBuilder().Length / 1024:N0} KB)");
            if (parse.GetValue(generated) is > 0 and var size)
                SideBySide(signals, parse.GetValue(input)!, size, Math.Max(2, parse.GetValue(threads)), n, screener);
            return CollabScreen.Cli.Cli.Ok;
        });
        return command;
    }

    /// <summary>
    /// Issue #17 item 6: on one generated .gz (the input's lines repeated to <paramref name="size"/> works), in one
    /// process and interleaved round by round so that the machine's load falls on every stage alike: decompression
    /// only, parsing (what `works` does), screening (read, signals, policy, JSONL) at 1 thread without and with the
    /// resolution cache and at N threads with it; wall and CPU time, the best round of each, the ratios, max RSS.
    /// </summary>
    private static void SideBySide(ScreeningSignals signals, string[] inputs, int size, int threads, int rounds, Screener screener)
    {
        var lines = OpenAlexFiles.ExpandPaths(inputs).SelectMany(ReadLines).Where(l => l.Length > 0).ToList();
        var gz = Path.Combine(Path.GetTempPath(), $"collabscreen-bench-{Environment.ProcessId}.jsonl.gz");
        try
        {
            using (var file = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
            using (var text = new StreamWriter(file, new UTF8Encoding(false)))
                for (var i = 0; i < size; i++) text.Write(lines[i % lines.Count] + "\n");
            var distinctCopy = Math.Min(size, lines.Count);
            Console.WriteLine();
            Console.WriteLine($"side by side: {gz} ({new FileInfo(gz).Length / 1e6:0.0} MB), {size:N0} works = the input's {lines.Count:N0} repeated; " +
                              $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");

            long Decompress() { using var s = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress); var sink = new CountingStream(); s.CopyTo(sink); return sink.Length; }
            long Parse() => WorkFiles.Read([gz], new ReadReport()).LongCount();
            (long Works, ResolutionCache? Cache) Screen(int t, bool cached)
            {
                var cache = cached && signals.Resolver is { } r ? new ResolutionCache(r.Resolve) : null;
                var collector = signals.Resolver is { } resolver
                    ? ScreeningSignals.CollectorFor(signals.Lists, signals.Registry, resolver, CollabScreen.Topics.TopicClassifier.LoadBundled(),
                        ScreeningSignals.Datasets(new CollabScreen.Datasets.DatasetDetector(CollabScreen.Datasets.DatasetRegistry.LoadBundled()), null, _ => { }), cache)
                    : signals.Collector;
                var sink = new JsonlFindingWriter(TextWriter.Null);
                long count = 0;
                foreach (var (_, f) in ScreeningEngine.AssessInOrder(WorkFiles.Read([gz], new ReadReport()), w => screener.Assess(collector.Collect(w)), t))
                { sink.Write(f); count++; }
                return (count, cache);
            }

            // Warm-up: every stage once on the input's own works (JIT, tiered PGO); its cache hit rate is that of real, unrepeated works.
            var sample = Path.Combine(Path.GetTempPath(), $"collabscreen-bench-{Environment.ProcessId}-sample.jsonl");
            File.WriteAllLines(sample, lines);
            var warm = signals.Resolver is { } wr ? new ResolutionCache(wr.Resolve) : null;
            var warmCollector = warm is null ? signals.Collector : ScreeningSignals.CollectorFor(signals.Lists, signals.Registry, signals.Resolver!,
                CollabScreen.Topics.TopicClassifier.LoadBundled(), null, warm);
            foreach (var (_, _) in ScreeningEngine.AssessInOrder(WorkFiles.Read([sample], new ReadReport()), w => screener.Assess(warmCollector.Collect(w)), threads)) { }
            File.Delete(sample);
            if (warm is not null) Console.WriteLine($"resolution cache on the input's {lines.Count:N0} works (warm-up, unrepeated): {warm.Describe()}");
            Decompress(); Parse();

            var stages = new (string Name, Func<object?> Run)[]
            {
                ("decompress only (zcat-equivalent)", () => Decompress()),
                ("parse (works)", () => Parse()),
                ("screen, 1 thread, no cache", () => Screen(1, false)),
                ("screen, 1 thread, cache", () => Screen(1, true)),
                ($"screen, {threads} threads, cache", () => Screen(threads, true)),
            };
            var best = stages.Select(_ => (Wall: double.MaxValue, Cpu: double.MaxValue)).ToArray();
            object?[] last = new object?[stages.Length];
            var me = Process.GetCurrentProcess();
            for (var round = 0; round < rounds; round++)
                for (var i = 0; i < stages.Length; i++)
                {
                    GC.Collect();
                    me.Refresh();
                    var cpu0 = me.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    last[i] = stages[i].Run();
                    var w = wall.Elapsed.TotalSeconds;
                    me.Refresh();
                    var c = (me.TotalProcessorTime - cpu0).TotalSeconds;
                    best[i] = (Math.Min(best[i].Wall, w), Math.Min(best[i].Cpu, c));
                }
            Console.WriteLine($"best of {rounds} round(s), load average after: {LoadAverage()}");
            Console.WriteLine($"{"stage",-36} {"wall s",8} {"CPU s",8} {"works/s",10} {"works/CPU-s",12}");
            for (var i = 0; i < stages.Length; i++)
                Console.WriteLine($"{stages[i].Name,-36} {best[i].Wall,8:0.00} {best[i].Cpu,8:0.00} {size / best[i].Wall,10:N0} {size / best[i].Cpu,12:N0}");
            if (last[3] is (long, ResolutionCache cache)) Console.WriteLine($"resolution cache, 1-thread screen of the generated file: {cache.Describe()}");
            Console.WriteLine("ratios (throughput, wall):");
            Console.WriteLine($"  screen 1 thread (cache) / decompression: {best[0].Wall / best[3].Wall:0.00}x   (CPU: {best[0].Cpu / best[3].Cpu:0.00}x)");
            Console.WriteLine($"  screen 1 thread (cache) / parse:         {best[1].Wall / best[3].Wall:0.00}x");
            Console.WriteLine($"  cache / no cache, 1 thread:              {best[2].Wall / best[3].Wall:0.00}x   (CPU: {best[2].Cpu / best[3].Cpu:0.00}x)");
            Console.WriteLine($"  {threads} threads / 1 thread (cache):          {best[3].Wall / best[4].Wall:0.00}x   (CPU used: {best[4].Cpu / best[3].Cpu:0.00}x)");
            me.Refresh();
            Console.WriteLine($"max RSS of the process (setup included): {me.PeakWorkingSet64 / 1e6:N0} MB");
        }
        finally { File.Delete(gz); }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        using var raw = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(s);
        while (reader.ReadLine() is { } line) yield return line;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>Counts bytes and drops them (Stream.Null would let CopyTo skip nothing, but tells no length).</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
