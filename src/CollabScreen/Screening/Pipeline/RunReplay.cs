using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CollabScreen.Reference;
using CollabScreen.Reporting;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Screening.Pipeline;

/// <summary>
/// Renders a stored run again: its findings, read back with <see cref="FindingJson.Read"/>, go to the same sinks a
/// screen uses (JSONL, CSV, HTML, table), with the run's recorded request (inputs, institution, policy). Nothing is
/// screened again; the findings are the ones stored.
/// </summary>
public static class RunReplay
{
    /// <exception cref="StorageException">No such run, or the store cannot be read.</exception>
    /// <exception cref="FormatException">A stored finding is not a finding (names the run and work).</exception>
    public static async Task<ScreeningOutcome> RunAsync(FindingStore store, long runId, IReadOnlyList<IFindingSink> sinks, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var run = store.GetRun(runId) ?? throw new StorageException($"no run {runId} in {store.Location.Description}");
        var request = RequestOf(run);
        var policy = request.Policy is { } path && File.Exists(path) ? SeverityPolicy.Load(path) : SeverityPolicy.LoadBundled();
        var lists = Watchlists.LoadBundled();
        var report = new ReadReport();
        var tally = new RunTally();
        var aggregates = new CollaborationSummary(request.Institution);
        var inputs = request.Source.Describe();
        var scope = request.Institution is null ? inputs : $"{request.Institution} — {inputs}";
        var flagged = run.FindingsBySeverity.Where(kv => kv.Key != "none").Sum(kv => kv.Value);
        ScreeningRun Snapshot()
        {
            var bySeverity = tally.BySeverity().ToDictionary();
            // Works that were read but not stored (severity none without --all) count as none, as in the screen.
            if (run.WorksRead is { } read) bySeverity[Severity.None] = Math.Max(bySeverity[Severity.None], read - flagged);
            return new(aggregates.HomeName is { } home ? $"{home} — {inputs}" : scope, request.Source.Inputs, request.Institution,
                policy.Name, policy.Source, lists.Lists, run.Started, (run.Finished ?? run.Started) - run.Started,
                run.WorksRead ?? tally.Assessed, run.WorksSkipped ?? 0, bySeverity);
        }
        var context = new ScreeningContext(request, policy, lists, run.Started, report, tally, aggregates, Snapshot);
        IReadOnlyList<IFindingSink> all = [new TallySink(tally), new CollaborationSink(aggregates), .. sinks];
        foreach (var sink in all) await sink.BeginAsync(context, cancel);
        var status = RunOutcome.Finished;
        try
        {
            foreach (var finding in InScreenOrder(store.FindingsOf(runId).Select(f => Read(runId, f)), run.Inputs))
            {
                cancel.ThrowIfCancellationRequested();
                foreach (var sink in all) await sink.OnFindingAsync(new ScreenedWork(null, finding, true), cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { status = RunOutcome.Cancelled; }
        catch
        {
            var failed = new ScreeningOutcome(RunOutcome.Failed, Snapshot(), report, null);
            foreach (var sink in all) await sink.FinishAsync(failed);
            throw;
        }
        var outcome = new ScreeningOutcome(status, Snapshot(), report, null);
        foreach (var sink in all) await sink.FinishAsync(outcome);
        return outcome;
    }

    /// <summary>The request a stored run recorded (its options JSON and inputs).</summary>
    public static ScreeningRequest RequestOf(RunRecord run)
    {
        using var doc = JsonDocument.Parse(run.OptionsJson);
        var o = doc.RootElement;
        string? S(string name) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool B(string name) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        return new ScreeningRequest
        {
            Source = new RecordedSource(run.Inputs),
            Registry = S("registry"), Policy = S("policy"), Institution = S("institution"), All = B("all"), FullText = S("fulltext"),
            Command = run.Command,
        };
    }

    private static Finding Read(long runId, StoredFinding f)
    {
        try { return FindingJson.Read(f.Json); }
        catch (FormatException e) { throw new FormatException($"run {runId}, work {f.WorkId}: {e.Message}", e); }
    }

    /// <summary>
    /// The store keeps findings in work id order; a screen wrote them in input order. A finding's origin ("file:line")
    /// gives that order back for file inputs; findings whose origin names no input (API pages) keep the store's order, last.
    /// </summary>
    public static IEnumerable<Finding> InScreenOrder(IEnumerable<Finding> findings, IReadOnlyList<string> inputs)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++) index.TryAdd(inputs[i], i);
        return findings.Select((f, n) => (f, n, key: Position(f.Origin, index))).OrderBy(x => x.key.Input).ThenBy(x => x.key.Line).ThenBy(x => x.n).Select(x => x.f);
    }

    private static (int Input, long Line) Position(string? origin, Dictionary<string, int> inputs)
    {
        var colon = origin?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !inputs.TryGetValue(origin![..colon], out var input)
            || !long.TryParse(origin.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line))
            return (int.MaxValue, 0);
        return (input, line);
    }

    /// <summary>A stored run's inputs: described as the screen described them, never read again.</summary>
    private sealed record RecordedSource(IReadOnlyList<string> Paths) : WorkSource
    {
        public override IReadOnlyList<string> Inputs => Paths;

        public override string Describe() => Paths.Count == 1 && Paths[0].StartsWith("OpenAlex API", StringComparison.Ordinal)
            ? Paths[0] : new FileSource(Paths).Describe();

        public override WorkFeed Open(ReadReport report, Action<OpenAlexApiProgress>? onPage, CancellationToken cancel) =>
            throw new InvalidOperationException("a stored run is rendered from its findings, not read again");
    }
}
