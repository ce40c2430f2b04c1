using CollabScreen.Reference;
using CollabScreen.Sources;

namespace CollabScreen.Screening.Pipeline;

/// <summary>Which works of the input a run screens, when it names an institution.</summary>
public enum WorkScope
{
    /// <summary>The works with at least one author at the institution or one of its child units (the default).</summary>
    Institution,
    /// <summary>Every work: the institution is only the centre of the report (<c>--scope all</c>).</summary>
    All,
}

/// <summary>
/// The screened institution as a set of identities: its ROR id and those of its child units (ROR "child" relationships,
/// recursively, when a registry is given; subsidiaries and laboratories that a list ties to it), its OpenAlex id if it
/// was given as one, and its names. A work is in scope when any author–institution pair of its signals (an id the
/// source asserted, or our resolution of a raw string) is one of them.
/// </summary>
public sealed class InstitutionScope
{
    private readonly HashSet<string> _rors = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _openAlexIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal); // WorkMerger.Letters form

    private InstitutionScope(string asked, string name)
    {
        Asked = asked;
        Name = name;
    }

    /// <summary>The institution as the user gave it.</summary>
    public string Asked { get; }

    /// <summary>Its name for the report (the registry's or list's name; the id as given when neither has it).</summary>
    public string Name { get; private set; }

    /// <summary>ROR ids (bare) of the institution and its child units.</summary>
    public IReadOnlyCollection<string> Rors => _rors;

    /// <summary>
    /// Resolves what the user gave (ROR id, OpenAlex id "I…", or a name) against the registry and the lists.
    /// </summary>
    /// <exception cref="ScreeningRequestException">Neither the registry nor the lists know it; the message gives the nearest names.</exception>
    public static InstitutionScope Resolve(string institution, RorRegistry? registry, Watchlists lists)
    {
        var asked = institution.Trim();
        var bare = RorId.Bare(asked) ?? asked;
        if (CollaborationSummary.LooksLikeOpenAlexId(asked))
        {
            var byId = new InstitutionScope(asked, asked);
            byId._openAlexIds.Add(bare);
            return byId; // OpenAlex ids are only in the works: nothing here can check one
        }
        if (CollaborationSummary.LooksLikeRor(asked))
        {
            var known = registry?.Get(bare);
            var entries = lists.Entries.Where(e => e.RorIds.Any(r => RorId.Bare(r) == bare)).ToList();
            if (registry is not null && known is null && entries.Count == 0)
                throw new ScreeningRequestException($"--institution {asked}: no such ROR id in the registry ({registry.Source}) or the lists");
            var scope = new InstitutionScope(asked, known?.Name ?? entries.FirstOrDefault()?.Name ?? asked);
            scope.AddRor(bare, registry);
            foreach (var e in entries) scope.AddEntry(e, lists, registry);
            if (known is not null) scope.AddNames(known);
            return scope;
        }
        var key = WorkMerger.Letters(asked);
        var inRegistry = registry?.Institutions.Where(i => i.Names.Any(n => WorkMerger.Letters(n.Value) == key) || WorkMerger.Letters(i.Name) == key)
            .OrderByDescending(i => WorkMerger.Letters(i.Name) == key).ThenByDescending(i => i.Status == "active").ToList() ?? [];
        var inLists = lists.Entries.Where(e => WorkMerger.Letters(e.Name) == key || e.Aliases.Any(a => WorkMerger.Letters(a) == key)).ToList();
        if (inRegistry.Count == 0 && inLists.Count == 0)
            throw new ScreeningRequestException($"--institution \"{asked}\": neither the registry nor the lists know this institution" +
                                                (registry is null ? " (no --registry given: only listed institutions are known by name)" : "") +
                                                $"; nearest names: {string.Join("; ", Nearest(asked, registry, lists, 5))}. Give a ROR id or a name as printed there");
        var named = new InstitutionScope(asked, inRegistry.FirstOrDefault()?.Name ?? inLists[0].Name);
        named._names.Add(key);
        // One name, one institution: the best registry record (display name first, active first), its children, and
        // the list entries with that name.
        if (inRegistry.Count > 0)
        {
            named.AddRor(RorRegistry.ShortId(inRegistry[0].Ror), registry);
            named.AddNames(inRegistry[0]);
        }
        foreach (var e in inLists) named.AddEntry(e, lists, registry);
        return named;
    }

    /// <summary>Whether any author–institution pair of the finding is the institution or one of its child units.</summary>
    public bool Covers(Finding f) => f.Institutions.Any(Covers);

    public bool Covers(InstitutionEvidence i) =>
        RorId.Bare(i.Ror) is { } r && _rors.Contains(r)
        || RorId.Bare(i.SourceId) is { } s && _openAlexIds.Contains(s)
        || _names.Contains(WorkMerger.Letters(i.Name));

    private void AddRor(string bare, RorRegistry? registry)
    {
        if (!_rors.Add(bare) || registry?.Get(bare) is not { } inst) return;
        foreach (var child in registry.Children(inst)) AddRor(RorRegistry.ShortId(child.Ror), registry);
    }

    private void AddNames(Institution inst)
    {
        _names.Add(WorkMerger.Letters(inst.Name));
        foreach (var n in inst.Names.Where(n => n.Kind is NameKind.Display or NameKind.Label)) _names.Add(WorkMerger.Letters(n.Value));
    }

    private void AddEntry(WatchlistEntry e, Watchlists lists, RorRegistry? registry)
    {
        _names.Add(WorkMerger.Letters(e.Name));
        foreach (var r in e.RorIds) if (RorId.Bare(r) is { } b) AddRor(b, registry);
        foreach (var sub in lists.Entries.Where(s => s.ParentId is not null && s.ParentId == e.Id && s.Id != e.Id)) AddEntry(sub, lists, registry);
    }

    /// <summary>The names most like what was asked (character-bigram overlap), for the error message.</summary>
    public static IReadOnlyList<string> Nearest(string asked, RorRegistry? registry, Watchlists lists, int count)
    {
        var target = Bigrams(asked);
        var names = lists.Entries.Select(e => e.Name).Concat(registry?.Institutions.Select(i => i.Name) ?? []);
        return names.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(n => (Name: n, Score: Dice(target, Bigrams(n))))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(count).Select(p => p.Name).ToList();
    }

    private static HashSet<string> Bigrams(string s)
    {
        var t = " " + string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < t.Length; i++) set.Add(t.Substring(i, 2));
        return set;
    }

    private static double Dice(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);
}
