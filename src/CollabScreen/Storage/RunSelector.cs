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
    public static long Resolve(FindingStore store, string run)
    {
        var text = run.Trim();
        if (text.Equals("latest", StringComparison.OrdinalIgnoreCase) || text.Equals("previous", StringComparison.OrdinalIgnoreCase))
        {
            var runs = store.ListRuns().Where(r => r.Finished is not null).ToList();
            var back = text.Equals("latest", StringComparison.OrdinalIgnoreCase) ? 1 : 2;
            if (runs.Count < back)
                throw new StorageException($"there is no {text.ToLowerInvariant()} run: {store.Location.Description} holds {runs.Count} finished run{(runs.Count == 1 ? "" : "s")}");
            return runs[^back].Id;
        }
        if (!long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new FormatException($"'{run}' is not a run: give a run number from `collabscreen runs`, latest or previous");
        if (store.GetRun(id) is null)
        {
            var all = store.ListRuns();
            var known = all.Count == 0 ? "it holds no runs yet" : $"its runs are {Ranges(all.Select(r => r.Id))}";
            throw new StorageException($"no run {id} in {store.Location.Description}; {known} (see `collabscreen runs`)");
        }
        return id;
    }

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
