using System.Text.Json;
using CollabScreen.Reference;

namespace CollabScreen.Storage;

/// <summary>
/// One stored screening run: when it ran, what it was asked (command line, options as a JSON object), what it
/// read (inputs), which list versions it screened against (JSON object: list id → version), and its counts.
/// Finished (the end time) and the work counts are null while the run is running (or if it crashed before
/// this schema recorded a status). Status says how it ended; StatusMessage why a run failed or was cancelled.
/// </summary>
public sealed record RunRecord(
    long Id,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    string Command,
    string OptionsJson,
    IReadOnlyList<string> Inputs,
    string ListVersionsJson,
    long? WorksRead,
    long? WorksSkipped,
    IReadOnlyDictionary<string, long> FindingsBySeverity,
    string? ToolVersion,
    RunStatus Status = RunStatus.Running,
    string? StatusMessage = null)
{
    /// <summary>Number of stored findings, over all severities.</summary>
    public long Findings => FindingsBySeverity.Values.Sum();

    /// <summary>
    /// The list versions a run screens against, as BeginRun and Diff expect them: a JSON object of list id →
    /// version (the retrieval date when a list has no version), so a diff can name the lists that changed.
    /// </summary>
    public static string ListVersionsOf(IEnumerable<Watchlist> lists)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in lists)
            versions[l.Id] = !string.IsNullOrWhiteSpace(l.Version) ? l.Version : l.Retrieved?.ToString("yyyy-MM-dd") ?? "unknown";
        return JsonSerializer.Serialize(versions);
    }
}
