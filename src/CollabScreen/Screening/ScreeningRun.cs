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

    /// <summary>"N of M input works have an author at X" when the run names an institution for file inputs, else null.</summary>
    public string? ScopeLine { get; init; }

    /// <summary>Works left out because no author is at the screened institution (0 with --scope all).</summary>
    public long OutOfScope { get; init; }

    /// <summary>Records merged into another record of the same paper (counted in <see cref="WorksRead"/>, screened once).</summary>
    public long Merged { get; init; }

    /// <summary>The closing line: "read 1,000 works, skipped 0, flagged 38 (critical 3, high 5, ...) in 2.1 s".</summary>
    public string Summary() =>
        $"read {WorksRead:N0} works, skipped {Skipped:N0}" + (Merged > 0 ? $", merged {Merged:N0} repeated record(s)" : "") +
        (OutOfScope > 0 ? $", {OutOfScope:N0} out of scope" : "") + $", flagged {Flagged:N0} (" +
        string.Join(", ", BySeverity.Where(kv => kv.Key > Severity.None).Select(kv => $"{kv.Key.Name()} {kv.Value:N0}")) +
        $") in {Elapsed.TotalSeconds:0.0} s";
}
