using System.Globalization;

namespace CollabScreen.Storage;

/// <summary>A RUN as people name it: a number (#12 or 12), `latest` or `previous`, resolved against a store.</summary>
public static class RunSelector
{
    /// <summary>
    /// The run id. `latest` and `previous` count finished runs only: a run that failed, was cancelled or is still
    /// going is never the one a diff or a report picks by default.
    /// </summary>
    /// <exception cref="FormatException">The text is not a run number, latest or previous.</exception>
    /// <exception cref="StorageException">No such run in the store.</exception>
    public static long Resolve(FindingStore store, string run) => store.ResolveRun(run).Id;

    /// <summary>Ids as ranges: 1–4, 7, 9–10.</summary>
    public static string Ranges(IEnumerable<long> ids)
    {
        var parts = new List<string>();
        long? start = null, prev = null;
        foreach (var id in ids.Order())
        {
            if (prev is not null && id == prev + 1) { prev = id; continue; }
            if (start is not null) parts.Add(start == prev ? $"{start}" : $"{start}–{prev}");
            start = prev = id;
        }
        if (start is not null) parts.Add(start == prev ? $"{start}" : $"{start}–{prev}");
        return string.Join(", ", parts);
    }
}
