using System.Diagnostics;
using CollabScreen.Datasets;
using CollabScreen.Matching;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Screening;
using CollabScreen.Topics;

namespace CollabScreen.Screening.Pipeline;

/// <summary>The composition root of a screen: watchlists, the ROR registry and resolver, topics, datasets, built from a request.</summary>
public sealed record ScreeningSignals(Watchlists Lists, RorRegistry? Registry, SignalCollector Collector)
{
    /// <summary>The per-run cache of resolved affiliation strings (null when the run has none); its hit rate is reported by `bench screen`.</summary>
    public ResolutionCache? Cache { get; init; }
    /// <summary>The resolver behind <see cref="Collector"/> (benchmarks build collectors with fresh caches over it).</summary>
    public AffiliationResolver? Resolver { get; init; }

    /// <param name="fullTextDir">Optional directory of full texts (ID.txt / ID.tei.xml) for the dataset detector.</param>
    /// <summary>The producers a request asks for (its registry and full-text directory).</summary>
    public static ScreeningSignals For(ScreeningRequest request, Action<string> log) =>
        Build(request.Registry, log, request.FullText, request.ListsDirectory, request.ResolveCacheEntries);

    /// <param name="cacheEntries">Distinct affiliation strings remembered (each resolved once per run); 0 resolves every occurrence.</param>
    public static ScreeningSignals Build(string? registryPath, Action<string> log, string? fullTextDir = null, string? listsDir = null,
        int cacheEntries = ResolutionCache.DefaultCapacity)
    {
        var lists = Watchlists.LoadBundled(listsDir ?? UserListsDirectory.Default);
        foreach (var p in lists.Problems.Take(5)) log($"warning: {p}");
        RorRegistry? registry = null;
        if (registryPath is not null)
        {
            try { registry = RorRegistry.LoadReported(registryPath, log); }
            catch (UnusableRegistryException e)
            {
                // A works file (or any JSON) given as --registry loads as zero records: the run would resolve nothing.
                throw new ScreeningRequestException(e.Message + "; is it a works file? give the ROR data dump, " +
                                                    "e.g. ../shared/data/ror/ror-records.jsonl.gz, or download it from https://zenodo.org/communities/ror-data");
            }
            log($"screen: loaded {registry.Count:N0} ROR records from {registryPath} in {registry.LoadTime.TotalSeconds:0.0} s");
        }
        var clock = Stopwatch.StartNew();
        var resolver = new AffiliationResolver(registry, lists);
        if (registry is not null) log($"screen: built the affiliation index in {clock.Elapsed.TotalSeconds:0.0} s");
        var topics = TopicClassifier.LoadBundled();
        var detector = new DatasetDetector(DatasetRegistry.LoadBundled());
        var cache = cacheEntries > 0 ? new ResolutionCache(resolver.Resolve, Math.Max(2, cacheEntries)) : null;
        return new ScreeningSignals(lists, registry, CollectorFor(lists, registry, resolver, topics, Datasets(detector, fullTextDir, log), cache)) { Cache = cache, Resolver = resolver };
    }

    /// <summary>Datasets from title, abstract and references, plus the work's full text when the directory has one.</summary>
    public static Func<Work, IReadOnlyList<DatasetHit>> Datasets(DatasetDetector detector, string? fullTextDir, Action<string> log) => work =>
    {
        string? text = null;
        if (fullTextDir is not null && FullText.FindFor(fullTextDir, work.Id) is { } file)
        {
            try { text = FullText.Read(file); }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                log($"warning: {e.Message} (work {work.Id}: datasets from title and abstract only)");
            }
        }
        return detector.Detect(work, text);
    };

    /// <summary>The collector over every producer; tests use it with their own shared registry.</summary>
    /// <param name="cache">When given (built over <paramref name="resolver"/>), strings are resolved through it, once each.</param>
    public static SignalCollector CollectorFor(Watchlists lists, RorRegistry? registry, AffiliationResolver resolver, TopicClassifier? topics,
        Func<Work, IReadOnlyList<DatasetHit>>? datasets = null, ResolutionCache? cache = null)
    {
        var byId = lists.Lists.GroupBy(l => l.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var listings = new RorListings(lists, registry is null ? null : ror =>
            registry.Get(ror) is { } inst ? registry.Ancestors(inst).Select(a => (a.Ror, a.Name)) : []);
        Func<string, IEnumerable<string>>? ancestors = registry is null ? null : ror =>
            registry.Get(ror) is { } inst ? registry.Ancestors(inst).Select(a => RorRegistry.ShortId(a.Ror)).ToList() : [];
        return new SignalCollector(byId, listings.For, cache is null ? resolver.Resolve : cache.Resolve, topics is null ? null : topics.Classify, datasets, ancestors);
    }
}
