using System.CommandLine;
using System.Diagnostics;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen screen`: the main job. Works in, findings with evidence out, most severe first.</summary>
public static class ScreenCommand
{
    public static Command Create()
    {
        var command = new Command("screen", """
            Screen works for listed co-author institutions, surveillance topics and withdrawn datasets.
            Every finding carries its evidence: author, affiliation string, list entry with date and source,
            topic words, dataset mentions, and the policy rules that fired.

            Examples:
              collabscreen screen --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --registry ../shared/data/ror/ror-records.jsonl.gz
              collabscreen screen --input works.jsonl.gz --format html --output report.html --pdf report.pdf
              collabscreen screen --input works.jsonl.gz --institution https://ror.org/01an7q238 --summary
              collabscreen screen --input works.jsonl.gz --format jsonl --all --policy my-policy.json
              collabscreen screen --openalex --institution 0300m5276 --from 2018-01-01 --registry ror.jsonl.gz --format html -o report.html
            """);
        var input = Cli.InputOption();
        var registry = new Option<string?>("--registry") { HelpName = "FILE", Description = "ROR data dump (.json, .jsonl, .gz, .zip) for resolving raw affiliation strings" };
        var policy = new Option<string?>("--policy") { HelpName = "FILE", Description = "Severity policy file (default: the bundled data/policy/default-policy.json)" };
        var format = Cli.FormatOption("table", "table", "jsonl", "csv", "html");
        var output = Cli.OutputOption();
        var all = new Option<bool>("--all") { Description = "Also emit works with severity none" };
        var pdf = new Option<FileInfo?>("--pdf") { HelpName = "FILE", Description = "Also print the HTML report to this PDF (needs Chromium)" };
        var summary = new Option<bool>("--summary") { Description = "Print aggregates per co-author institution and per author instead of findings" };
        var progress = new Option<bool>("--no-progress") { Description = "No progress line on stderr" };
        var db = RunsCommand.DbOption();
        var noDb = new Option<bool>("--no-db") { Description = "Do not record this run (by default every run is stored, see `collabscreen runs`)" };
        var fullText = new Option<DirectoryInfo?>("--fulltext") { Description = "Directory of full texts (ID.txt or ID.tei.xml, ID as in the work id) searched for datasets too", HelpName = "DIR" };
        var threads = new Option<int>("--threads") { HelpName = "N", Description = "Works screened in parallel (default: one per core); output order is the input order", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (var o in new Option[] { input, registry, policy, format, output, all, pdf, summary, progress, db, noDb, threads, fullText })
            command.Options.Add(o);
        // --openalex with --institution/--author/--from/--to (and credentials, cache); --institution also names the
        // screened institution for --input (centre of the report's network, "our" authors in --summary).
        var openAlex = new OpenAlexQueryOptions();
        openAlex.AddTo(command);
        var institution = openAlex.Institution;
        institution.Description = "With --openalex: whose works to fetch (ROR id, OpenAlex id I..., or a name). With --input: the screened " +
                                  "institution (ROR id, OpenAlex id or name): centre of the report's network, 'our' authors in --summary";

        command.SetAction(parse =>
        {
            var paths = parse.GetValue(input) ?? [];
            var fromApi = openAlex.IsRequested(parse);
            IReadOnlyList<string> files = [];
            if (fromApi)
            {
                if (paths.Length > 0) throw new UsageException("screen: give --input PATH or --openalex, not both");
                openAlex.Query(parse); openAlex.ApiOptions(parse); // usage errors before anything is written
            }
            else
            {
                openAlex.RejectWithoutOpenAlex(parse, openAlex.Institution);
                if (paths.Length == 0)
                    throw new UsageException("screen: give --input PATH (OpenAlex files, a snapshot directory, CSV) or --openalex with --institution/--author");
                try { files = WorkFiles.ExpandPaths(paths); }
                catch (FileNotFoundException e) { throw new UsageException(e.Message); }
            }
            var registryPath = parse.GetValue(registry);
            if (registryPath is not null && !File.Exists(registryPath))
                throw new UsageException($"screen: --registry {registryPath}: file not found (download the ROR data dump from https://zenodo.org/communities/ror-data)");
            if (parse.GetValue(noDb) && parse.GetValue(db) is not null) throw new UsageException("screen: --db and --no-db contradict each other");
            if (parse.GetValue(fullText) is { Exists: false } missing) throw new UsageException($"screen: --fulltext directory not found: {missing.FullName}");

            var options = new ScreenOptions(
                files, registryPath, parse.GetValue(institution), parse.GetValue(policy), parse.GetValue(format)!,
                parse.GetValue(output), parse.GetValue(all), parse.GetValue(pdf), parse.GetValue(summary),
                !parse.GetValue(progress) && !Console.IsErrorRedirected,
                parse.GetValue(noDb) ? null : parse.GetValue(db) ?? "",
                "collabscreen " + string.Join(" ", parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value)),
                Math.Max(1, parse.GetValue(threads)), parse.GetValue(fullText)?.FullName);
            if (!fromApi) return Run(options, (report, consume) => { consume(ReadWorks(files, report)); return report.Summary(); });
            var query = openAlex.Query(parse);
            try
            {
                // The API client draws its own progress bar; the screening line stays off.
                return Run(options with { Progress = false, Inputs = [$"OpenAlex API: {query}"] },
                    (report, consume) => openAlex.Fetch(parse, report, null, options.Progress, consume));
            }
            catch (OpenAlexApiException e)
            {
                Console.Error.WriteLine($"collabscreen: {e.Message}");
                return Cli.Failure;
            }
        });
        return command;
    }

    private sealed record ScreenOptions(
        IReadOnlyList<string> Inputs, string? Registry, string? Institution, string? Policy, string Format, FileInfo? Output,
        bool All, FileInfo? Pdf, bool Summary, bool Progress, string? Db, string CommandLine, int Threads, string? FullText)
    {
        /// <summary>The options as stored with the run (a JSON object; paths as given).</summary>
        public string Json() => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["registry"] = Registry, ["institution"] = Institution, ["policy"] = Policy ?? SeverityPolicy.BundledPath, ["format"] = Format,
            ["output"] = Output?.FullName, ["all"] = All, ["pdf"] = Pdf?.FullName, ["summary"] = Summary, ["fulltext"] = FullText,
        });
    }

    /// <summary>Feeds works to the consumer (files or the OpenAlex API) and returns the reader's summary line.</summary>
    private delegate string WorkFeed(ReadReport report, Action<IEnumerable<Work>> consume);

    private static int Run(ScreenOptions o, WorkFeed feed)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var policy = o.Policy is null ? SeverityPolicy.LoadBundled() : SeverityPolicy.Load(o.Policy);
        PolicyVocabulary.Bundled().Check(policy); // an unknown list, topic, category or dataset value would never fire
        var signals = ScreenSignals.Build(o.Registry, line => Console.Error.WriteLine(line), o.FullText);
        var screener = new Screener(policy);
        // Open the store first, so a bad --db fails before any work is done.
        using var store = o.Db is null ? null : FindingStore.Open(o.Db.Length == 0 ? null : o.Db);
        var run = store?.BeginRun(o.CommandLine, o.Json(), o.Inputs, RunRecord.ListVersionsOf(signals.Lists.Lists), started);
        var toStore = new List<StoredFinding>();
        var report = Cli.StderrReport();
        var tally = new RunTally();
        var aggregates = new CollaborationSummary(o.Institution);
        var inputs = o.Inputs.Count == 1 && o.Inputs[0].StartsWith("OpenAlex API", StringComparison.Ordinal)
            ? o.Inputs[0]
            : $"{o.Inputs.Count} input file(s): {string.Join(", ", o.Inputs.Select(f => Path.GetFileName(f)).Take(3))}{(o.Inputs.Count > 3 ? ", …" : "")}";
        var scope = o.Institution is null ? inputs : $"{o.Institution} — {inputs}";
        ScreeningRun Snapshot() => new(aggregates.HomeName is { } home ? $"{home} — {inputs}" : scope, o.Inputs, o.Institution, policy.Name, policy.Source, signals.Lists.Lists, started,
            clock.Elapsed, report.Read, report.Skipped, tally.BySeverity());

        // HTML is needed for --format html and for --pdf; when only --pdf asks for it, it goes to a temporary file.
        var htmlPath = o.Format == "html" && o.Output is not null ? o.Output.FullName : null;
        string? tempHtml = null;
        if (o.Pdf is not null && htmlPath is null)
            htmlPath = tempHtml = Path.Combine(Path.GetTempPath(), $"collabscreen-{Guid.NewGuid():N}.html");
        if (htmlPath is not null) Directory.CreateDirectory(Path.GetDirectoryName(htmlPath)!);
        using var htmlOut = htmlPath is not null ? new StreamWriter(htmlPath, false, new System.Text.UTF8Encoding(false))
            : o.Format == "html" ? Cli.OpenOutput(null) : null;
        using var textOut = o.Format != "html" ? Cli.OpenOutput(o.Output) : null;
        var html = htmlOut is null ? null : new HtmlFindingWriter(htmlOut, Snapshot, aggregates, policy);
        IFindingWriter? main = o.Summary || textOut is null ? null : o.Format switch
        {
            "jsonl" => new JsonlFindingWriter(textOut),
            "csv" => new CsvFindingWriter(textOut),
            _ => new TableFindingWriter(textOut, terminal: o.Output is null && !Console.IsOutputRedirected, width: ConsoleWidth()),
        };

        using var progress = o.Progress ? new ProgressLine(report, tally) : null;
        var readSummary = feed(report, works =>
        {
            foreach (var (work, finding) in AssessInOrder(works, w => screener.Assess(signals.Collector.Collect(w)), o.Threads))
            {
                tally.Add(finding);
                aggregates.Add(finding);
                if (finding.Flagged || o.All)
                {
                    main?.Write(finding);
                    html?.Write(finding);
                    if (run is not null)
                    {
                        toStore.Add(StoredFinding.FromJson(run.Id, FindingJson.Serialize(finding)));
                        if (toStore.Count >= 2000) { store!.AddFindings(toStore); toStore.Clear(); }
                    }
                }
                progress?.Tick(work);
            }
        });
        progress?.Dispose();
        main?.Complete();
        if (o.Summary && textOut is not null) WriteSummary(textOut, aggregates, o);
        html?.Complete();
        htmlOut?.Flush();
        textOut?.Flush();
        if (o.Pdf is not null)
        {
            PdfPrinter.PrintAsync(htmlPath!, o.Pdf.FullName).GetAwaiter().GetResult();
            Console.Error.WriteLine($"screen: wrote {o.Pdf.FullName}");
            if (tempHtml is not null) File.Delete(tempHtml);
        }
        if (run is not null)
        {
            store!.AddFindings(toStore);
            store.FinishRun(run.Id, report.Read, report.Skipped);
            Console.Error.WriteLine($"screen: stored as run {run.Id} in {store.Location.Description} (collabscreen runs show {run.Id})");
        }
        if (o.Inputs.Count == 1 && o.Inputs[0].StartsWith("OpenAlex API", StringComparison.Ordinal))
            Console.Error.WriteLine($"screen: {readSummary}");
        Console.Error.WriteLine($"screen: {Snapshot().Summary()}");
        if (report.HasErrors) Console.Error.WriteLine($"screen: {report.ErrorCount:N0} input error(s); see the messages above");
        return report.HasErrors ? Cli.Failure : Cli.Ok;
    }

    /// <summary>
    /// Assesses works on several threads in batches, yielding them in input order (so output and stored runs do not
    /// depend on scheduling). Reading stays sequential; memory is bounded by one batch.
    /// </summary>
    internal static IEnumerable<(Work Work, Finding Finding)> AssessInOrder(IEnumerable<Work> works, Func<Work, Finding> assess, int threads)
    {
        if (threads <= 1)
        {
            foreach (var w in works) yield return (w, assess(w));
            yield break;
        }
        const int BatchSize = 256;
        var batch = new List<Work>(BatchSize);
        var results = new Finding[BatchSize];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        using var source = works.GetEnumerator();
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && source.MoveNext()) batch.Add(source.Current);
            if (batch.Count == 0) yield break;
            Parallel.For(0, batch.Count, options, i => results[i] = assess(batch[i]));
            for (var i = 0; i < batch.Count; i++) yield return (batch[i], results[i]);
        }
    }

    /// <summary>All input files as one stream, each read in the format its content shows (OpenAlex, WoS, Scopus, CSV).
    /// Plain CSV works carry no authorships, so only their topics can be screened.</summary>
    private static IEnumerable<Work> ReadWorks(IReadOnlyList<string> files, ReadReport report) => WorkFiles.Read(files, report);

    private static int ConsoleWidth()
    {
        try { return Console.IsOutputRedirected ? 160 : Math.Max(100, Console.WindowWidth); }
        catch (IOException) { return 160; }
    }

    private static void WriteSummary(TextWriter writer, CollaborationSummary s, ScreenOptions o)
    {
        switch (o.Format)
        {
            case "jsonl":
                writer.Write(SummaryJson.Serialize(s));
                break;
            case "csv":
                SummaryCsv.Write(writer, s);
                break;
            default:
                TableFindingWriter.WriteSummary(writer, s, terminal: o.Output is null && !Console.IsOutputRedirected, width: ConsoleWidth());
                break;
        }
    }

    /// <summary>A single self-rewriting line on stderr: works screened, flagged, rate, current file.</summary>
    private sealed class ProgressLine(ReadReport report, RunTally tally) : IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _last;
        private bool _shown;

        public void Tick(Work work)
        {
            var now = _clock.ElapsedMilliseconds;
            if (now - _last < 250) return;
            _last = now;
            var rate = report.Read / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var line = $"screening: {report.Read:N0} works, {tally.Flagged:N0} flagged, {rate:N0}/s · {Path.GetFileName(work.Origin.Source)}";
            Console.Error.Write("\r" + (line.Length > 110 ? line[..110] : line.PadRight(110)));
            _shown = true;
        }

        public void Dispose()
        {
            if (!_shown) return;
            Console.Error.Write("\r" + new string(' ', 110) + "\r");
            _shown = false;
        }
    }
}
