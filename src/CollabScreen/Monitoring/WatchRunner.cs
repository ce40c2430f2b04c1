using System.Security.Cryptography;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Storage;

namespace CollabScreen.Monitoring;

public enum WatchRunStatus { Finished, Failed, Locked, NotDue }

/// <summary>What one run of a watch did: how it ran, the stored run it made, the diff, the alerts delivered and left pending.</summary>
public sealed record WatchRunResult(string Watch, WatchRunStatus Status, string? Mode = null, long? Run = null, long? PreviousRun = null,
    WatchDiff? Diff = null, long WorksRead = 0, int AlertsDelivered = 0, int AlertsPending = 0, string? Message = null);

/// <summary>
/// Runs a watch: under its lock, screen (first run: the baseline; files changed: read again through the screening
/// engine into the store) or re-evaluate the last successful run's stored evidence against the lists and policy in
/// force (files unchanged: no work is read), diff against that run, record an alert per target when something changed,
/// and deliver every pending alert of the watch (this run's and earlier undelivered ones). A failed run is recorded
/// with its reason and changes nothing the next run starts from.
/// </summary>
public sealed class WatchRunner(WatchStore watches, IReadOnlyList<IAlertNotifier> notifiers, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>How long a lock row lives if its holder dies without releasing it.</summary>
    public TimeSpan LockTtl { get; init; } = TimeSpan.FromHours(6);

    /// <summary>When the watch is due after a run: the next time its cron schedule names (none without a schedule).</summary>
    public Func<Watch, DateTimeOffset, DateTimeOffset?> NextDue { get; init; } = (w, now) => WatchScheduler.Next(w.Schedule, now);

    /// <param name="onlyIf">Checked on the watch as stored once the lock is held (the scheduler's "still due?"), so that of two
    /// schedulers that both saw a watch due, the second finds it run and does nothing.</param>
    public async Task<WatchRunResult> RunAsync(string name, CancellationToken cancel = default, Func<Watch, bool>? onlyIf = null)
    {
        _ = watches.Get(name) ?? throw new StorageException($"no watch named '{name}' in {watches.Findings.Location.Description}", StorageProblem.Other);
        var holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        if (!watches.TryLock(name, holder, LockTtl))
            return new WatchRunResult(name, WatchRunStatus.Locked, Message: $"watch '{name}' is being run by another process");
        try
        {
            var watch = watches.Get(name) ?? throw new StorageException($"watch '{name}' was removed", StorageProblem.Other);
            if (onlyIf is not null && !onlyIf(watch)) return new WatchRunResult(name, WatchRunStatus.NotDue, Message: "not due");
            var result = await ScreenAndDiffAsync(watch, cancel);
            var (delivered, pending) = await DeliverPendingAsync(watch, cancel);
            return result with { AlertsDelivered = delivered, AlertsPending = pending };
        }
        finally { watches.Unlock(name, holder); }
    }

    private async Task<WatchRunResult> ScreenAndDiffAsync(Watch watch, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var id = watches.BeginWatchRun(watch.Name, started);
        string? mode = null;
        long? run = null;
        try
        {
            var store = watches.Findings;
            var request = RequestFor(watch);
            var digest = Digest(watch.Inputs);
            long read;
            if (watch.LastSuccessRun is null || digest != watch.InputDigest)
            {
                mode = watch.LastSuccessRun is null ? "baseline" : "screened";
                var sink = new StoreSink(store);
                var outcome = await new ScreeningEngine(_log).RunAsync(request, [sink], null, cancel);
                run = sink.Run?.Id;
                if (outcome.Status != RunOutcome.Finished) throw new OperationCanceledException("the screen was cancelled");
                read = outcome.Report.Read;
            }
            else
            {
                mode = "re-evaluated";
                run = await ReevaluateAsync(watch, request, watch.LastSuccessRun.Value, cancel);
                read = 0;
            }
            WatchDiff? diff = null;
            if (watch.LastSuccessRun is { } previous)
            {
                diff = await WatchDiff.BetweenAsync(store, previous, run!.Value, cancel);
                if (!diff.IsEmpty)
                {
                    var payload = AlertPayload.Serialize(watch, diff, mode, DateTimeOffset.UtcNow);
                    var key = AlertPayload.IdempotencyKey(watch.Name, previous, run.Value);
                    foreach (var target in watch.Notify) watches.AddAlert(watch.Name, id, target, $"{key} {target}", payload);
                }
            }
            watches.RecordSuccess(watch.Name, run!.Value, DateTimeOffset.UtcNow, digest, NextDue(watch, DateTimeOffset.UtcNow));
            watches.EndWatchRun(id, "finished", null, mode, run, watch.LastSuccessRun, read, diff?.Changes.Count);
            return new WatchRunResult(watch.Name, WatchRunStatus.Finished, mode, run, watch.LastSuccessRun, diff, read);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = e is OperationCanceledException && cancel.IsCancellationRequested ? "cancelled" : e.Message;
            watches.EndWatchRun(id, "failed", reason, mode, run, watch.LastSuccessRun, null, null);
            watches.SetNextDue(watch.Name, NextDue(watch, DateTimeOffset.UtcNow));
            _log($"watch {watch.Name}: run failed: {reason}");
            return new WatchRunResult(watch.Name, WatchRunStatus.Failed, mode, run, watch.LastSuccessRun, Message: reason);
        }
    }

    /// <summary>The screening request a watch makes: every work kept (severity none too), so a later listing can escalate any of them.</summary>
    public static ScreeningRequest RequestFor(Watch watch) => new()
    {
        Source = new FileSource(watch.Inputs),
        Institution = watch.Institution,
        // A watch's inputs are taken as the institution's works (its export or its OpenAlex works): every one is kept,
        // so that a later listing of any co-author is seen. `screen --input` scopes mixed files instead.
        Scope = WorkScope.All,
        Policy = watch.Policy,
        ListsDirectory = watch.ListsDirectory,
        All = true,
        Command = $"collabscreen watch run {watch.Name}",
    };

    /// <summary>A new stored run from the stored findings of <paramref name="previous"/>, re-scored with today's lists and policy.</summary>
    private async Task<long> ReevaluateAsync(Watch watch, ScreeningRequest request, long previous, CancellationToken cancel)
    {
        var store = watches.Findings;
        var policy = request.Policy is null ? SeverityPolicy.LoadBundled() : SeverityPolicy.Load(request.Policy);
        var signals = ScreeningSignals.Build(request.Registry, _log, null, request.ListsDirectory);
        var screener = new Screener(policy);
        var old = await store.GetRunAsync(previous, cancel) ?? throw new StorageException($"no run {previous}", StorageProblem.Run);
        var runRecord = await store.BeginRunAsync(request.Command + " (re-evaluated)", request.OptionsJson(), old.Inputs,
            RunRecord.ListVersionsOf(signals.Lists.Lists), DateTimeOffset.UtcNow, cancel);
        try
        {
            var batch = new List<StoredFinding>();
            await foreach (var stored in store.FindingsOfAsync(previous, cancel))
            {
                var finding = Reevaluation.Reevaluate(FindingJson.Read(stored.Json), signals.Collector, screener);
                batch.Add(StoredFinding.FromJson(runRecord.Id, FindingJson.Serialize(finding)));
                if (batch.Count >= 2000) { await store.AddFindingsAsync(batch, cancel); batch.Clear(); }
            }
            await store.AddFindingsAsync(batch, cancel);
            await store.EndRunAsync(runRecord.Id, RunStatus.Finished, 0, 0, null, null, cancel);
            return runRecord.Id;
        }
        catch (Exception e)
        {
            await store.EndRunAsync(runRecord.Id, RunStatus.Failed, 0, 0, e.Message, null, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Delivers the watch's pending alerts, oldest first; each is sent until delivered, then never again.</summary>
    public async Task<(int Delivered, int Pending)> DeliverPendingAsync(Watch watch, CancellationToken cancel)
    {
        int delivered = 0, pending = 0;
        foreach (var alert in watches.Alerts(watch.Name, pendingOnly: true))
        {
            var notifier = notifiers.FirstOrDefault(n => n.Kind == alert.Target.Kind);
            var outcome = notifier is null
                ? new Delivery(false, 0, $"no {alert.Target.Kind.ToString().ToLowerInvariant()} notifier configured")
                : await notifier.DeliverAsync(watch, alert, cancel);
            watches.RecordAttempt(alert.Id, outcome.Attempts, outcome.Delivered, outcome.Error);
            if (outcome.Delivered) delivered++;
            else { pending++; _log($"watch {watch.Name}: alert {alert.Id} to {alert.Target} not delivered: {outcome.Error}"); }
        }
        return (delivered, pending);
    }

    /// <summary>SHA-256 over each input's path, and the bytes of every file under it, in order.</summary>
    public static string Digest(IReadOnlyList<string> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var input in inputs)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(input + "\n"));
            var files = Directory.Exists(input) ? Directory.GetFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
                : File.Exists(input) ? [input] : [];
            foreach (var f in files)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(f + "\n"));
                using var s = File.OpenRead(f);
                var buffer = new byte[81920];
                int n;
                while ((n = s.Read(buffer)) > 0) hash.AppendData(buffer.AsSpan(0, n));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
