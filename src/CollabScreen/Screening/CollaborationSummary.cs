namespace CollabScreen.Screening;

/// <summary>One co-author institution across the flagged works: how often, when, on what, under which listings.</summary>
public sealed record PartnerSummary(
    string Key,
    string Name,
    string? Ror,
    IReadOnlyList<string> Listings,
    int Papers,
    IReadOnlyDictionary<int, int> Years,
    IReadOnlyDictionary<string, int> Topics,
    Severity MaxSeverity)
{
    public bool Listed => Listings.Count > 0;
}

/// <summary>One author of the screened institution across the flagged works, with the listed partners they wrote with.</summary>
public sealed record AuthorSummary(
    string Author,
    string? AuthorId,
    int Papers,
    IReadOnlyDictionary<int, int> Years,
    IReadOnlyDictionary<string, int> ListedPartners,
    IReadOnlyDictionary<string, int> Topics,
    Severity MaxSeverity);

/// <summary>
/// "Which partners, how often, on what": aggregates over findings. The home institution (the one being screened)
/// is matched by ROR id or name; when none is given, "our" authors are those at no listed institution.
/// </summary>
public sealed class CollaborationSummary
{
    private readonly string? _home;
    private readonly Dictionary<string, Partner> _partners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Author> _authors = new(StringComparer.OrdinalIgnoreCase);

    public CollaborationSummary(string? home) => _home = string.IsNullOrWhiteSpace(home) ? null : home.Trim();

    public string? Home => _home;

    /// <summary>The home institution's name as the findings give it (the user may have passed a bare ROR id).</summary>
    public string? HomeName { get; private set; }

    public bool IsHome(InstitutionEvidence i) =>
        _home is not null && (LooksLikeRor(_home) ? i.Ror is not null && RorId.Bare(_home) == RorId.Bare(i.Ror)
            : LooksLikeOpenAlexId(_home) ? i.SourceId is not null && RorId.Bare(i.SourceId) == RorId.Bare(_home)
            : string.Equals(_home, i.Name, StringComparison.OrdinalIgnoreCase));

    // OpenAlex institution ids: "I27837315" or "https://openalex.org/I27837315".
    internal static bool LooksLikeOpenAlexId(string s)
    {
        var bare = RorId.Bare(s) ?? "";
        return bare.Length > 1 && bare[0] == 'i' && bare.Skip(1).All(char.IsDigit);
    }

    // ROR ids are 9 characters starting with 0 ("01yqg2h08"), or URLs on ror.org.
    internal static bool LooksLikeRor(string s) =>
        s.Contains("ror.org", StringComparison.OrdinalIgnoreCase) || s.Length == 9 && s[0] == '0' && s.All(char.IsLetterOrDigit);

    /// <summary>Adds a flagged finding (unflagged ones are ignored: the summary is about what needs review).</summary>
    public void Add(Finding f)
    {
        if (!f.Flagged) return;
        var topics = f.Topics.Select(t => t.Topic).Distinct().ToList();
        foreach (var group in f.Institutions.Where(i => !IsHome(i)).GroupBy(i => i.Ror ?? i.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (!_partners.TryGetValue(group.Key, out var p))
                _partners[group.Key] = p = new Partner(group.Key, group.First().Name, group.First().Ror);
            p.Add(f, topics, group.SelectMany(i => i.Listings).Select(Reporting.ReportText.Listing));
        }
        var ours = f.Institutions.Where(i => _home is null ? !i.Listed : IsHome(i)).ToList();
        if (HomeName is null && _home is not null && ours.Count > 0) HomeName = ours[0].Name;
        var listedPartners = f.ListedInstitutions.Where(i => !IsHome(i)).Select(i => i.Name).Distinct().ToList();
        foreach (var group in ours.Where(i => i.Author is not null).GroupBy(i => i.AuthorId ?? i.Author!, StringComparer.OrdinalIgnoreCase))
        {
            if (!_authors.TryGetValue(group.Key, out var a))
                _authors[group.Key] = a = new Author(group.First().Author!, group.First().AuthorId);
            a.Add(f, topics, listedPartners);
        }
    }

    public IReadOnlyList<PartnerSummary> Partners() =>
        _partners.Values.Select(p => p.ToSummary())
            .OrderByDescending(p => p.Listed).ThenByDescending(p => p.Papers).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<AuthorSummary> Authors() =>
        _authors.Values.Select(a => a.ToSummary())
            .OrderByDescending(a => a.ListedPartners.Count > 0).ThenByDescending(a => a.Papers).ThenBy(a => a.Author, StringComparer.Ordinal).ToList();

    private sealed class Partner(string key, string name, string? ror)
    {
        private readonly HashSet<string> _works = [];
        private readonly SortedSet<string> _listings = new(StringComparer.Ordinal);
        private readonly SortedDictionary<int, int> _years = [];
        private readonly Dictionary<string, int> _topics = [];
        private Severity _max;

        public void Add(Finding f, List<string> topics, IEnumerable<string> listings)
        {
            _listings.UnionWith(listings);
            if (!_works.Add(f.Work)) return;
            if (f.Year is { } y) _years[y] = _years.GetValueOrDefault(y) + 1;
            foreach (var t in topics) _topics[t] = _topics.GetValueOrDefault(t) + 1;
            if (f.Severity > _max) _max = f.Severity;
        }

        public PartnerSummary ToSummary() => new(key, name, ror, _listings.ToList(), _works.Count, _years, Sorted(_topics), _max);
    }

    private sealed class Author(string name, string? id)
    {
        private readonly HashSet<string> _works = [];
        private readonly SortedDictionary<int, int> _years = [];
        private readonly Dictionary<string, int> _partners = [];
        private readonly Dictionary<string, int> _topics = [];
        private Severity _max;

        public void Add(Finding f, List<string> topics, List<string> partners)
        {
            if (!_works.Add(f.Work)) return;
            if (f.Year is { } y) _years[y] = _years.GetValueOrDefault(y) + 1;
            foreach (var t in topics) _topics[t] = _topics.GetValueOrDefault(t) + 1;
            foreach (var p in partners) _partners[p] = _partners.GetValueOrDefault(p) + 1;
            if (f.Severity > _max) _max = f.Severity;
        }

        public AuthorSummary ToSummary() => new(name, id, _works.Count, _years, Sorted(_partners), Sorted(_topics), _max);
    }

    private static IReadOnlyDictionary<string, int> Sorted(Dictionary<string, int> d) =>
        d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value) as IReadOnlyDictionary<string, int>;
}
