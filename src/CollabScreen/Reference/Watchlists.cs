namespace CollabScreen.Reference;

/// <summary>How a search query met an entry. Everything but <see cref="Partial"/> names the entry itself.</summary>
public enum SearchMatch { Ror, Name, ChineseName, Alias, Partial }

/// <summary>
/// One search result. <see cref="SameInstitution"/> is false for look-alikes (e.g. "Nanjing University of Aeronautics
/// and Astronautics" for the query "Nanjing University"): they share words, not identity.
/// </summary>
public sealed record WatchlistSearchHit(WatchlistEntry Entry, string MatchedName, SearchMatch How, double Score)
{
    public bool SameInstitution => How != SearchMatch.Partial;
}

/// <summary>
/// All watchlists in force: the curated lists bundled in data/watchlists/ plus lists the user imported into
/// the XDG data directory. Immutable once loaded; lookups by id, ROR id, parent and name.
/// </summary>
public sealed class Watchlists
{
    private readonly Dictionary<string, WatchlistEntry> byId;
    private readonly Dictionary<string, Watchlist> listsById;
    private readonly Dictionary<string, List<WatchlistEntry>> byRor;
    private readonly Dictionary<string, List<WatchlistEntry>> children;
    private readonly Dictionary<string, List<(WatchlistEntry Entry, string Name, SearchMatch How)>> byNameKey;

    public IReadOnlyList<Watchlist> Lists { get; }
    public IReadOnlyList<WatchlistEntry> Entries { get; }

    /// <summary>Records that could not be read (user lists only; the bundled data has none, a test checks it).</summary>
    public IReadOnlyList<ListProblem> Problems { get; }

    public Watchlists(IEnumerable<Watchlist> lists, IEnumerable<WatchlistEntry> entries, IEnumerable<ListProblem>? problems = null)
    {
        Lists = lists.ToList();
        listsById = new(StringComparer.OrdinalIgnoreCase);
        foreach (var l in Lists) listsById.TryAdd(l.Id, l);
        Entries = entries.Select(e => WatchlistJsonl.Complete(e, listsById)).ToList();
        byId = new(StringComparer.Ordinal);
        var problemList = (problems ?? []).ToList();
        foreach (var e in Entries)
        {
            if (!byId.TryAdd(e.Id, e))
                problemList.Add(new ListProblem("(watchlists)", 0, "id", $"duplicate entry id '{e.Id}'; the first one is kept"));
            foreach (var l in e.Listings.Where(l => !listsById.ContainsKey(l.List)))
                problemList.Add(new ListProblem("(watchlists)", 0, "listings.list", $"entry '{e.Id}' names list '{l.List}', which no file describes; treated as a user list"));
        }
        Problems = problemList;
        byRor = new(StringComparer.OrdinalIgnoreCase);
        children = new(StringComparer.Ordinal);
        byNameKey = new(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            foreach (var r in e.RorIds)
                if (WatchlistNames.RorUrl(r) is { } url) Add(byRor, url, e);
            if (e.ParentId is not null) Add(children, e.ParentId, e);
            AddName(e, e.Name, SearchMatch.Name);
            if (e.NameZh is not null) AddName(e, e.NameZh, SearchMatch.ChineseName);
            foreach (var a in e.Aliases) AddName(e, a, WatchlistNames.HasCjk(a) ? SearchMatch.ChineseName : SearchMatch.Alias);
        }
        // Fetched lists (OpenSanctions transcriptions, the CSL, ...) carry no ROR ids, so screening, which finds listings
        // by ROR id, never saw them. An entry without ROR ids whose name is the name of exactly one entry with ROR ids
        // (same name key: case, punctuation and spacing aside) is that organisation: it is found under its ROR ids too.
        var rorByName = Entries.Where(e => e.RorIds.Count > 0).GroupBy(e => WatchlistNames.Key(e.Name), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0 && g.Select(e => string.Join(' ', e.RorIds.Order())).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().RorIds, StringComparer.Ordinal);
        foreach (var e in Entries.Where(e => e.RorIds.Count == 0))
            if (rorByName.TryGetValue(WatchlistNames.Key(e.Name), out var rors))
                foreach (var r in rors)
                    if (WatchlistNames.RorUrl(r) is { } url) Add(byRor, url, e);
    }

    private void AddName(WatchlistEntry e, string name, SearchMatch how)
    {
        var key = WatchlistNames.Key(name);
        if (key.Length == 0) return;
        if (!byNameKey.TryGetValue(key, out var list)) byNameKey[key] = list = [];
        if (!list.Any(x => ReferenceEquals(x.Entry, e))) list.Add((e, name, how));
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    /// <summary>The entry with this id, or null.</summary>
    public WatchlistEntry? Get(string id) => byId.GetValueOrDefault(id);

    /// <summary>The list with this id (e.g. "dod-1260h"), or null.</summary>
    public Watchlist? List(string id) => listsById.GetValueOrDefault(id);

    /// <summary>Entries carrying this ROR id; accepts "https://ror.org/05d2yfz11" or "05d2yfz11".</summary>
    public IReadOnlyList<WatchlistEntry> ForRor(string ror) =>
        WatchlistNames.RorUrl(ror) is { } url && byRor.TryGetValue(url, out var list) ? list : [];

    /// <summary>The entry's parent entry (a lab's university, a subsidiary's group), or null.</summary>
    public WatchlistEntry? ParentOf(WatchlistEntry entry) => entry.ParentId is null ? null : Get(entry.ParentId);

    public IReadOnlyList<WatchlistEntry> ChildrenOf(WatchlistEntry entry) => children.TryGetValue(entry.Id, out var list) ? list : [];

    /// <summary>Entries on the given list.</summary>
    public IEnumerable<WatchlistEntry> OnList(string listId) =>
        Entries.Where(e => e.Listings.Any(l => string.Equals(l.List, listId, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Finds entries by ROR id or by name in any script: exact names, Chinese names and aliases (acronyms included)
    /// first, then look-alikes whose names merely contain every word of the query (marked as not the same).
    /// </summary>
    public IReadOnlyList<WatchlistSearchHit> Search(string query, int limit = 20)
    {
        var hits = new Dictionary<string, WatchlistSearchHit>(StringComparer.Ordinal);
        void Offer(WatchlistSearchHit h)
        {
            if (!hits.TryGetValue(h.Entry.Id, out var old) || old.Score < h.Score) hits[h.Entry.Id] = h;
        }
        if (WatchlistNames.RorUrl(query) is { } ror)
            foreach (var e in ForRor(ror)) Offer(new(e, ror, SearchMatch.Ror, 100));
        var key = WatchlistNames.Key(query);
        if (key.Length == 0) return [];
        if (byNameKey.TryGetValue(key, out var exact))
            foreach (var (e, name, how) in exact)
                Offer(new(e, name, how, how switch { SearchMatch.Name or SearchMatch.ChineseName when name == e.Name || name == e.NameZh => 100, SearchMatch.ChineseName => 95, _ => 90 }));
        var tokens = WatchlistNames.Tokens(key);
        var cjk = WatchlistNames.HasCjk(key);
        foreach (var (nameKey, list) in byNameKey)
        {
            if (nameKey == key) continue;
            double score;
            if (cjk) score = nameKey.Contains(key, StringComparison.Ordinal) ? 40 + 20.0 * key.Length / nameKey.Length : 0;
            else
            {
                var nameTokens = WatchlistNames.Tokens(nameKey);
                score = tokens.All(t => nameTokens.Contains(t)) ? 40 + 20.0 * tokens.Count / nameTokens.Count : 0;
            }
            if (score == 0) continue;
            foreach (var (e, name, _) in list) Offer(new(e, name, SearchMatch.Partial, score));
        }
        return hits.Values
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Entry.ParentId is null ? 0 : 1)
            .ThenByDescending(h => h.Entry.HighestTier)
            .ThenBy(h => h.Entry.Name, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>The bundled curated lists plus the user's imported lists (<see cref="UserListsDirectory"/>).</summary>
    public static Watchlists LoadBundled() => LoadBundled(UserListsDirectory.Default);

    /// <summary>The bundled curated lists plus imported lists from <paramref name="userListsDir"/> (null: none).</summary>
    public static Watchlists LoadBundled(string? userListsDir)
    {
        var files = Directory.GetFiles(BundledData.Path("watchlists"), "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (userListsDir is not null && Directory.Exists(userListsDir))
            files.AddRange(Directory.GetFiles(userListsDir, "*.jsonl").Order(StringComparer.Ordinal));
        return Load(files);
    }

    /// <summary>Reads our JSON Lines list files; bad records are kept out and reported in <see cref="Problems"/>.</summary>
    public static Watchlists Load(IEnumerable<string> files)
    {
        var report = new ListReadReport();
        var lists = new List<Watchlist>();
        var entries = new List<WatchlistEntry>();
        foreach (var f in files)
        {
            var (l, e) = WatchlistJsonl.Read(f, report);
            lists.AddRange(l);
            entries.AddRange(e);
        }
        return new Watchlists(lists, entries, report.Problems);
    }
}

/// <summary>Where imported lists live: $XDG_DATA_HOME/collabscreen/lists, else ~/.local/share/collabscreen/lists. Never the install.</summary>
public static class UserListsDirectory
{
    public static string Default
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "collabscreen", "lists");
        }
    }
}
