using CollabScreen.Datasets;
using CollabScreen.Matching;
using CollabScreen.Model;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Topics;
using Xunit.Abstractions;

namespace CollabScreen.Tests.Matching;

/// <summary>
/// Issue #17 item 1: each distinct affiliation string is resolved once per run, and the findings (their JSONL) are
/// byte for byte those of resolving every occurrence, on the shared OpenAlex sample and the shared exports, with one
/// thread and with several threads sharing a cache small enough to evict.
/// </summary>
[Collection("Registry")]
public class ResolutionCacheTests(RegistryFixture fx, ITestOutputHelper output)
{
    public static TheoryData<string> Inputs => new() { "openalex/works-sample-2022schema.jsonl.gz", "exports" };

    private string Jsonl(List<Work> works, ResolutionCache? cache, int threads)
    {
        var collector = ScreeningSignals.CollectorFor(fx.Lists, fx.Registry, fx.Resolver, TopicClassifier.LoadBundled(),
            ScreeningSignals.Datasets(new DatasetDetector(DatasetRegistry.LoadBundled()), null, _ => { }), cache);
        var screener = new Screener(SeverityPolicy.LoadBundled());
        var text = new StringWriter();
        var writer = new JsonlFindingWriter(text);
        foreach (var (_, finding) in ScreeningEngine.AssessInOrder(works, w => screener.Assess(collector.Collect(w)), threads))
            writer.Write(finding);
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Findings_are_the_same_with_and_without_the_cache(string input)
    {
        var works = WorkFiles.Read([SharedData.Path(input)], new ReadReport()).ToList();
        var strings = works.SelectMany(w => w.Authorships).SelectMany(a => a.RawAffiliations).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        var distinct = strings.Distinct(StringComparer.Ordinal).Count();
        Assert.True(distinct > 50, $"{input}: only {distinct} distinct strings");

        var without = Jsonl(works, null, 1);
        Assert.Contains("\"severity\"", without);

        var cache = new ResolutionCache(fx.Resolver.Resolve);
        Assert.Equal(without, Jsonl(works, cache, 1));
        // One thread, nothing evicted: one resolver call per distinct string, every repeat a hit. The collector also
        // resolves a few strings derived from them (a longer "X University of Y" name when checking a dispute), so the
        // misses may exceed the distinct raw strings by those, never fall below them.
        Assert.InRange(cache.Misses, distinct, distinct + distinct / 100);
        Assert.True(cache.Hits >= strings.Count - distinct, $"{cache.Hits} hits for {strings.Count} strings, {distinct} distinct");
        Assert.Equal(0, cache.Evicted);
        output.WriteLine($"{input}: {works.Count:N0} works, {strings.Count:N0} strings, {distinct:N0} distinct; {cache.Describe()}");

        // Four threads over one cache that must evict (a tenth of the distinct strings): same output, in order.
        var small = new ResolutionCache(fx.Resolver.Resolve, Math.Max(2, distinct / 10));
        Assert.Equal(without, Jsonl(works, small, 4));
        Assert.True(small.Evicted > 0);
        Assert.True(small.Count <= small.Capacity + 4, $"{small.Count} held, capacity {small.Capacity}");
        output.WriteLine($"  small cache, 4 threads: {small.Describe()}");
    }

    [Fact]
    public void A_string_is_resolved_once_while_it_stays_and_the_bound_holds()
    {
        var calls = new Dictionary<string, int>();
        IReadOnlyList<InstitutionMatch> Resolve(string s)
        {
            lock (calls) calls[s] = calls.GetValueOrDefault(s) + 1;
            return fx.Resolver.Resolve(s);
        }
        var cache = new ResolutionCache(Resolve, capacity: 10);
        const string nudt = "College of Computer, National University of Defense Technology, Changsha 410073, China";
        var first = cache.Resolve(nudt);
        Assert.NotEmpty(first);
        Assert.Same(first, cache.Resolve(nudt));
        // 200 one-off strings between uses of one that recurs every 3 strings: the recurring one is never evicted.
        for (var i = 0; i < 200; i++)
        {
            cache.Resolve($"Department {i}, University of Oxford, Oxford, UK");
            if (i % 3 == 0) Assert.Equal(first, cache.Resolve(nudt));
            Assert.True(cache.Count <= cache.Capacity, $"{cache.Count} held, capacity {cache.Capacity}");
        }
        Assert.Equal(1, calls[nudt]);
        Assert.True(cache.Evicted >= 180, cache.Describe());
        // Evicted strings are resolved again, to the same answer.
        Assert.Equal(fx.Resolver.Resolve("Department 0, University of Oxford, Oxford, UK").Select(m => m.Ror),
            cache.Resolve("Department 0, University of Oxford, Oxford, UK").Select(m => m.Ror));
        Assert.Equal(2, calls["Department 0, University of Oxford, Oxford, UK"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResolutionCache(Resolve, 1));
    }
}
