namespace CollabScreen.Sources;

/// <summary>A record or file that could not be read: where, and why, in words a person can act on.</summary>
public sealed record ReadError(string Source, long Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}: {Reason}" : $"{Source}: {Reason}";
}

/// <summary>
/// Counts what a reader did (records read, skipped, files) and keeps the first errors. Thread-safe, so one
/// report can follow several files read in parallel. <see cref="OnError"/> sees every error as it happens.
/// </summary>
public sealed class ReadReport
{
    public const int KeptErrors = 1000;

    private readonly List<ReadError> _errors = [];
    private long _read, _skipped, _files, _bytes;

    public Action<ReadError>? OnError { get; init; }
    /// <summary>Sees notices that lose nothing, e.g. an empty input file.</summary>
    public Action<ReadError>? OnWarning { get; init; }

    public long Read => Interlocked.Read(ref _read);
    public long Skipped => Interlocked.Read(ref _skipped);
    public long Files => Interlocked.Read(ref _files);
    /// <summary>Bytes of input consumed (compressed size for .gz).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);
    public long ErrorCount { get; private set; }

    public IReadOnlyList<ReadError> Errors { get { lock (_errors) return _errors.ToArray(); } }

    public bool HasErrors => ErrorCount > 0;

    internal void CountRead() => Interlocked.Increment(ref _read);
    internal void CountFile() => Interlocked.Increment(ref _files);
    internal void CountBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary>Records merged into another record of the same paper (<see cref="WorkMerger"/>): read, but not screened again.</summary>
    public long Merged => Interlocked.Read(ref _merged);
    private long _merged;
    internal void CountMerged(long n) => Interlocked.Add(ref _merged, n);

    /// <summary>A record was skipped; the run goes on.</summary>
    public void Skip(ReadError error)
    {
        Interlocked.Increment(ref _skipped);
        Error(error);
    }

    /// <summary>A problem that is not a skipped record (e.g. a truncated file, an unreadable file).</summary>
    public void Error(ReadError error)
    {
        lock (_errors)
        {
            ErrorCount++;
            if (_errors.Count < KeptErrors) _errors.Add(error);
        }
        OnError?.Invoke(error);
    }

    /// <summary>Something a person should know that lost no record (e.g. an empty file).</summary>
    public void Warn(ReadError warning)
    {
        lock (_errors) Warnings++;
        OnWarning?.Invoke(warning);
    }

    public long Warnings { get; private set; }

    public string Summary() =>
        $"read {Read:N0} works from {Files:N0} file(s), skipped {Skipped:N0} record(s), {ErrorCount:N0} error(s)" +
        (Merged > 0 ? $", merged {Merged:N0} repeated record(s) of the same paper" : "");
}
