using System.CommandLine;
using System.Diagnostics;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Storage;
using Spectre.Console;

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
        var max = new Option<long?>("--max") { HelpName = "N", Description = "Stop after N works (with --input or --openalex)" };
        var scopeOption = new Option<string>("--scope")
        {
            HelpName = "institution|all", DefaultValueFactory = _ => "institution",
            Description = "With --input and --institution: screen only the works with an author at the institution or its child units " +
                          "(institution, the default), or every work (all)",
        };
        scopeOption.AcceptOnlyFromAmong("institution", "all");
        var csv = CsvColumnOptions.Create();
        foreach (var o in new Option[] { input, registry, policy, format, output, all, pdf, summary, progress, db, noDb, threads, fullText, max, scopeOption })
            command.Options.Add(o);
        foreach (var o in csv.All)
            command.Options.Add(o);
        // --openalex with --institution/--author/--from/--to (and credentials, cache); --institution also names the
        // screened institution for --input (centre of the report's network, "our" authors in --summary).
        var openAlex = new OpenAlexQueryOptions();
        openAlex.AddTo(command);
        var institution = openAlex.Institution;
        institution.Description = "With --openalex: whose works to fetch (ROR id, OpenAlex id I..., or a name). With --input: the screened " +
                                  "institution (ROR id, OpenAlex id or name): only works with an author there are screened (see --scope); centre of the report's network, 'our' authors in --summary";

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
                openAlex.RejectWithoutOpenAlex(parse, openAlex.Institution, max);
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
                parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(pdf), parse.GetValue(summary),
                !parse.GetValue(progress) && !Console.IsErrorRedirected, parse.GetValue(noDb) ? null : parse.GetValue(db) ?? "");
            var request = new ScreeningRequest
            {
                Source = new FileSource(files, csv.Columns(parse)),
                Max = parse.GetValue(max),
                Registry = registryPath,
                Policy = parse.GetValue(policy),
                Institution = parse.GetValue(institution),
                All = parse.GetValue(all),
                Scope = parse.GetValue(scopeOption) == "all" ? WorkScope.All : WorkScope.Institution,
                Threads = Math.Max(1, parse.GetValue(threads)),
                FullText = parse.GetValue(fullText)?.FullName,
                Command = "collabscreen " + string.Join(" ", parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value)),
                Presentation = new Dictionary<string, object?>
                {
                    ["format"] = options.Format, ["output"] = options.Output?.FullName, ["pdf"] = options.Pdf?.FullName, ["summary"] = options.Summary,
                },
            };
            if (!fromApi) return Run(request, options);
            try
            {
                var source = new OpenAlexSource(openAlex.ResolvedQuery(parse), openAlex.ApiOptions(parse), openAlex.Query(parse));
                return Run(request with { Source = source }, options);
            }
            catch (OpenAlexApiException e)
            {
                Console.Error.WriteLine($"collabscreen: {e.Message}");
                return Cli.Failure;
            }
        });
        return command;
    }

    /// <summary>How this front end shows a run: format and destination, PDF, summary view, progress, store.</summary>
    private sealed record ScreenOptions(string Format, FileInfo? Output, FileInfo? Pdf, bool Summary, bool Progress, string? Db);

    private static int Run(ScreeningRequest request, ScreenOptions o)
    {
        // Open the store first, so a bad --db fails before any work is done.
        using var store = o.Db is null ? null : FindingStore.Open(o.Db.Length == 0 ? null : o.Db);
        var storeSink = store is null ? null : new StoreSink(store);

        using var outputs = new Outputs(o.Format, o.Output, o.Pdf, o.Summary);
        var sinks = new List<IFindingSink>(outputs.Sinks);
        if (storeSink is not null) sinks.Add(storeSink);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        ScreeningOutcome outcome;
        try
        {
            var engine = new ScreeningEngine(line => Console.Error.WriteLine(line));
            // The API source draws its own progress bar; the screening line is for files.
            if (request.Source is OpenAlexSource && o.Progress)
                outcome = OpenAlexBar.Run(progress => engine.RunAsync(request, sinks, progress, cancel.Token));
            else
            {
                using var line = o.Progress && request.Source is FileSource ? new ProgressLine() : null;
                outcome = engine.RunAsync(request, sinks, line, cancel.Token).GetAwaiter().GetResult();
            }
        }
        finally { Console.CancelKeyPress -= onCtrlC; }
        outputs.Complete(outcome.Status, "screen");
        if (storeSink?.Run is { } run)
            Console.Error.WriteLine(outcome.Status == RunOutcome.Finished
                ? $"screen: stored as run {run.Id} in {store!.Location.Description} (collabscreen runs show {run.Id})"
                : $"screen: run {run.Id} in {store!.Location.Description} is kept as {outcome.Status.ToString().ToLowerInvariant()} (never latest or previous)");
        if (outcome.SourceSummary is { } read) Console.Error.WriteLine($"screen: {read}");
        if (outcome.Run.ScopeLine is { } scope) Console.Error.WriteLine($"screen: {scope}");
        Console.Error.WriteLine($"screen: {outcome.Run.Summary()}");
        if (outcome.Status == RunOutcome.Cancelled)
        {
            Console.Error.WriteLine("screen: cancelled");
            return Cli.Cancelled;
        }
        if (outcome.Report.HasErrors) Console.Error.WriteLine($"screen: {outcome.Report.ErrorCount:N0} input error(s); see the messages above");
        return outcome.Report.HasErrors ? Cli.Failure : Cli.Ok;
    }

    /// <summary>The OpenAlex fetch as a progress bar on stderr (Spectre draws it while the engine runs inside).</summary>
    private static class OpenAlexBar
    {
        public static ScreeningOutcome Run(Func<IProgress<ScreeningProgress>, Task<ScreeningOutcome>> run)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            ScreeningOutcome? outcome = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("OpenAlex: fetching first page");
                    task.IsIndeterminate = true;
                    outcome = run(new Bar(task)).GetAwaiter().GetResult();
                    task.Value = task.MaxValue;
                });
            return outcome!;
        }

        private sealed class Bar(ProgressTask task) : IProgress<ScreeningProgress>
        {
            public void Report(ScreeningProgress value)
            {
                if (value.Api is not { } p) return;
                var total = p.Total ?? p.Works;
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, total);
                task.Value = p.Works;
                task.Description = $"OpenAlex: {p.Works:N0}/{total:N0} works, {p.Pages:N0} page(s)";
            }
        }
    }

    /// <summary>A single self-rewriting line on stderr: works screened, flagged, rate, current file.</summary>
    private sealed class ProgressLine : IProgress<ScreeningProgress>, IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _last;
        private bool _shown;

        public void Report(ScreeningProgress p)
        {
            var now = _clock.ElapsedMilliseconds;
            if (now - _last < 250) return;
            _last = now;
            var rate = p.Read / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var line = $"screening: {p.Read:N0} works, {p.Flagged:N0} flagged, {rate:N0}/s · {Path.GetFileName(p.Source)}";
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
