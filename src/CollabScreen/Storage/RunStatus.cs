namespace CollabScreen.Storage;

/// <summary>
/// Where a stored run stands. Running from BeginRun until EndRun; only Finished runs are complete, so only
/// they are <c>latest</c>/<c>previous</c> and compared by a diff (a crashed run would look as if every finding
/// had gone).
/// </summary>
public enum RunStatus { Running, Finished, Failed, Cancelled }

public static class RunStatuses
{
    /// <summary>The word stored in runs.status and shown to people: running, finished, failed, cancelled.</summary>
    public static string Name(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Finished => "finished",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "running" => RunStatus.Running,
        "finished" => RunStatus.Finished,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw new FormatException($"'{name}' is not a run status (running, finished, failed, cancelled)"),
    };
}
