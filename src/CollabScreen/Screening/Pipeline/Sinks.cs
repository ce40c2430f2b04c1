using CollabScreen.Reporting;
using CollabScreen.Storage;

namespace CollabScreen.Screening.Pipeline;

/// <summary>A sink that does nothing unless overridden; the sinks below say only what they do.</summary>
public abstract class FindingSink : IFindingSink
{
    public virtual ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel) => default;
    public virtual ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel) => default;
    public virtual ValueTask FinishAsync(ScreeningOutcome outcome) => default;
}

/// <summary>Counts every screened work by severity (the engine runs one for each run, see <see cref="ScreeningContext.Tally"/>).</summary>
public sealed class TallySink(RunTally tally) : FindingSink
{
    public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
    {
        tally.Add(item.Finding);
        return default;
    }
}

/// <summary>Aggregates partners and authors (the engine runs one for each run, see <see cref="ScreeningContext.Aggregates"/>).</summary>
public sealed class CollaborationSink(CollaborationSummary summary) : FindingSink
{
    public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
    {
        summary.Add(item.Finding);
        return default;
    }
}

/// <summary>
/// Streams the reported findings to a writer (JSONL, CSV, a console table) and completes it at the end; a failed run
/// is not completed (no totals for a run that did not end), a cancelled one is, so what was screened is kept.
/// </summary>
public class WriterSink(IFindingWriter writer) : FindingSink
{
    public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
    {
        if (item.Reported) writer.Write(item.Finding);
        return default;
    }

    public override ValueTask FinishAsync(ScreeningOutcome outcome)
    {
        if (outcome.Status != RunOutcome.Failed) writer.Complete();
        return default;
    }
}

/// <summary>The HTML report: needs the run's policy, aggregates and closing figures, so its writer is made at the start.</summary>
public sealed class HtmlSink(TextWriter output) : FindingSink
{
    private HtmlFindingWriter? _writer;

    public override ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel)
    {
        _writer = new HtmlFindingWriter(output, context.Snapshot, context.Aggregates, context.Policy);
        return default;
    }

    public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
    {
        if (item.Reported) _writer!.Write(item.Finding);
        return default;
    }

    public override ValueTask FinishAsync(ScreeningOutcome outcome)
    {
        if (outcome.Status != RunOutcome.Failed) _writer!.Complete();
        output.Flush();
        return default;
    }
}

/// <summary>Aggregates per partner institution and per author instead of findings (--summary), as JSONL or CSV.</summary>
public sealed class SummarySink(TextWriter output, string format) : FindingSink
{
    private ScreeningContext? _context;

    public override ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel)
    {
        _context = context;
        return default;
    }

    public override ValueTask FinishAsync(ScreeningOutcome outcome)
    {
        if (outcome.Status == RunOutcome.Failed) return default;
        if (format == "csv") SummaryCsv.Write(output, _context!.Aggregates);
        else output.Write(SummaryJson.Serialize(_context!.Aggregates));
        output.Flush();
        return default;
    }
}

/// <summary>
/// Records the run in a store: begins it with the request's options, lists and inputs, adds reported findings in
/// batches, and closes it with the outcome. Only a finished run is marked finished, so a failed or cancelled run is
/// never taken as latest or previous.
/// </summary>
public sealed class StoreSink(FindingStore store, int batchSize = 2000) : FindingSink
{
    private readonly List<StoredFinding> _batch = [];

    /// <summary>The stored run, once begun.</summary>
    public RunRecord? Run { get; private set; }

    public FindingStore Store => store;

    public override ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel)
    {
        var r = context.Request;
        Run = store.BeginRun(r.Command, r.OptionsJson(), r.Source.Inputs, RunRecord.ListVersionsOf(context.Lists.Lists), context.Started);
        return default;
    }

    public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
    {
        if (!item.Reported) return default;
        _batch.Add(StoredFinding.FromJson(Run!.Id, FindingJson.Serialize(item.Finding)));
        if (_batch.Count >= batchSize) Flush();
        return default;
    }

    public override ValueTask FinishAsync(ScreeningOutcome outcome)
    {
        if (outcome.Status == RunOutcome.Failed) { _batch.Clear(); Close(outcome); return default; }
        Flush();
        Close(outcome);
        return default;
    }

    private void Flush()
    {
        store.AddFindings(_batch);
        _batch.Clear();
    }

    /// <summary>The one place where a run's end meets the store: its status decides whether it can be latest/previous.</summary>
    private void Close(ScreeningOutcome outcome)
    {
        var status = outcome.Status switch
        {
            RunOutcome.Finished => RunStatus.Finished,
            RunOutcome.Cancelled => RunStatus.Cancelled,
            _ => RunStatus.Failed,
        };
        Run = store.EndRun(Run!.Id, status, outcome.Report.Read, outcome.Report.Skipped, outcome.Error?.Message);
    }
}
