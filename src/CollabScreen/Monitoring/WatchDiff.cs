using System.Text.Json;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Storage;

namespace CollabScreen.Monitoring;

public enum AlertChangeKind { New, Escalated, DeEscalated, Gone }

/// <summary>A listing as a cause: which institution, list (and its version in the run), entry, dates and timing.</summary>
public sealed record ListingCause(string Institution, string List, string? ListVersion, string Entry, string EntryName, DateOnly? Start, DateOnly? End, string Timing)
{
    public override string ToString() =>
        $"{Institution} on {List}{(ListVersion is null ? "" : $" ({ListVersion})")} as {EntryName}" +
        $"{(Start is { } s ? $" since {s:yyyy-MM-dd}" : "")}{(End is { } e ? $" until {e:yyyy-MM-dd}" : "")} [{Timing}]";
}

/// <summary>One work whose finding an office must hear about, with why: the rules and listings it gained and lost.</summary>
public sealed record AlertChange(AlertChangeKind Kind, string Work, string? Doi, string? Title, int? Year, string? SeverityFrom, string? SeverityTo,
    IReadOnlyList<string> RulesAdded, IReadOnlyList<string> RulesRemoved, IReadOnlyList<ListingCause> ListingsAdded, IReadOnlyList<ListingCause> ListingsRemoved);

/// <summary>A list whose version differs between the two runs.</summary>
public sealed record ListVersionChange(string List, string? From, string? To);

/// <summary>
/// The diff of a watch's run against its last successful run: new (a work not seen before, flagged), escalated,
/// de-escalated (down to none included) and gone (flagged before, no longer read). Works that stay unflagged, or keep
/// their severity, are not alerts.
/// </summary>
public sealed record WatchDiff(long RunA, long RunB, IReadOnlyList<AlertChange> Changes, IReadOnlyList<ListVersionChange> ListChanges)
{
    public bool IsEmpty => Changes.Count == 0;

    public static async Task<WatchDiff> BetweenAsync(FindingStore store, long runA, long runB, CancellationToken cancel = default)
    {
        var a = await store.GetRunAsync(runA, cancel) ?? throw new StorageException($"no run {runA}", StorageProblem.Run);
        var b = await store.GetRunAsync(runB, cancel) ?? throw new StorageException($"no run {runB}", StorageProblem.Run);
        var va = Versions(a.ListVersionsJson);
        var vb = Versions(b.ListVersionsJson);
        var before = new Dictionary<string, StoredFinding>(StringComparer.Ordinal);
        await foreach (var f in store.FindingsOfAsync(runA, cancel)) before[f.WorkId] = f;
        var changes = new List<AlertChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var after in store.FindingsOfAsync(runB, cancel))
        {
            seen.Add(after.WorkId);
            before.TryGetValue(after.WorkId, out var old);
            var from = Rank(old?.Severity);
            var to = Rank(after.Severity);
            AlertChangeKind? kind = old is null ? (to > 0 ? AlertChangeKind.New : null)
                : to > from ? AlertChangeKind.Escalated : to < from ? AlertChangeKind.DeEscalated : null;
            if (kind is { } k) changes.Add(Change(k, old, after, va, vb));
        }
        foreach (var (work, old) in before)
            if (!seen.Contains(work) && Rank(old.Severity) > 0) changes.Add(Change(AlertChangeKind.Gone, old, null, va, vb));
        var lists = va.Keys.Union(vb.Keys).Order(StringComparer.Ordinal)
            .Where(l => va.GetValueOrDefault(l) != vb.GetValueOrDefault(l))
            .Select(l => new ListVersionChange(l, va.GetValueOrDefault(l), vb.GetValueOrDefault(l))).ToList();
        return new WatchDiff(runA, runB, changes, lists);
    }

    private static int Rank(string? severity) => SeverityNames.TryParse(severity, out var s) ? (int)s : 0;

    private static AlertChange Change(AlertChangeKind kind, StoredFinding? a, StoredFinding? b, Dictionary<string, string> va, Dictionary<string, string> vb)
    {
        var fa = a is null ? null : FindingJson.Read(a.Json);
        var fb = b is null ? null : FindingJson.Read(b.Json);
        var la = Listings(fa, va);
        var lb = Listings(fb, vb);
        var ra = fa?.Rules ?? [];
        var rb = fb?.Rules ?? [];
        var f = (fb ?? fa)!;
        // A listing whose list got a new version is the same listing if nothing else changed: compare without the version.
        static ListingCause Bare(ListingCause l) => l with { ListVersion = null };
        var baseA = la.Select(Bare).ToHashSet();
        var baseB = lb.Select(Bare).ToHashSet();
        return new AlertChange(kind, f.Work, f.Doi, f.Title, f.Year, a?.Severity, b?.Severity,
            rb.Except(ra).ToList(), ra.Except(rb).ToList(),
            lb.Where(l => !baseA.Contains(Bare(l))).ToList(), la.Where(l => !baseB.Contains(Bare(l))).ToList());
    }

    private static List<ListingCause> Listings(Finding? f, Dictionary<string, string> versions) =>
        f is null ? [] : f.Institutions.SelectMany(i => i.Listings.Select(l => new ListingCause(i.Name, l.List, versions.GetValueOrDefault(l.List),
            l.EntryId, l.EntryName, l.Start, l.End, l.Timing.Name()))).Distinct().ToList();

    private static Dictionary<string, string> Versions(string json)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []; }
        catch (JsonException) { return []; }
    }

    public static string KindName(AlertChangeKind k) => k switch
    {
        AlertChangeKind.New => "new", AlertChangeKind.Escalated => "escalated", AlertChangeKind.DeEscalated => "de-escalated", _ => "gone",
    };
}
