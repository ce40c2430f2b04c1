using System.CommandLine;
using System.Diagnostics;
using CollabScreen.Matching;
using CollabScreen.Reference;

using CollabScreen.Cli;

namespace CollabScreen.Bench;

/// <summary>`collabscreen bench affiliations`: resolver accuracy on ROR's gold sets beside the published figures, plus speed.</summary>
public static class BenchAffiliationsCommand
{
    public static Command Create()
    {
        var command = new Command("affiliations", """
            Score the affiliation resolver on a ROR gold CSV (affiliation,ror_id; NP = no match expected) the way ROR
            scores matchers, print the published figures beside ours, the worst errors, throughput and index build cost.

            Example:
              collabscreen bench affiliations --gold ../shared/data/ror-matching-gold/crossref-2023-train.csv --registry ../shared/data/ror/ror-records.jsonl.gz
            """);
        var gold = new Option<FileInfo[]>("--gold") { Description = "Gold CSV file(s)", Required = true, AllowMultipleArgumentsPerToken = true };
        var registry = new Option<FileInfo?>("--registry") { Description = "ROR data dump (.json, .jsonl, .jsonl.gz, .zip)" };
        var anchors = new Option<FileInfo?>("--published") { Description = "Published results CSV (default: published-results-*.csv beside the gold file)" };
        var worst = new Option<int>("--worst") { Description = "How many worst errors to list", DefaultValueFactory = _ => 15 };
        command.Options.Add(gold); command.Options.Add(registry); command.Options.Add(anchors); command.Options.Add(worst);
        command.SetAction(parse =>
        {
            var gc0 = GC.GetTotalMemory(true);
            var watch = Stopwatch.StartNew();
            RorRegistry? ror = null;
            if (parse.GetValue(registry) is { } regFile)
            {
                if (!regFile.Exists) throw new UsageException($"--registry {regFile.FullName}: no such file");
                ror = RorRegistry.Load(regFile.FullName);
            }
            var loadTime = watch.Elapsed;
            var resolver = new AffiliationResolver(ror, Watchlists.LoadBundled());
            var buildTime = watch.Elapsed;
            var memory = GC.GetTotalMemory(true) - gc0;
            var output = Console.Out;
            output.WriteLine($"index: {(ror is null ? "bundled watchlists only" : $"{ror.Count:N0} ROR records from {ror.Source}")}, {resolver.Index.Variants.Count:N0} names");
            output.WriteLine($"build: registry load {loadTime.TotalSeconds:F2} s + index {(buildTime - loadTime).TotalSeconds:F2} s = {buildTime.TotalSeconds:F2} s; managed memory {memory / 1048576.0:F0} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
            if (ror is not null && ror.Report.Errors.Count > 0)
                output.WriteLine($"registry: {ror.Report.Errors.Count} records skipped, first: {ror.Report.Errors[0]}");
            if (ror is not null && ror.Count < 100_000)
                output.WriteLine("note: this registry is partial (ROR has ~120k organisations); the 'in registry' rows are those whose gold ids it holds.");

            foreach (var file in parse.GetValue(gold)!)
            {
                if (!file.Exists) throw new UsageException($"--gold {file.FullName}: no such file");
                var read = AffiliationGold.Read(file.FullName);
                var rows = read.Where(r => !r.Unlabelled).ToList();
                var outcomes = rows.Select(r => AffiliationGold.Score(r, resolver.Resolve(r.Affiliation), ror)).ToList();
                var all = GoldScore.Of(outcomes);
                var held = GoldScore.Of(outcomes.Where(o => o.InRegistry));
                output.WriteLine();
                output.WriteLine($"== {file.Name}: {rows.Count:N0} rows ({rows.Count(r => r.NoMatchExpected)} NP), {outcomes.Count(o => o.InRegistry):N0} with gold ids in the registry"
                    + (read.Count > rows.Count ? $"; {read.Count - rows.Count} rows with an empty id cell (not NP: unlabelled) left out" : ""));
                output.WriteLine($"{"",-34} {"P",6} {"R",6} {"F1",6}  {"TP",6} {"FP",5} {"FN",5}  NP-empty");
                Row(output, "CollabScreen, all rows", all);
                Row(output, "CollabScreen, gold id in registry", held);
                // The anchors below were measured per row by ROR's scripts; the same scoring, for a like-for-like reading.
                Row(output, "  per row (ROR's scoring), all", GoldScore.ByRow(outcomes));
                Row(output, "  per row (ROR's scoring), in reg.", GoldScore.ByRow(outcomes.Where(o => o.InRegistry)));
                // The gold's own consistency bounds what any matcher can reach: one string, one answer.
                var repeated = rows.GroupBy(r => string.Join(' ', AffiliationText.Tokenise(r.Affiliation, removeNoise: false).Select(t => t.Text)))
                    .Where(g => g.Count() > 1).ToList();
                var conflicting = repeated.Where(g => g.Select(r => string.Join(";", r.Ids.Order())).Distinct().Count() > 1).ToList();
                if (conflicting.Count > 0)
                    output.WriteLine($"gold consistency: {repeated.Count} strings occur more than once ({repeated.Sum(g => g.Count())} rows); {conflicting.Count} of them carry different gold ids, " +
                        $"so at least {conflicting.Sum(g => g.Count() - g.GroupBy(r => string.Join(";", r.Ids.Order())).Max(x => x.Count()))} of those rows are wrong for any matcher.");
                var viaSuccessor = outcomes.Where(o => o.InRegistry).Sum(o => o.SuccessorMatches);
                if (viaSuccessor > 0)
                    output.WriteLine($"note: {viaSuccessor} true positives are the registered successor of a gold id this registry marks withdrawn/inactive (the gold was labelled in 2023).");
                var published = parse.GetValue(anchors) ?? new FileInfo(Path.Combine(file.DirectoryName!, "published-results-2023-11-14.csv"));
                if (published.Exists) PrintAnchors(output, published, file.Name);

                output.WriteLine($"-- worst errors (confident wrong matches first, then misses), rows with gold id in registry:");
                var wrong = outcomes.Where(o => o.InRegistry && o.FalsePositives > 0)
                    .OrderByDescending(o => o.Matches.Max(m => m.Score)).Take(parse.GetValue(worst));
                foreach (var o in wrong)
                    output.WriteLine($"  FP line {o.Row.Line}: \"{Clip(o.Row.Affiliation)}\" gold {Gold(o.Row)} got {string.Join("; ", o.Matches.Select(m => $"{RorRegistry.ShortId(m.Ror)} {m.Name} ({m.Score:F2}, '{m.Matched}')"))}");
                foreach (var o in outcomes.Where(o => o.InRegistry && o.FalseNegatives > 0 && o.FalsePositives == 0).Take(parse.GetValue(worst)))
                    output.WriteLine($"  FN line {o.Row.Line}: \"{Clip(o.Row.Affiliation)}\" gold {Gold(o.Row)} = {ror?.Get(o.Row.Ids.First())?.Name}");

                var strings = rows.Select(r => r.Affiliation).ToArray();
                output.WriteLine($"throughput: {Throughput(resolver, strings, parallel: false):N0} strings/s on one core, {Throughput(resolver, strings, parallel: true):N0} strings/s on {Environment.ProcessorCount} cores");
            }
            output.Flush();
            return CollabScreen.Cli.Cli.Ok;
        });
        return command;
    }

    private static void Row(TextWriter o, string label, GoldScore s) =>
        o.WriteLine($"{label,-34} {s.Precision,6:F3} {s.Recall,6:F3} {s.F1,6:F3}  {s.TruePositives,6} {s.FalsePositives,5} {s.FalseNegatives,5}  {(s.NoMatchRows > 0 ? $"{s.NoMatchRate:P1} of {s.NoMatchRows}" : "-")}");

    private static void PrintAnchors(TextWriter o, FileInfo published, string goldName)
    {
        var dataset = goldName.Contains("log", StringComparison.OrdinalIgnoreCase) ? "affiliation_matching_logs" : "Crossref";
        o.WriteLine($"published (ROR, 2023-11-14, held-out '{dataset}' half, full registry, scored per row; not the same rows):");
        foreach (var line in File.ReadLines(published.FullName).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 6 || !f[0].Contains(dataset, StringComparison.OrdinalIgnoreCase)) continue;
            o.WriteLine($"  {f[1],-32} {double.Parse(f[2]),6:F3} {double.Parse(f[3]),6:F3} {double.Parse(f[5]),6:F3}");
        }
    }

    private static double Throughput(AffiliationResolver resolver, string[] strings, bool parallel)
    {
        var watch = Stopwatch.StartNew();
        long done = 0;
        while (watch.Elapsed.TotalSeconds < 1.5)
        {
            if (parallel) Parallel.ForEach(strings, s => resolver.Resolve(s));
            else foreach (var s in strings) resolver.Resolve(s);
            done += strings.Length;
        }
        return done / watch.Elapsed.TotalSeconds;
    }

    private static string Gold(GoldRow r) => r.NoMatchExpected ? "NP" : string.Join(";", r.Ids);
    private static string Clip(string s) => s.Length <= 110 ? s : s[..107] + "...";
}
