namespace CollabScreen.Sources;

/// <summary>
/// When to try a request again: exponential backoff with jitter, bounded attempts, and the server's
/// Retry-After when it sends one. <see cref="Sleep"/> is swappable so tests wait microseconds, not seconds.
/// </summary>
public sealed record OpenAlexApiRetry
{
    /// <summary>Attempts per request, the first included; 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>A Retry-After longer than this (e.g. a spent daily quota) fails at once instead of waiting hours.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);
    public Action<TimeSpan, CancellationToken> Sleep { get; init; } = DefaultSleep;

    public static OpenAlexApiRetry Default { get; } = new();

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2 = first retry): the server's Retry-After if
    /// given, else BaseDelay·2^(n-2) capped at MaxDelay, scaled by a random factor in [0.5, 1) so that
    /// clients that failed together do not retry together.
    /// </summary>
    public TimeSpan DelayBefore(int nextAttempt, TimeSpan? retryAfter, Random? random = null)
    {
        if (retryAfter is { } asked) return asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
        var exponent = Math.Clamp(nextAttempt - 2, 0, 30);
        var ticks = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (double)(1L << exponent));
        var jitter = 0.5 + (random ?? Random.Shared).NextDouble() * 0.5;
        return TimeSpan.FromTicks((long)(ticks * jitter));
    }

    private static void DefaultSleep(TimeSpan delay, CancellationToken cancel)
    {
        if (delay <= TimeSpan.Zero) return;
        cancel.WaitHandle.WaitOne(delay);
        cancel.ThrowIfCancellationRequested();
    }
}
