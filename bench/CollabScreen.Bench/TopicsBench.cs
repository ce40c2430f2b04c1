using System.CommandLine;
using System.Diagnostics;
using CollabScreen.Datasets;
using CollabScreen.Model;
using CollabScreen.Sources;
using CollabScreen.Topics;

using CollabScreen.Cli;

namespace CollabScreen.Bench;

/// <summary>
/// `collabscreen bench topics`: the topic classifier on real data. On the dataset-harms corpora (papers citing
/// MS-Celeb-1M and DukeMTMC) it reports the share flagged, the topic mix and family correctness (MS-Celeb ->
/// face, DukeMTMC -> person, as a proxy); on the OpenAlex sample it lists every flagged and suppressed work with
/// its evidence beside OpenAlex's own concepts; then single-core throughput on title+abstract. Beside each corpus's
/// plain share it gives the share among the papers whose title or abstract names a dataset of the registry (as used,
/// not only discussed): citing a dataset paper is not using the dataset, naming it is closer.
/// </summary>
public static class TopicsBench
{
    /// <summary>OpenAlex concepts that name one of our topics, for the side-by-side comparison.</summary>
    private static readonly string[] SurveillanceConcepts =
    [
        "Facial recognition system", "Face detection", "Three-dimensional face recognition", "Face (sociological concept)",
        "Facial expression", "Emotion recognition", "Gait", "Gait analysis", "Biometrics", "Iris recognition", "Fingerprint",
        "Speaker recognition", "Speaker identification", "Video tracking", "Tracking (education)", "Pedestrian", "Pedestrian detection",
        "Crowds", "Surveillance", "Video surveillance", "Anomaly detection", "License", "Lip reading", "Deepfake", "Censorship", "Public opinion",
    ];

    public static Command Create()
    {
        var command = new Command("topics", "Topic classifier on real data: share flagged and topic mix on the dataset-harms corpora, every flag on the OpenAlex sample, throughput.\n\n" +
            "Example:\n  collabscreen bench topics                       (finds ../shared/data beside the checkout)\n" +
            "  collabscreen bench topics --data DIR --seconds 5");
        var data = new Option<DirectoryInfo?>("--data") { Description = "The shared data directory (default: ../shared/data beside the repository)" };
        var seconds = new Option<double>("--seconds") { Description = "How long to run the throughput measurement", DefaultValueFactory = _ => 3 };
        command.Options.Add(data);
        command.Options.Add(seconds);
        command.SetAction(parse =>
        {
            var root = parse.GetValue(data)?.FullName ?? FindSharedData()
                ?? throw new UsageException("bench topics: ../shared/data not found beside the repository; give --data DIR");
            // The files the bench reads, checked up front: a wrong DIR is a usage error naming what is missing, not a stack trace.
            var missing = BenchFiles.Where(f => !File.Exists(Path.Combine(root, f))).ToList();
            if (missing.Count > 0)
                throw new UsageException($"bench topics: --data {root}: not the shared data directory (missing {string.Join(", ", missing)}); " +
                                         "give the directory that holds dataset-harms/ and openalex/, e.g. ../shared/data");
            Run(root, parse.GetValue(seconds), Console.Out);
            return CollabScreen.Cli.Cli.Ok;
        });
        return command;
    }

    private static readonly string[] BenchFiles =
        ["dataset-harms/msceleb1m_all.csv", "dataset-harms/dukemtmc_all.csv", "openalex/works-sample-2022schema.jsonl.gz"];

    private static string? FindSharedData()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CollabScreen.slnx")))
                {
                    var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (Directory.Exists(shared)) return shared;
                }
        return null;
    }

    public static void Run(string dataRoot, double seconds, TextWriter o)
    {
        var load = Stopwatch.StartNew();
        var classifier = TopicClassifier.LoadBundled();
        o.WriteLine($"taxonomy: {classifier.Taxonomy.Topics.Count} topics, {classifier.Taxonomy.NegativeContexts.Count} negative contexts, loaded in {load.ElapsedMilliseconds} ms");
        o.WriteLine();

        var msceleb = ReadCorpus(Path.Combine(dataRoot, "dataset-harms", "msceleb1m_all.csv"));
        var duke = ReadCorpus(Path.Combine(dataRoot, "dataset-harms", "dukemtmc_all.csv"));
        var detector = new DatasetDetector(DatasetRegistry.LoadBundled());
        var a = Corpus(o, classifier, detector, "MS-Celeb-1M citing papers", msceleb, "face");
        var b = Corpus(o, classifier, detector, "DukeMTMC citing papers", duke, "person");
        var papers = msceleb.Count + duke.Count;
        o.WriteLine($"== both corpora: {a.Flagged + b.Flagged:N0} of {papers:N0} flagged ({Pct(a.Flagged + b.Flagged, papers)}); " +
                    $"expected family among flagged {Pct(a.RightFamily + b.RightFamily, a.Flagged + b.Flagged)} (top topic: {Pct(a.RightTop + b.RightTop, a.Flagged + b.Flagged)})");
        o.WriteLine($"   acceptance asks >= 90% flagged and >= 90% right family; papers with no surveillance word in title/abstract cannot be flagged honestly (see the unflagged samples above)");
        o.WriteLine($"== both corpora, papers naming a registry dataset in title/abstract: {a.Naming + b.Naming:N0} of {papers:N0}; flagged {a.NamingFlagged + b.NamingFlagged:N0} ({Pct(a.NamingFlagged + b.NamingFlagged, a.Naming + b.Naming)}); " +
                    $"expected family among those flagged {Pct(a.NamingRightFamily + b.NamingRightFamily, a.NamingFlagged + b.NamingFlagged)}");
        o.WriteLine();

        OpenAlex(o, classifier, Path.Combine(dataRoot, "openalex", "works-sample-2022schema.jsonl.gz"));
        Throughput(o, classifier, msceleb.Concat(duke).ToList(), seconds);
    }

    private static List<Work> ReadCorpus(string path)
    {
        var report = new ReadReport();
        var works = CsvWorkReader.Read(path, new CsvColumns(Id: "paperId"), report).ToList();
        if (report.HasErrors) throw new InvalidDataException($"{path}: {report.Summary()}; first error: {report.Errors[0]}");
        return works;
    }

    private sealed record CorpusResult(int Flagged, int RightFamily, int RightTop, int Naming, int NamingFlagged, int NamingRightFamily);

    private static CorpusResult Corpus(TextWriter o, TopicClassifier classifier, DatasetDetector detector, string name, List<Work> works, string expectedFamily)
    {
        var results = works.Select(w => (Work: w, Hits: classifier.Classify(w))).ToList();
        // A mention in a sentence about the dataset (withdrawn, ethics) or negated is not use; citations are not in these files.
        var naming = results.Where(r => detector.Detect(r.Work).Any(h => h.Via == "mention" && h.Context == "use")).ToList();
        var namingFlagged = naming.Count(r => r.Hits.Count > 0);
        var namingRight = naming.Count(r => r.Hits.Any(h => h.Family == expectedFamily));
        var flagged = results.Where(r => r.Hits.Count > 0).ToList();
        var right = flagged.Count(r => r.Hits.Any(h => h.Family == expectedFamily));
        var rightTop = flagged.Count(r => r.Hits[0].Family == expectedFamily);
        o.WriteLine($"== {name}: {works.Count:N0} papers (title + abstract)");
        o.WriteLine($"   flagged: {flagged.Count:N0} ({Pct(flagged.Count, works.Count)}); with a '{expectedFamily}' topic: {right:N0} of flagged ({Pct(right, flagged.Count)}); top topic '{expectedFamily}': {Pct(rightTop, flagged.Count)}");
        o.WriteLine($"   no abstract: {works.Count(w => w.Abstract is null)}; flagged among those: {results.Count(r => r.Work.Abstract is null && r.Hits.Count > 0)}");
        o.WriteLine($"   naming a registry dataset in title/abstract (used, not only discussed): {naming.Count:N0} ({Pct(naming.Count, works.Count)}); " +
                    $"flagged among those: {namingFlagged:N0} ({Pct(namingFlagged, naming.Count)}); with a '{expectedFamily}' topic: {namingRight:N0} of flagged ({Pct(namingRight, namingFlagged)})");
        o.WriteLine("   family mix (papers with >= 1 topic of the family):");
        foreach (var g in flagged.SelectMany(r => r.Hits.Select(h => h.Family).Distinct()).GroupBy(f => f).OrderByDescending(g => g.Count()))
            o.WriteLine($"     {g.Key,-22} {g.Count(),5}  {Pct(g.Count(), works.Count)}");
        o.WriteLine("   topic mix (papers with the topic; top topic):");
        var top = flagged.GroupBy(r => r.Hits[0].Topic).ToDictionary(g => g.Key, g => g.Count());
        foreach (var g in flagged.SelectMany(r => r.Hits).GroupBy(h => h.Topic).OrderByDescending(g => g.Count()))
            o.WriteLine($"     {g.Key,-32} {g.Count(),5}  {top.GetValueOrDefault(g.Key),5}");
        var wrong = flagged.Where(r => r.Hits.All(h => h.Family != expectedFamily)).ToList();
        o.WriteLine($"   flagged without a '{expectedFamily}' topic: {wrong.Count} (first 10)");
        foreach (var r in wrong.Take(10))
            o.WriteLine($"     {Trim(r.Work.Title, 90)}  -> {string.Join(", ", r.Hits.Select(h => h.Topic))}");
        var unflagged = results.Where(r => r.Hits.Count == 0).ToList();
        o.WriteLine($"   not flagged: {unflagged.Count} (first 15, to audit)");
        foreach (var r in unflagged.Take(15))
            o.WriteLine($"     {Trim(r.Work.Title, 110)}");
        var namingMissed = naming.Where(r => r.Hits.Count == 0).ToList();
        o.WriteLine($"   naming a registry dataset but not flagged: {namingMissed.Count} (first 10)");
        foreach (var r in namingMissed.Take(10))
            o.WriteLine($"     {Trim(r.Work.Title, 90)}  [{string.Join(", ", detector.Detect(r.Work).Where(h => h.Via == "mention" && h.Context == "use").Select(h => h.Name))}]");
        o.WriteLine();
        return new CorpusResult(flagged.Count, right, rightTop, naming.Count, namingFlagged, namingRight);
    }

    private static void OpenAlex(TextWriter o, TopicClassifier classifier, string path)
    {
        var report = new ReadReport();
        var works = OpenAlexFiles.Read([path], report).ToList();
        var results = works.Select(w => (Work: w, Analysis: classifier.Analyze(w))).ToList();
        var flagged = results.Where(r => r.Analysis.Hits.Count > 0).ToList();
        o.WriteLine($"== OpenAlex sample: {works.Count:N0} works (title, abstract, concepts); {report.Summary()}");
        o.WriteLine($"   flagged: {flagged.Count} ({Pct(flagged.Count, works.Count)}); acceptance: <= 2%");
        foreach (var r in flagged)
        {
            o.WriteLine($"   FLAGGED {Short(r.Work.Id)}  {Trim(r.Work.Title, 100)}");
            foreach (var h in r.Analysis.Hits)
                o.WriteLine($"       {h.Topic} ({h.Family}, {h.Score:0.00}): {string.Join("; ", h.Evidence)}");
            o.WriteLine($"       OpenAlex concepts: {Concepts(r.Work)}");
        }
        var suppressed = results.Where(r => r.Analysis.Suppressed.Count > 0).ToList();
        o.WriteLine($"   suppressed by a negative context: {suppressed.Count}");
        foreach (var r in suppressed)
        {
            o.WriteLine($"   SUPPRESSED {Short(r.Work.Id)}  {Trim(r.Work.Title, 100)}");
            foreach (var s in r.Analysis.Suppressed)
                o.WriteLine($"       {s.Hit.Topic} ({s.Hit.Score:0.00}: {string.Join("; ", s.Hit.Evidence.Take(3))}) <- {s.Context} ({s.ContextScore:0.00}: {string.Join("; ", s.ContextEvidence.Take(4))})");
        }
        // OpenAlex's own view: works whose concepts name a surveillance topic, and what we decided for each.
        var byConcept = results.Where(r => r.Work.Subjects.Any(s => s.Kind == SubjectKind.Concept && SurveillanceConcepts.Contains(s.Name))).ToList();
        o.WriteLine($"   OpenAlex concepts naming a surveillance topic ({string.Join(", ", SurveillanceConcepts.Take(6))}, ...): {byConcept.Count} works");
        foreach (var r in byConcept)
        {
            var ours = r.Analysis.Hits.Count > 0 ? "flagged: " + string.Join(", ", r.Analysis.Hits.Select(h => h.Topic))
                : r.Analysis.Suppressed.Count > 0 ? "suppressed: " + string.Join(", ", r.Analysis.Suppressed.Select(s => s.Context).Distinct())
                : "not flagged";
            var concepts = string.Join(", ", r.Work.Subjects.Where(s => SurveillanceConcepts.Contains(s.Name)).Select(s => $"{s.Name} {s.Score:0.00}"));
            o.WriteLine($"     {Short(r.Work.Id)}  {Trim(r.Work.Title, 70)}  [{concepts}]  -> {ours}");
        }
        var deep = results.Count(r => r.Work.Subjects.Any(s => s.Name == "Deep learning"));
        o.WriteLine($"   OpenAlex 'Deep learning' concept: {deep} works, of which flagged by us: {results.Count(r => r.Analysis.Hits.Count > 0 && r.Work.Subjects.Any(s => s.Name == "Deep learning"))}");
        o.WriteLine();
    }

    private static void Throughput(TextWriter o, TopicClassifier classifier, List<Work> works, double seconds)
    {
        // Title + abstract only, one thread; repeat the corpora until the time is up. Wall-clock rates depend on
        // what else runs on the machine, so the rate per CPU-second of this process (one busy thread) is given too.
        var plain = works.Select(w => w with { Subjects = [] }).ToList();
        var chars = plain.Sum(w => (long)(w.Title?.Length ?? 0) + (w.Abstract?.Length ?? 0));
        foreach (var w in plain) classifier.Classify(w); // warm-up (JIT)
        var process = Process.GetCurrentProcess();
        var passRates = new List<double>();
        long records = 0;
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || passRates.Count < 3)
        {
            var pass = Stopwatch.StartNew();
            foreach (var w in plain) classifier.Classify(w);
            passRates.Add(plain.Count / pass.Elapsed.TotalSeconds);
            records += plain.Count;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        passRates.Sort();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        o.WriteLine($"== throughput (one thread, title + abstract, {plain.Count:N0} papers x {passRates.Count} passes, avg {chars / plain.Count:N0} chars/paper; {Environment.ProcessorCount} cores, load average {load})");
        o.WriteLine($"   wall clock: {records / elapsed:N0} records/s overall, best pass {passRates[^1]:N0}/s, median pass {passRates[passRates.Count / 2]:N0}/s, {chars * passRates.Count / elapsed / 1e6:N1} M chars/s");
        o.WriteLine($"   per CPU-second of this process: {records / cpu:N0} records/s (acceptance: >= 50,000 records/s on one core)");
    }

    private static string Concepts(Work w) =>
        string.Join(", ", w.Subjects.Where(s => s.Kind == SubjectKind.Concept).OrderByDescending(s => s.Score).Take(8).Select(s => $"{s.Name} {s.Score:0.00}"));

    private static string Short(string id) => id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? id[21..] : id;
    private static string Trim(string? s, int n) => s is null ? "(no title)" : s.Length > n ? s[..(n - 3)] + "..." : s;
    private static string Pct(long part, long whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:0.0}%";
}
