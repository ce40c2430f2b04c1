using System.Diagnostics;

namespace CollabScreen.Reference;

/// <summary>
/// The ROR registry in memory: institutions by ROR id, with parent/child/related links and successors for
/// withdrawn or inactive records. Built from a ROR data dump (v1 or v2; .json, .jsonl(.gz), .zip).
/// </summary>
public sealed class RorRegistry
{
    private readonly Dictionary<string, Institution> _byId;

    public RorRegistry(IEnumerable<Institution> institutions, RorReadReport? report = null)
    {
        _byId = new Dictionary<string, Institution>(StringComparer.Ordinal);
        foreach (var i in institutions) _byId[ShortId(i.Ror)] = i;
        Report = report ?? new RorReadReport { Records = _byId.Count };
    }

    public static RorRegistry Load(string path)
    {
        var watch = Stopwatch.StartNew();
        var report = new RorReadReport();
        var registry = new RorRegistry(RorDump.Read(path, report), report) { Source = path };
        registry.LoadTime = watch.Elapsed;
        return registry;
    }

    /// <summary>
    /// Loads a dump for a run: every skipped record, truncation or encoding problem is passed to <paramref name="warn"/>
    /// (the first <paramref name="shown"/>, then a count), and a dump without one usable record is refused.
    /// </summary>
    /// <exception cref="UnusableRegistryException">No record could be read.</exception>
    public static RorRegistry LoadReported(string path, Action<string> warn, int shown = 20)
    {
        var registry = Load(path);
        var errors = registry.Report.Errors;
        foreach (var e in errors.Take(shown)) warn($"error: {e}");
        if (errors.Count > shown) warn($"error: {path}: {errors.Count - shown:N0} more registry problem(s) not shown ({errors.Count:N0} in all)");
        if (registry.Count == 0)
            throw new UnusableRegistryException($"--registry {path}: no usable ROR record ({errors.Count:N0} problem(s), see above); expected a ROR data dump (.json, .jsonl, .gz, .zip) in UTF-8");
        return registry;
    }

    public string? Source { get; private init; }
    public TimeSpan LoadTime { get; private set; }
    public RorReadReport Report { get; }
    public int Count => _byId.Count;
    public IEnumerable<Institution> Institutions => _byId.Values;

    /// <summary>"https://ror.org/05d2yfz11", "ror.org/05d2yfz11" and "05d2yfz11" all name the same record.</summary>
    public static string ShortId(string ror)
    {
        var s = ror.Trim();
        var slash = s.LastIndexOf('/');
        return (slash >= 0 ? s[(slash + 1)..] : s).ToLowerInvariant();
    }

    public static string FullId(string ror) => "https://ror.org/" + ShortId(ror);

    public Institution? Get(string ror) => _byId.GetValueOrDefault(ShortId(ror));

    public bool Contains(string ror) => _byId.ContainsKey(ShortId(ror));

    /// <summary>Active record for an id: a withdrawn/inactive record redirects to its successor(s) where the registry gives them.</summary>
    public IReadOnlyList<Institution> Current(string ror)
    {
        var start = Get(ror);
        if (start is null) return [];
        if (start.IsActive) return [start];
        var result = new List<Institution>();
        var seen = new HashSet<string> { ShortId(start.Ror) };
        var queue = new Queue<Institution>();
        void Follow(Institution i)
        {
            foreach (var l in i.Links)
                if (l.Type == "successor" && seen.Add(ShortId(l.Ror)) && Get(l.Ror) is { } next) queue.Enqueue(next);
        }
        Follow(start);
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            if (i.IsActive || !i.Links.Any(l => l.Type == "successor")) result.Add(i);
            else Follow(i);
        }
        return result.Count > 0 ? result : [start];
    }

    public IReadOnlyList<Institution> Parents(Institution i) => Linked(i, "parent");
    public IReadOnlyList<Institution> Children(Institution i) => Linked(i, "child");
    public IReadOnlyList<Institution> Related(Institution i) => Linked(i, "related");

    private IReadOnlyList<Institution> Linked(Institution i, string type) =>
        i.Links.Where(l => l.Type == type).Select(l => Get(l.Ror)).OfType<Institution>().ToList();

    /// <summary>Ancestors (parents, their parents, ...), nearest first; guards against cycles.</summary>
    public IEnumerable<Institution> Ancestors(Institution i)
    {
        var seen = new HashSet<string> { ShortId(i.Ror) };
        var frontier = new List<Institution> { i };
        while (frontier.Count > 0)
        {
            var next = new List<Institution>();
            foreach (var f in frontier)
                foreach (var p in Parents(f))
                    if (seen.Add(ShortId(p.Ror))) { next.Add(p); yield return p; }
            frontier = next;
        }
    }
}

/// <summary>A registry file from which not one record could be read (empty, wrong format, wrong encoding).</summary>
public sealed class UnusableRegistryException(string message) : IOException(message);
