using System.Collections.Concurrent;

namespace CollabScreen.Matching;

/// <summary>
/// Remembers what a raw affiliation string resolved to, so each distinct string is resolved once per run (strings
/// repeat across co-authors and works). Shared by all worker threads; sits in front of the resolver and knows
/// nothing of its rules: the answer for a string is the resolver's, computed the first time it is asked.
/// Bounded by entry count with a two-generation eviction: new entries go to the young generation; when it holds
/// half the capacity it becomes the old one and the previous old one is dropped; a hit in the old generation is
/// moved back to the young. Strings seen again within about half a capacity of distinct strings stay; a long tail
/// of one-off strings cannot grow memory past the bound. A string being resolved by two threads at once may be
/// resolved twice; both get the same answer (the resolver is a pure function of the string).
/// </summary>
public sealed class ResolutionCache
{
    /// <summary>Entries kept by default: 100,000 strings (a few tens of MB beside the resolver's index).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Func<string, IReadOnlyList<InstitutionMatch>> _resolve;
    private readonly int _generation;
    private readonly Lock _rotate = new();
    private ConcurrentDictionary<string, IReadOnlyList<InstitutionMatch>> _young = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, IReadOnlyList<InstitutionMatch>> _old = new(StringComparer.Ordinal);
    private int _youngCount; // ConcurrentDictionary.Count takes every lock; counted here instead
    private long _hits, _misses, _evicted;

    public ResolutionCache(Func<string, IReadOnlyList<InstitutionMatch>> resolve, int capacity = DefaultCapacity)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a cache holds at least 2 entries");
        _resolve = resolve;
        Capacity = capacity;
        _generation = capacity / 2;
    }

    public int Capacity { get; }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    /// <summary>Entries dropped by eviction so far.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);
    public double HitRate => Hits + Misses is var n and > 0 ? (double)Hits / n : 0;
    /// <summary>Entries held now (at most <see cref="Capacity"/>, give or take one per thread racing a rotation).</summary>
    public int Count => _young.Count + _old.Count;

    public IReadOnlyList<InstitutionMatch> Resolve(string raw)
    {
        var young = _young;
        if (young.TryGetValue(raw, out var found))
        {
            Interlocked.Increment(ref _hits);
            return found;
        }
        if (_old.TryGetValue(raw, out found))
        {
            Interlocked.Increment(ref _hits);
            Add(young, raw, found);
            return found;
        }
        Interlocked.Increment(ref _misses);
        found = _resolve(raw);
        Add(young, raw, found);
        return found;
    }

    private void Add(ConcurrentDictionary<string, IReadOnlyList<InstitutionMatch>> young, string raw, IReadOnlyList<InstitutionMatch> value)
    {
        if (!young.TryAdd(raw, value)) return;
        if (Interlocked.Increment(ref _youngCount) < _generation) return;
        lock (_rotate)
        {
            if (!ReferenceEquals(young, _young)) return; // another thread rotated already
            Interlocked.Add(ref _evicted, _old.Count);
            _old = young;
            _young = new ConcurrentDictionary<string, IReadOnlyList<InstitutionMatch>>(StringComparer.Ordinal);
            Interlocked.Exchange(ref _youngCount, 0);
        }
    }

    /// <summary>"hits 12,345 of 20,000 lookups (61.7%), 7,655 strings held, 0 evicted".</summary>
    public string Describe() =>
        $"hits {Hits:N0} of {Hits + Misses:N0} lookups ({HitRate:P1}), {Count:N0} strings held (capacity {Capacity:N0}), {Evicted:N0} evicted";
}
