using CollabScreen.Reference;

namespace CollabScreen.Screening;

/// <summary>Counts a run as findings stream past: works assessed, flagged by severity.</summary>
public sealed class RunTally
{
    private readonly long[] _bySeverity = new long[5];

    public long Assessed { get; private set; }
    public long Flagged => Assessed - _bySeverity[(int)Severity.None];

    public void Add(Finding f)
    {
        Assessed++;
        _bySeverity[(int)f.Severity]++;
    }

    public long Count(Severity s) => _bySeverity[(int)s];

    public IReadOnlyDictionary<Severity, long> BySeverity() =>
        Enum.GetValues<Severity>().OrderByDescending(s => s).ToDictionary(s => s, Count);
}

/// <summary>What a report says about the run itself: scope, inputs, policy, list versions, counts and time.</summary>
public sealed record ScreeningRun(
    string Scope,
    IReadOnlyList<string> Inputs,
    string? Home,
    string PolicyName,
    string PolicySource,
    IReadOnlyList<Watchlist> Lists,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    long WorksRead,
    long Skipped,
    IReadOnlyDictionary<Severity, long> BySeverity,
    long? RunId = null)
{
    public long Flagged => BySeverity.Where(kv => kv.Key > Severity.None).Sum(kv => kv.Value);

    /// <summary>The closing line: "read 1,000 works, skipped 0, flagged 38 (critical 3, high 5, ...) in 2.1 s".</summary>
    public string Summary() =>
        $"read {WorksRead:N0} works, skipped {Skipped:N0}, flagged {Flagged:N0} (" +
        string.Join(", ", BySeverity.Where(kv => kv.Key > Severity.None).Select(kv => $"{kv.Key.Name()} {kv.Value:N0}")) +
        $") in {Elapsed.TotalSeconds:0.0} s";
}
