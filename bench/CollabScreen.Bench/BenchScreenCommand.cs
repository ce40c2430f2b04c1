using CollabScreen.Screening.Pipeline;
using System.CommandLine;
using System.Diagnostics;
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

            Example:
              collabscreen bench screen --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --registry ../shared/data/ror/ror-records.jsonl.gz --repeat 5
            """);
        var input = new Option<string[]>("--input", "-i") { Description = "OpenAlex works file(s)", AllowMultipleArgumentsPerToken = true, Required = true };
        var registry = new Option<string?>("--registry") { Description = "ROR data dump for the resolver" };
        var repeat = new Option<int>("--repeat") { Description = "Screen the works this many times", DefaultValueFactory = _ => 3 };
        command.Options.Add(input);
        command.Options.Add(registry);
        command.Options.Add(repeat);
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
            return CollabScreen.Cli.Cli.Ok;
        });
        return command;
    }
}
