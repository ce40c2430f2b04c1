namespace CollabScreen.Reference;

/// <summary>An entry present in both versions whose facts changed, with one human-readable line per change.</summary>
public sealed record ChangedEntry(WatchlistEntry Old, WatchlistEntry New, IReadOnlyList<string> Changes);

public sealed record WatchlistDiffResult(IReadOnlyList<WatchlistEntry> Added, IReadOnlyList<WatchlistEntry> Removed, IReadOnlyList<ChangedEntry> Changed);

/// <summary>
/// Compares two versions of a list. Entries are paired by name key (ids of two imports need not agree);
/// listings are compared by their facts (category, start, end, reason, source), not by the list's id.
/// </summary>
public static class WatchlistDiff
{
    public static WatchlistDiffResult Compare(IEnumerable<WatchlistEntry> oldEntries, IEnumerable<WatchlistEntry> newEntries)
    {
        var olds = Index(oldEntries);
        var news = Index(newEntries);
        var added = news.Where(kv => !olds.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var removed = olds.Where(kv => !news.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var changed = new List<ChangedEntry>();
        foreach (var (key, o) in olds)
        {
            if (!news.TryGetValue(key, out var n)) continue;
            var changes = Changes(o, n);
            if (changes.Count > 0) changed.Add(new ChangedEntry(o, n, changes));
        }
        return new WatchlistDiffResult(added, removed, changed);
    }

    private static Dictionary<string, WatchlistEntry> Index(IEnumerable<WatchlistEntry> entries)
    {
        var d = new Dictionary<string, WatchlistEntry>(StringComparer.Ordinal);
        foreach (var e in entries) d.TryAdd(WatchlistNames.Key(e.Name) + "|" + e.Country, e);
        return d;
    }

    private static List<string> Changes(WatchlistEntry o, WatchlistEntry n)
    {
        var changes = new List<string>();
        Set("alias", o.Aliases, n.Aliases, changes);
        Set("ROR id", o.RorIds, n.RorIds, changes);
        if ((o.ParentName ?? o.ParentId) != (n.ParentName ?? n.ParentId) && !(o.ParentId is not null && n.ParentId is not null))
            changes.Add($"parent: {o.ParentName ?? o.ParentId ?? "(none)"} → {n.ParentName ?? n.ParentId ?? "(none)"}");
        var ol = o.Listings.Select(Describe).ToList();
        var nl = n.Listings.Select(Describe).ToList();
        // Pair listings by start date so a delisting reads as "end: (none) → 2025-01-07", not remove + add.
        foreach (var x in o.Listings)
        {
            var y = n.Listings.FirstOrDefault(l => l.Start == x.Start && l.Category == x.Category) ?? n.Listings.FirstOrDefault(l => l.Start == x.Start);
            if (y is null) { if (!nl.Contains(Describe(x))) changes.Add($"listing removed: {Describe(x)}"); continue; }
            if (x.End != y.End) changes.Add($"listing from {Date(x.Start)}: end {Date(x.End)} → {Date(y.End)}" + (y.End is not null && x.End is null ? " (delisted)" : ""));
            if (x.Category != y.Category) changes.Add($"listing from {Date(x.Start)}: category {x.Category ?? "(none)"} → {y.Category ?? "(none)"}");
        }
        foreach (var y in n.Listings)
            if (!o.Listings.Any(l => l.Start == y.Start) && !ol.Contains(Describe(y))) changes.Add($"listing added: {Describe(y)}");
        return changes;
    }

    private static void Set(string what, IReadOnlyList<string> o, IReadOnlyList<string> n, List<string> changes)
    {
        foreach (var a in n.Except(o)) changes.Add($"{what} added: {a}");
        foreach (var a in o.Except(n)) changes.Add($"{what} removed: {a}");
    }

    public static string Describe(Listing l) => $"{l.Category ?? "listed"} {Date(l.Start)}..{Date(l.End)}";

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd") ?? "(none)";
}
