using CollabScreen.Matching;
using CollabScreen.Reference;
using Xunit.Abstractions;

namespace CollabScreen.Tests.Matching;

/// <summary>
/// The extra-word rule: a name with one more (or one other) distinguishing word is a different institution.
/// Confusing a listed institution with an unlisted look-alike is the worst error the product can make, so every
/// look-alike pair between the ASPI tracker's institutions and the registry is tested, in both directions.
/// </summary>
[Collection("Registry")]
public class LookAlikeTests(RegistryFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Nanjing University, Nanjing 210093, China", "01rxvg760")]
    [InlineData("Nanjing University of Aeronautics and Astronautics, Nanjing, China", "01scyh794")]
    [InlineData(" Key Laboratory for Soft Chemistry and Functional Materials, Ministry of Education, Nanjing University of Science and Technology, Nanjing, 210094, P. R. China.", "00xp9wg62")]
    [InlineData("Nanjing University of Information Science and Technology, Nanjing, China", "02y0rxk19")]
    [InlineData("Northwestern University, Evanston, IL, USA", "000e0be47")]
    [InlineData("School of Marine Science and Technology, Northwestern Polytechnical University, Xi’an, Shaanxi, China", "01y0j0j86")]
    [InlineData("State Key Laboratory of Continental Dynamics, Shaanxi Key laboratory of Early Life & Environments, Department of Geology, Northwest University", "00z3td547")]
    [InlineData("Beijing Key Laboratory of Photoelectronic/Electrophotonic Conversion Materials, Key Laboratory of Cluster Science of Ministry of Education, Beijing Institute of Technology, Beijing, China", "01skt4w74")]
    [InlineData("Institute of Geotechnical and Underground Engineering, Beijing University of Technology, Beijing, China", "037b1pp87")]
    [InlineData("School of Life Sciences, University of Science and Technology of China", "04c4dkn09")]
    [InlineData("University of Science and Technology Beijing, Beijing 100083, China", "02egmk993")]
    [InlineData("Hong Kong University of Science and Technology, Clear Water Bay, Hong Kong", "00q4vv597")]
    [InlineData("Department of Medicine, Washington University School of Medicine", "01yc7t268")]
    [InlineData("Department of Molecular Microbiology, Washington University School of Medicine, St. Louis, Missouri, USA", "01yc7t268")]
    // ROR gold (Crossref): the city written "Saint Louis" is the registry's "St. Louis".
    [InlineData("Siteman Cancer Center, Washington University 8 , Saint Louis, MO, USA", "01yc7t268")]
    [InlineData("Washington University 3 Department of Chemistry, , Saint Louis, MO, USA", "01yc7t268")]
    [InlineData("Department of Surgery and Northwest Liver Research Program, University of Washington", "00cvxb145")]
    [InlineData("Qinghai University, Xining, China", "05h33bt13")]
    [InlineData("Tsinghua University, Beijing, China", "03cve4549")]
    [InlineData("West Anhui University, Lu'an, China", "046ft6c74")]
    [InlineData("Anhui University, Hefei, China", "05th6yx34")]
    public void Named_look_alikes_resolve_to_themselves(string raw, string ror)
    {
        var match = Assert.Single(fixture.Resolver.Resolve(raw));
        Assert.Equal("https://ror.org/" + ror, match.Ror);
    }

    [Theory]
    [InlineData("Nanjing University of Information Science and Technology, Nanjing, China")]
    [InlineData("Northwestern University, Evanston, IL, USA")]
    [InlineData("Beijing University of Technology, Beijing, China")]
    [InlineData("Hong Kong University of Science and Technology, Hong Kong")]
    [InlineData("Pacific Northwest University of Health Sciences")]
    public void Without_a_registry_an_unlisted_look_alike_never_takes_a_listed_entry(string raw)
    {
        // The bundled entries hold Nanjing University, NUAA, NUST, NWPU, Northwest University, BIT, USTC, ...:
        // none of them is this institution.
        Assert.Empty(fixture.ListsOnly.Resolve(raw));
    }

    private static List<string> Words(string name) =>
        AffiliationText.Tokenise(name, removeNoise: false).Where(t => !t.Cjk).Select(t => t.Text).ToList();

    /// <summary>One name's words contain the other's, or the two differ in exactly one word.</summary>
    private static bool LookAlike(List<string> a, List<string> b)
    {
        if (a.Count < 2 || b.Count < 2 || a.SequenceEqual(b)) return false;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        if (small.Count < large.Count) return small.All(large.Contains) && !large.All(small.Contains);
        return a.Zip(b).Count(p => p.First != p.Second) == 1;
    }

    /// <summary>
    /// "Qilu Hospital of Shandong University", "Key Laboratory ..., Jilin University", "China University of Mining and
    /// Technology - Beijing": the tracked name stands whole (after "of", as its own segment, or before a place) inside
    /// the other name, which names a part or branch of it, not a look-alike.
    /// </summary>
    private static bool PartOf(string name, List<string> tracked, RegistryFixture fixture)
    {
        var tokens = AffiliationText.Tokenise(name, removeNoise: false).Where(t => !t.Cjk).ToList();
        for (var p = 0; p + tracked.Count <= tokens.Count; p++)
        {
            if (!tracked.Select((w, k) => tokens[p + k].Text == w).All(x => x)) continue;
            var q = p + tracked.Count;
            var opens = p == 0 || tokens[p].Connector == "of" || tokens[p].Segment != tokens[p - 1].Segment;
            var closes = q == tokens.Count || tokens[q].Segment != tokens[q - 1].Segment || tokens[q].Connector == "in"
                || tokens.Skip(q).All(t => fixture.IsPlace(t.Text));
            if (opens && closes && p > 0 | q < tokens.Count) return true;
        }
        return false;
    }

    [Fact]
    public void No_tracker_institution_is_confused_with_a_registry_look_alike()
    {
        var registry = fixture.Registry;
        var tracked = fixture.Lists.Entries
            .Where(e => e.ParentId is null && e.Listings.Any(l => l.List == "aspi-cdut"))
            .Select(e => (Entry: e, Ror: e.RorIds.Select(RorRegistry.ShortId).FirstOrDefault(registry.Contains), Words: Words(e.Name)))
            .ToList();
        var trackedRors = tracked.Where(t => t.Ror is not null).Select(t => t.Ror!).ToHashSet();
        var byWord = new Dictionary<string, List<int>>();
        for (var i = 0; i < tracked.Count; i++)
            foreach (var w in tracked[i].Words.Distinct())
                (byWord.TryGetValue(w, out var l) ? l : byWord[w] = []).Add(i);

        int pairs = 0, ownResolved = 0;
        var confusions = new List<string>();
        // 1. Each tracker institution's own name, with its country, resolves to itself and to nothing else.
        foreach (var t in tracked.Where(t => t.Ror is not null))
        {
            var raw = $"{t.Entry.Name}, China";
            var rors = fixture.Resolver.Resolve(raw).Select(m => RorRegistry.ShortId(m.Ror)).ToList();
            if (rors.Contains(t.Ror!)) ownResolved++;
            foreach (var other in rors.Where(r => r != t.Ror))
                confusions.Add($"'{raw}' -> {other} {registry.Get(other)?.Name} (expected {t.Ror})");
        }
        // 2. Every registry institution whose name looks like a tracker institution's resolves to itself, never to it.
        foreach (var inst in registry.Institutions.Where(i => i.IsActive))
        {
            var id = RorRegistry.ShortId(inst.Ror);
            if (trackedRors.Contains(id)) continue;
            // Parts and affiliates (a university's hospital, lab, campus) are linked in the registry: not look-alikes.
            var linked = inst.Links.Select(l => RorRegistry.ShortId(l.Ror)).ToHashSet();
            var words = Words(inst.Name);
            var candidates = words.Where(byWord.ContainsKey).SelectMany(w => byWord[w]).Distinct();
            foreach (var ti in candidates)
            {
                var t = tracked[ti];
                if (!LookAlike(words, t.Words) || (t.Ror is not null && linked.Contains(t.Ror)) || PartOf(inst.Name, t.Words, fixture)) continue;
                pairs++;
                var raw = inst.Country is { } c ? $"{inst.Name}, {inst.CountryName ?? c}" : inst.Name;
                foreach (var m in fixture.Resolver.Resolve(raw))
                    if (t.Ror is not null && RorRegistry.ShortId(m.Ror) == t.Ror)
                        confusions.Add($"'{raw}' ({id}) -> tracker entry {t.Entry.Name} ({t.Ror})");
                // Without a registry a name the entry itself claims as an alias is that entry (the list says so).
                var claimed = t.Entry.AllNames().Any(n => AffiliationText.Key(AffiliationText.Tokenise(n, false)) == AffiliationText.Key(AffiliationText.Tokenise(inst.Name, false)));
                foreach (var m in claimed ? [] : fixture.ListsOnly.Resolve(raw))
                    if (m.Listings.Any(l => l.EntryId == t.Entry.Id && l.ViaParent is null))
                        confusions.Add($"without registry: '{raw}' ({id}) -> tracker entry {t.Entry.Name}");
            }
        }
        output.WriteLine($"{tracked.Count} tracker institutions, {ownResolved} resolved by name, {pairs} look-alike pairs tested");
        foreach (var c in confusions) output.WriteLine(c);
        Assert.True(pairs >= 100, $"only {pairs} look-alike pairs found");
        Assert.True(ownResolved >= tracked.Count(t => t.Ror is not null) * 0.9, $"only {ownResolved} tracker institutions resolved by their own name");
        Assert.Empty(confusions);
    }
}
