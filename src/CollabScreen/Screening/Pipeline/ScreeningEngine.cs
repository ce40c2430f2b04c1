using System.Diagnostics;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Screening.Pipeline;

/// <summary>
/// The screening use case, for every front end: load the policy and signal producers a request names, read its works,
/// assess them in parallel but in input order, and stream each finding to the sinks (store, writers, ...).
/// </summary>
/// <param name="log">Notices for people (registry loaded, skipped records, warnings); the CLI prints them on stderr.</param>
public sealed class ScreeningEngine(Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>
    /// Runs the request. Cancellation is not an exception here: the sinks finish with <see cref="RunOutcome.Cancelled"/>
    /// and the outcome says so. Any other failure finishes the sinks with <see cref="RunOutcome.Failed"/> and is rethrown.
    /// Bad input records are skipped and counted in the outcome's report, never abort the run.
    /// </summary>
    public async Task<ScreeningOutcome> RunAsync(ScreeningRequest request, IReadOnlyList<IFindingSink> sinks,
        IProgress<ScreeningProgress>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var policy = request.Policy is null ? SeverityPolicy.LoadBundled() : SeverityPolicy.Load(request.Policy);
        var signals = ScreeningSignals.For(request, _log);
        // Against the lists this run reads (bundled, imported and fetched): an unknown list, topic, category or dataset
        // value would never fire.
        PolicyVocabulary.Of(signals.Lists, Topics.Taxonomy.LoadBundled(), Datasets.DatasetRegistry.LoadBundled()).Check(policy);
        // With files, --institution selects the works with an author there (the API source already selected them).
        // It is resolved here, before anything is written, so that an unknown name stops the run (exit 2 in the CLI).
        var scope = request.Institution is { } asked && request.Source is FileSource
            ? InstitutionScope.Resolve(asked, signals.Registry, signals.Lists) : null;
        long inScope = 0, outOfScope = 0;
        var screener = new Screener(policy);
        // Review suppressions apply before severity is decided: a pair decided "not this institution" never raises it.
        var suppressions = request.Suppressions
                           ?? (sinks.OfType<StoreSink>().FirstOrDefault() is { } stored ? new Review.ReviewBook(stored.Store).Suppressions() : Suppressions.None);
        long suppressed = 0;
        Finding Assess(Work w)
        {
            var (kept, dropped) = suppressions.Apply(signals.Collector.Collect(w));
            if (dropped > 0) Interlocked.Add(ref suppressed, dropped);
            return screener.Assess(kept);
        }
        var report = new ReadReport
        {
            OnError = e => _log($"error: {e}"),
            OnWarning = w => _log($"warning: {w}"),
        };
        var tally = new RunTally();
        var aggregates = new CollaborationSummary(request.Institution);
        var inputs = request.Source.Describe();
        var scopeText = request.Institution is null ? inputs : $"{request.Institution} — {inputs}";
        string? ScopeLine() => scope is null ? null : request.Scope == WorkScope.All
            ? $"all {inScope + outOfScope:N0} input works screened (--scope all); {inScope:N0} have an author at {scope.Name}"
            : $"{inScope:N0} of {inScope + outOfScope:N0} input works have an author at {scope.Name}";
        ScreeningRun Snapshot() => new(ScopeLine() is { } line ? $"{line} — {inputs}"
                : aggregates.HomeName is { } home ? $"{home} — {inputs}" : scopeText, request.Source.Inputs,
            request.Institution, policy.Name, policy.Source, signals.Lists.Lists, started, clock.Elapsed, report.Read, report.Skipped, tally.BySeverity(),
            sinks.OfType<StoreSink>().FirstOrDefault()?.Run?.Id)
        {
            ScopeLine = ScopeLine(), OutOfScope = request.Scope == WorkScope.All ? 0 : outOfScope, Merged = report.Merged,
        };
        var context = new ScreeningContext(request, policy, signals.Lists, started, report, tally, aggregates, Snapshot);
        // The tally and the aggregates are sinks too, first, so that every other sink sees them up to date.
        sinks = [new TallySink(tally), new CollaborationSink(aggregates), .. sinks];

        var begun = new List<IFindingSink>(sinks.Count);
        string? sourceSummary = null;
        try
        {
            foreach (var sink in sinks)
            {
                await sink.BeginAsync(context, cancel);
                begun.Add(sink);
            }
            string? current = null;
            using (var feed = request.Source.Open(report, p => progress?.Report(new(report.Read, tally.Flagged, current, p)), cancel))
            {
                foreach (var (work, finding) in AssessInOrder(request.Max is { } max ? feed.Works.Take((int)Math.Min(max, int.MaxValue)) : feed.Works, Assess, request.Threads, cancel))
                {
                    current = work.Origin.Source;
                    if (scope is not null)
                    {
                        var covered = scope.Covers(finding);
                        if (covered) inScope++; else outOfScope++;
                        // Out of scope: counted, and left out of the findings, the tally, the network and the summaries.
                        if (!covered && request.Scope == WorkScope.Institution)
                        {
                            progress?.Report(new(report.Read, tally.Flagged, current));
                            cancel.ThrowIfCancellationRequested();
                            continue;
                        }
                    }
                    var item = new ScreenedWork(work, finding, finding.Flagged || request.All);
                    foreach (var sink in sinks) await sink.OnFindingAsync(item, cancel);
                    current = work.Origin.Source;
                    progress?.Report(new(report.Read, tally.Flagged, current));
                    cancel.ThrowIfCancellationRequested();
                }
                sourceSummary = feed.Summary();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            var cancelled = new ScreeningOutcome(RunOutcome.Cancelled, Snapshot(), report, sourceSummary) { Suppressed = suppressed };
            foreach (var sink in begun) await sink.FinishAsync(cancelled);
            return cancelled;
        }
        catch (Exception e)
        {
            var failed = new ScreeningOutcome(RunOutcome.Failed, Snapshot(), report, sourceSummary, e);
            foreach (var sink in begun)
            {
                try { await sink.FinishAsync(failed); }
                catch (Exception inner) { _log($"warning: while closing after a failure: {inner.Message}"); }
            }
            throw;
        }
        if (suppressed > 0) _log($"screen: {suppressed:N0} author–institution pair{(suppressed == 1 ? "" : "s")} suppressed by review decisions");
        var outcome = new ScreeningOutcome(RunOutcome.Finished, Snapshot(), report, sourceSummary) { Suppressed = suppressed };
        foreach (var sink in sinks) await sink.FinishAsync(outcome);
        return outcome;
    }

    /// <summary>
    /// Assesses works on several threads in batches, yielding them in input order (so output and stored runs do not
    /// depend on scheduling). Reading stays sequential; memory is bounded by one batch.
    /// </summary>
    public static IEnumerable<(Work Work, Finding Finding)> AssessInOrder(IEnumerable<Work> works, Func<Work, Finding> assess, int threads,
        CancellationToken cancel = default)
    {
        if (threads <= 1)
        {
            foreach (var w in works) yield return (w, assess(w));
            yield break;
        }
        const int BatchSize = 256;
        var batch = new List<Work>(BatchSize);
        var results = new Finding[BatchSize];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
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
}
