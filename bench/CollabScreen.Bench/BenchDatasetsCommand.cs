using System.CommandLine;
using System.Diagnostics;
using CollabScreen.Datasets;

using CollabScreen.Cli;

namespace CollabScreen.Bench;

/// <summary>
/// `collabscreen bench datasets`: runs the detector over Peng et al.'s corpora of papers citing MS-Celeb-1M / DukeMTMC
/// (and derivatives). Prints, per dataset, the papers whose title or abstract names it and how many of those carry the
/// corpus's `cites Dn` flags; checks that every mention is backed by a registry name in the text; and throughput.
/// </summary>
public static class BenchDatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", """
            Dataset detection on the "Mitigating dataset harms" corpora (papers citing MS-Celeb-1M, DukeMTMC or their
            derivatives' papers): papers with a detected mention per dataset and derivative, how many of them carry the
            matching `cites Dn` flag, a check that no detection lacks a matching name in the text, and throughput.

            Examples:
              collabscreen bench datasets
              collabscreen bench datasets --corpus ../shared/data/dataset-harms/dukemtmc_all.csv
            """);
        var corpus = new Option<string[]>("--corpus", "-c")
        {
            Description = "Corpus CSV(s) (default: ../shared/data/dataset-harms/msceleb1m_all.csv and dukemtmc_all.csv)",
            AllowMultipleArgumentsPerToken = true,
        };
        var repeat = new Option<int>("--repeat") { Description = "Passes over each corpus for the throughput figure", DefaultValueFactory = _ => 20 };
        var show = new Option<string[]>("--show") { Description = "Also print the evidence of every hit on these dataset ids (to audit them)", AllowMultipleArgumentsPerToken = true };
        command.Options.Add(corpus);
        command.Options.Add(repeat);
        command.Options.Add(show);
        command.SetAction(parse =>
        {
            var files = parse.GetValue(corpus) is { Length: > 0 } given ? given
                : new[] { "msceleb1m_all.csv", "dukemtmc_all.csv" }.Select(f => Path.Combine("..", "shared", "data", "dataset-harms", f)).ToArray();
            foreach (var f in files)
                if (!File.Exists(f)) throw new UsageException($"{f}: no such file; give the corpus with --corpus FILE");
            var registry = DatasetRegistry.LoadBundled();
            var detector = new DatasetDetector(registry);
            var violations = 0;
            foreach (var f in files) violations += Run(f, registry, detector, Math.Max(1, parse.GetValue(repeat)), parse.GetValue(show) ?? []);
            return violations == 0 ? CollabScreen.Cli.Cli.Ok : CollabScreen.Cli.Cli.Failure;
        });
        return command;
    }

    private static int Run(string file, DatasetRegistry registry, DatasetDetector detector, int repeat, string[] show)
    {
        var corpus = new StudyCorpus(file);
        var papers = corpus.Read().ToList();
        var o = Console.Out;
        o.WriteLine($"== {Path.GetFileName(file)}: {papers.Count} papers ({papers.Count(p => string.IsNullOrEmpty(p.Work.Abstract))} without abstract); flags: {string.Join(", ", corpus.CitesColumns.Select(c => "cites " + c))}");
        foreach (var p in corpus.Problems) Console.Error.WriteLine($"collabscreen: {p}");

        var hits = papers.Select(p => detector.Detect(p.Work)).ToList();
        var perDataset = new Dictionary<string, List<int>>();
        var contexts = new Dictionary<string, Dictionary<string, int>>();
        var violations = new List<string>();
        long mentions = 0;
        for (var i = 0; i < papers.Count; i++)
            foreach (var h in hits[i].Where(h => h.Via == "mention"))
            {
                if (!perDataset.TryGetValue(h.Dataset, out var list)) perDataset[h.Dataset] = list = [];
                list.Add(i);
                if (!contexts.TryGetValue(h.Dataset, out var c)) contexts[h.Dataset] = c = [];
                c[h.Context] = c.GetValueOrDefault(h.Context) + 1;
                foreach (var m in h.Mentions)
                {
                    mentions++;
                    if (MentionAudit.Problem(registry, papers[i].Work, null, h.Dataset, m) is { } why) violations.Add($"{papers[i].Work.Id}: {why}");
                }
            }

        var withAny = hits.Count(h => h.Any(x => x.Via == "mention"));
        o.WriteLine($"papers with a detected mention: {withAny} of {papers.Count} ({Pct(withAny, papers.Count)}); mentions: {mentions}");
        var cols = corpus.CitesColumns;
        o.WriteLine($"  {"DATASET",-22} {"PARENT",-12} {"STUDY",-5} {"PAPERS",6}  {string.Join("  ", cols.Select(c => $"{"cites " + c,9}"))}  CONTEXT (use/negated/unrelated)");
        foreach (var (id, idx) in perDataset.OrderBy(kv => registry.RootOf(registry.Get(kv.Key)!).Id).ThenByDescending(kv => kv.Value.Count))
        {
            var r = registry.Get(id)!;
            var flags = cols.Select(c => { var n = idx.Count(i => papers[i].Cites[c]); return $"{n,4} {Pct(n, idx.Count),4}"; });
            var cx = contexts[id];
            var mark = r.StudyId is { } s && cols.Contains(s) ? "*" : " ";
            o.WriteLine($"  {r.Id,-22} {r.ParentId ?? "-",-12} {r.StudyId ?? "",-4}{mark} {idx.Count,6}  {string.Join("  ", flags)}  {cx.GetValueOrDefault("use")}/{cx.GetValueOrDefault("negated")}/{cx.GetValueOrDefault("unrelated")}");
        }
        o.WriteLine("  (* the corpus has this dataset's own `cites` flag; the matching column is the agreement figure)");

        // Agreement per flag: of the papers naming dataset Dn (or any derivative of it), how many cite Dn's paper.
        foreach (var c in cols)
        {
            var r = registry.Records.FirstOrDefault(x => x.StudyId == c);
            if (r is null) { o.WriteLine($"  cites {c}: no registry record has study id {c}"); continue; }
            var own = perDataset.GetValueOrDefault(r.Id) ?? [];
            var family = perDataset.Where(kv => InLineage(registry, registry.Get(kv.Key)!, r)).SelectMany(kv => kv.Value).Distinct().ToList();
            var flagged = papers.Count(p => p.Cites[c]);
            var flaggedNamed = family.Count(i => papers[i].Cites[c]);
            o.WriteLine($"  cites {c} ({r.Name}): {own.Count(i => papers[i].Cites[c])} of {own.Count} papers naming {r.Name} carry the flag; " +
                        $"{flaggedNamed} of {family.Count} naming it or a derivative; {flaggedNamed} of {flagged} flagged papers ({Pct(flaggedNamed, flagged)}) name it or a derivative in title/abstract");
        }

        o.WriteLine(violations.Count == 0
            ? $"check: all {mentions} mentions are backed by a registry name of their dataset at the reported place in the text"
            : $"check FAILED: {violations.Count} mentions without a matching name in the text");
        foreach (var v in violations.Take(20)) o.WriteLine($"  {v}");

        foreach (var id in show)
            for (var i = 0; i < papers.Count; i++)
                foreach (var h in hits[i].Where(h => h.Dataset.Equals(id, StringComparison.OrdinalIgnoreCase)))
                    o.WriteLine($"  {h.Dataset} [{h.Context}] {papers[i].Work.Id[..8]} {papers[i].Work.Year}: {string.Join(" | ", h.Evidence)}");

        var chars = papers.Sum(p => (long)(p.Work.Title?.Length ?? 0) + (p.Work.Abstract?.Length ?? 0));
        // Warm the JIT (tiered compilation) first, then time each pass; the median resists other processes' load.
        for (var k = 0; k < 3; k++) foreach (var p in papers) detector.Detect(p.Work);
        var passes = new List<double>();
        for (var k = 0; k < repeat; k++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var p in papers) detector.Detect(p.Work);
            passes.Add(sw.Elapsed.TotalSeconds);
        }
        passes.Sort();
        var median = passes[passes.Count / 2];
        o.WriteLine($"throughput: {papers.Count / median:N0} papers/s, {chars / median / 1e6:N1} M chars/s (median of {repeat} passes; best {papers.Count / passes[0]:N0} papers/s; single thread, title + abstract, {chars / Math.Max(1, papers.Count):N0} chars/paper)");
        // Full texts are long: the corpus's abstracts joined into one text stand in for ~1.7 M characters of papers.
        var joined = string.Join("\n\n", papers.Select(p => p.Work.Abstract).Where(a => a is not null));
        var probe = papers[0].Work with { Title = null, Abstract = null };
        detector.Detect(probe, joined);
        var fsw = Stopwatch.StartNew();
        var fullHits = detector.Detect(probe, joined);
        fsw.Stop();
        o.WriteLine($"full text: {joined.Length / fsw.Elapsed.TotalSeconds / 1e6:N1} M chars/s on one {joined.Length / 1e6:N1} M-character text ({fullHits.Count} datasets)");
        o.WriteLine();
        return violations.Count;
    }

    private static bool InLineage(DatasetRegistry registry, DatasetRecord r, DatasetRecord ancestor)
    {
        for (var (x, n) = (r, 0); x is not null && n < 16; x = registry.ParentOf(x)!, n++)
            if (x.Id == ancestor.Id) return true;
        return false;
    }

    private static string Pct(long n, long d) => d == 0 ? "-" : $"{100.0 * n / d:N0}%";
}
