using Cronos;

namespace CollabScreen.Monitoring;

/// <summary>
/// Runs the watches that are due: those with a schedule (a cron expression, UTC) whose next_due has passed, or that
/// have never run. next_due is persisted in the store after every run, so a restart neither loses nor doubles a run,
/// and due-ness is checked again under the watch's lock, so two schedulers started at once run a watch once.
/// A host (cron, a systemd timer, `serve`) calls <see cref="RunDueAsync"/> every minute or so.
/// </summary>
public sealed class WatchScheduler(WatchStore watches, WatchRunner runner)
{
    /// <exception cref="FormatException">Not a 5-field cron expression; the message names it.</exception>
    public static CronExpression Parse(string schedule)
    {
        try { return CronExpression.Parse(schedule, CronFormat.Standard); }
        catch (CronFormatException e) { throw new FormatException($"schedule '{schedule}' is not a cron expression (minute hour day month weekday): {e.Message}", e); }
    }

    public static DateTimeOffset? Next(string? schedule, DateTimeOffset after) =>
        schedule is null ? null : Parse(schedule).GetNextOccurrence(after, TimeZoneInfo.Utc);

    public static bool IsDue(Watch w, DateTimeOffset now) => w.Schedule is not null && (w.NextDue is null || w.NextDue <= now);

    public async Task<IReadOnlyList<WatchRunResult>> RunDueAsync(DateTimeOffset now, CancellationToken cancel = default)
    {
        var results = new List<WatchRunResult>();
        foreach (var w in watches.List().Where(w => IsDue(w, now)))
        {
            cancel.ThrowIfCancellationRequested();
            results.Add(await runner.RunAsync(w.Name, cancel, stored => IsDue(stored, now)));
        }
        return results;
    }
}
