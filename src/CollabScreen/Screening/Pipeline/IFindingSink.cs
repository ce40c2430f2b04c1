using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Sources;

namespace CollabScreen.Screening.Pipeline;

/// <summary>
/// Where a run's findings go, in the manner of ripgrep's Sink: told when the run begins, given every screened work in
/// input order, told how it ended. Sinks run one at a time on the engine's loop, so they need no locking.
/// </summary>
public interface IFindingSink
{
    ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel);

    /// <summary>Every screened work; writers keep those with <see cref="ScreenedWork.Reported"/>, tallies count all.</summary>
    ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel);

    /// <summary>Always called once the run has begun, also when it failed or was cancelled (then with no token to honour).</summary>
    ValueTask FinishAsync(ScreeningOutcome outcome);
}

/// <summary>A screened work (null when replayed from a store), its finding, and whether the run reports it (flagged, or every work with <see cref="ScreeningRequest.All"/>).</summary>
public readonly record struct ScreenedWork(Work? Work, Finding Finding, bool Reported);

/// <summary>How a run ended. A store records it; only finished runs count as latest or previous.</summary>
public enum RunOutcome { Finished, Failed, Cancelled }

/// <summary>What sinks know of the run: the request, the policy and lists in force, the running tally and aggregates.</summary>
public sealed class ScreeningContext(
    ScreeningRequest request, SeverityPolicy policy, Watchlists lists, DateTimeOffset started, ReadReport report,
    RunTally tally, CollaborationSummary aggregates, Func<ScreeningRun> snapshot)
{
    public ScreeningRequest Request => request;
    public SeverityPolicy Policy => policy;
    public Watchlists Lists => lists;
    public DateTimeOffset Started => started;
    public ReadReport Report => report;
    public RunTally Tally => tally;
    /// <summary>Partners and authors across the works so far (the --summary view and the report's network).</summary>
    public CollaborationSummary Aggregates => aggregates;
    /// <summary>The run as a report describes it, as of now.</summary>
    public ScreeningRun Snapshot() => snapshot();
}

/// <summary>The end of a run: how it ended, the run as a report describes it, and what the source said it read.</summary>
public sealed record ScreeningOutcome(RunOutcome Status, ScreeningRun Run, ReadReport Report, string? SourceSummary, Exception? Error = null)
{
    public bool HasInputErrors => Report.HasErrors;
    /// <summary>Author–institution pairs dropped by review suppressions before severity was decided.</summary>
    public long Suppressed { get; init; }
}

/// <summary>How far a run has got; sent after each screened work (throttle in the receiver) and after each API page.</summary>
public readonly record struct ScreeningProgress(long Read, long Flagged, string? Source, OpenAlexApiProgress? Api = null);
