using System.Text.Json;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Sources;
using CollabScreen.Tests.Matching;
using CollabScreen.Topics;
using Xunit.Abstractions;

namespace CollabScreen.Tests.Screening;

/// <summary>
/// Issue #14 items 2 and 3 on the shared 1,000-work OpenAlex sample: every author–institution pair has a strength,
/// every disputed pair is listed with both witnesses, a disputed listing does not raise severity, and the default
/// policy's levels separate (a Civilian co-author alone is low, a designated or military one at least high).
/// </summary>
[Collection("Registry")]
public class EvidenceStrengthTests(RegistryFixture fx, ITestOutputHelper output)
{
    private static readonly object Gate = new();
    private static List<(Work Work, WorkSignals Signals, Finding Finding)>? _cache;

    private List<(Work Work, WorkSignals Signals, Finding Finding)> Results()
    {
        lock (Gate)
        {
            if (_cache is not null) return _cache;
            var collector = ScreeningSignals.CollectorFor(fx.Lists, fx.Registry, fx.Resolver, TopicClassifier.LoadBundled(),
                ScreeningSignals.Datasets(new CollabScreen.Datasets.DatasetDetector(CollabScreen.Datasets.DatasetRegistry.LoadBundled()), null, _ => { }));
            var screener = new Screener(SeverityPolicy.LoadBundled());
            _cache = OpenAlexFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], new ReadReport())
                .Select(w => { var s = collector.Collect(w); return (w, s, screener.Assess(s)); }).ToList();
            return _cache;
        }
    }

    [Fact]
    public void Every_pair_has_the_strength_its_witnesses_give()
    {
        foreach (var (work, _, f) in Results())
        foreach (var i in f.Institutions)
        {
            var expected = i.AssertedBy switch
            {
                AssertedBy.Both => EvidenceStrength.Confirmed,
                AssertedBy.Resolver => EvidenceStrength.String,
                _ => i.Disagreement is not null ? EvidenceStrength.Disputed : EvidenceStrength.SourceOnly,
            };
            Assert.True(expected == i.Strength, $"{work.Id} {i.Author} {i.Name}: {i.Strength}, expected {expected}");
            // Disputed needs the author's own string: a pair with no printed affiliation can only be source-only.
            if (i.Strength == EvidenceStrength.Disputed) Assert.False(string.IsNullOrWhiteSpace(i.Affiliation));
        }
    }

    [Fact]
    public void Every_disputed_pair_is_listed_with_both_witnesses()
    {
        var pairs = Results().SelectMany(r => r.Finding.NeedsChecking.Select(d => (r.Work, d))).ToList();
        foreach (var (w, d) in pairs)
            output.WriteLine($"{w.Id[21..]} {d.Author}: source {d.Source.Name}{(d.Source.Listed ? " (listed)" : "")} | string '{d.Affiliation}' -> {string.Join(", ", d.String.Select(s => s.Name))}");
        Assert.NotEmpty(pairs);
        var disputed = Results().Sum(r => r.Finding.Institutions.Count(i => i.Strength == EvidenceStrength.Disputed));
        Assert.Equal(disputed, pairs.Count);
        Assert.All(pairs, p =>
        {
            Assert.NotEmpty(p.d.String); // the other witness: what the author's own string names
            Assert.All(p.d.String, s => Assert.NotEqual(p.d.Source.Ror, s.Ror));
            // What the string names is found by our resolution alone, or also confirms another of the source's claims.
            Assert.All(p.d.String, s => Assert.Contains(s.Strength, new[] { EvidenceStrength.String, EvidenceStrength.Confirmed }));
        });
        // The issue's examples: OpenAlex's institution against the printed one. NTU and USST resolve but confirm the
        // source's other assertion for the same author; "Zhejiang University of Traditional Chinese Medicine" is not
        // in the registry but gives "Zhejiang University" only as the start of a longer name. All three are disputed,
        // with the printed institution as the string's witness.
        foreach (var (id, asserted, printed) in new[]
        {
            ("W3088016790", "Tsinghua University", "Nanyang Technological University"),
            ("W2941707390", "Zhejiang University", "Zhejiang University of Traditional Chinese Medicine"),
            ("W3126358766", "Shanghai Jiao Tong University", "University of Shanghai for Science and Technology"),
        })
        {
            var pairs2 = Results().Single(r => r.Work.Id.EndsWith(id)).Finding.Institutions
                .Where(i => i.Name == asserted && i.Affiliation?.Contains(printed) == true).ToList();
            Assert.NotEmpty(pairs2);
            Assert.All(pairs2, i => Assert.Equal(EvidenceStrength.Disputed, i.Strength));
            var check = Results().Single(r => r.Work.Id.EndsWith(id)).Finding.NeedsChecking.Where(d => pairs2.Contains(d.Source)).ToList();
            Assert.Equal(pairs2.Count, check.Count);
            Assert.All(check, d => Assert.Contains(d.String, s => s.Name.StartsWith(printed, StringComparison.OrdinalIgnoreCase) || s.Name.Contains(printed)));
            output.WriteLine($"{id}: {asserted} for '{printed}': {string.Join(", ", check.Select(d => $"{d.Source.Strength.Name()} -> {string.Join(" / ", d.String.Select(s => s.Name))}"))}");
        }
    }

    [Fact]
    public void Counts_per_strength_and_no_confirmed_pair_is_disputed()
    {
        var all = Results().SelectMany(r => r.Finding.Institutions).ToList();
        output.WriteLine(string.Join(", ", all.GroupBy(i => i.Strength).OrderBy(g => g.Key).Select(g => $"{g.Key.Name()} {g.Count()}")));
        // A pair the string confirms (source and our resolution give the same ROR id) is never also disputed.
        foreach (var (work, _, f) in Results())
        foreach (var d in f.Institutions.Where(i => i.Strength == EvidenceStrength.Disputed))
            Assert.DoesNotContain(f.Institutions, i => i.AssertedBy == AssertedBy.Both && i.Ror == d.Ror && i.Author == d.Author && i.AuthorId == d.AuthorId);
        // Measured on the sample before the disputed rule counted strings that confirm another assertion: confirmed
        // 3,796. That rule only moves source-only pairs to disputed.
        Assert.Equal(3796, all.Count(i => i.Strength == EvidenceStrength.Confirmed));
    }

    [Fact]
    public void Jsonl_carries_strength_and_the_needs_checking_group()
    {
        var (_, _, f) = Results().First(r => r.Finding.NeedsChecking.Count > 0);
        using var doc = JsonDocument.Parse(FindingJson.Serialize(f));
        var root = doc.RootElement;
        Assert.All(root.GetProperty("institutions").EnumerateArray(), i =>
            Assert.Contains(i.GetProperty("strength").GetString(), new[] { "confirmed", "string", "source-only", "disputed" }));
        var check = root.GetProperty("needs_checking")[0];
        Assert.False(string.IsNullOrEmpty(check.GetProperty("source_asserts").GetString()));
        Assert.False(string.IsNullOrEmpty(check.GetProperty("affiliation").GetString()));
        Assert.True(check.GetProperty("string_names").GetArrayLength() > 0);
    }

    [Fact]
    public void A_disputed_listing_does_not_raise_severity_by_default()
    {
        var checkedAny = false;
        foreach (var (work, signals, f) in Results())
        {
            if (!f.Institutions.Any(i => i.Listed && i.Strength == EvidenceStrength.Disputed)) continue;
            // The same work with the disputed pairs removed: the severity must not change, except that a disputed
            // listing alone keeps the work visible at low ("needs checking").
            var without = new Screener(SeverityPolicy.LoadBundled()).Assess(signals with
            {
                Institutions = signals.Institutions.Where(i => i.Strength != EvidenceStrength.Disputed).ToList(),
            });
            Assert.True(f.Severity == without.Severity || (without.Severity == Severity.None && f.Severity == Severity.Low),
                $"{work.Id}: {f.Severity} with the disputed pair, {without.Severity} without");
            checkedAny = true;
        }
        Assert.True(checkedAny, "the sample has disputed listed pairs (Shanghai Jiao Tong for the University of Shanghai for Science and Technology)");
    }

    [Fact]
    public void The_default_policy_separates_levels_on_the_sample()
    {
        var results = Results();
        var counts = results.GroupBy(r => r.Finding.Severity).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", Enum.GetValues<Severity>().Select(s => $"{s.Name()} {counts.GetValueOrDefault(s)}")));
        var flagged = results.Where(r => r.Finding.Flagged).ToList();
        Assert.All(flagged, r =>
        {
            var undisputed = r.Finding.Institutions.Where(i => i.Strength != EvidenceStrength.Disputed).SelectMany(i => i.Listings).ToList();
            var military = undisputed.Any(l => l.Kind == ListKind.LegalDesignation || l.Category is "Military" or "Seven Sons of National Defence");
            if (military) Assert.True(r.Finding.Severity >= Severity.High, $"{r.Work.Id}: designated/military co-author at {r.Finding.Severity}");
            var civilianOnly = undisputed.Count > 0 && undisputed.All(l => l.Tier == RiskTier.Moderate);
            if (civilianOnly && r.Finding.Topics.Count == 0 && r.Finding.Datasets.Count == 0)
                Assert.Equal(Severity.Low, r.Finding.Severity);
        });
        // No single level holds nine in ten findings any more (109 of 110 were medium before issue #14).
        Assert.All(counts.Where(c => c.Key != Severity.None), c => Assert.True(c.Value < 0.9 * flagged.Count, $"{c.Key}: {c.Value} of {flagged.Count}"));
    }
}
