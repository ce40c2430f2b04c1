using System.IO.Compression;
using System.Text.Json;
using CollabScreen.Reference;

namespace CollabScreen.Tests.Reference;

/// <summary>Loads the bundled lists once for every test that reads them.</summary>
public sealed class BundledWatchlistsFixture
{
    public Watchlists Lists { get; } = Watchlists.LoadBundled(userListsDir: null);
}

public sealed class WatchlistsTests(BundledWatchlistsFixture fixture) : IClassFixture<BundledWatchlistsFixture>
{
    private readonly Watchlists w = fixture.Lists;

    [Fact]
    public void Bundled_data_loads_without_problems_or_duplicate_ids()
    {
        Assert.Empty(w.Problems);
        Assert.True(w.Entries.Count > 900, $"only {w.Entries.Count} entries");
        Assert.Equal(w.Entries.Count, w.Entries.Select(e => e.Id).Distinct().Count());
        Assert.Equal(w.Lists.Count, w.Lists.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public void Every_listing_has_a_source_url_and_a_known_list()
    {
        foreach (var e in w.Entries)
        {
            Assert.NotEmpty(e.Listings);
            foreach (var l in e.Listings)
            {
                Assert.True(Uri.TryCreate(l.SourceUrl, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http"), $"{e.Id}: bad source '{l.SourceUrl}'");
                Assert.NotNull(w.List(l.List));
                Assert.False(string.IsNullOrEmpty(l.Authority), e.Id);
            }
        }
        Assert.All(w.Lists, l => Assert.StartsWith("https://", l.SourceUrl));
    }

    [Fact]
    public void Parent_links_point_at_existing_entries()
    {
        foreach (var e in w.Entries.Where(e => e.ParentId is not null))
            Assert.NotNull(w.ParentOf(e));
    }

    [Fact]
    public void Aspi_tracker_has_all_159_institutions_with_categories_and_children()
    {
        var aspi = w.Entries.Where(e => e.Listings.Any(l => l.List == "aspi-cdut" && l.Reason is null)).ToList();
        Assert.Equal(159, aspi.Count);
        var categories = aspi.GroupBy(e => e.Listings.First(l => l.List == "aspi-cdut").Category).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(7, categories["Seven Sons of National Defence"]);
        Assert.Equal(52, categories["Military"]);
        Assert.Equal(8, categories["Security"]);
        Assert.Equal(12, categories["Defence industry conglomerate"]);
        Assert.Equal(80, categories["Civilian"]);
        Assert.All(aspi.Where(e => e.Listings.Any(l => l.List == "aspi-cdut")), e => Assert.Equal(ListKind.Assessment, e.Listings.First(l => l.List == "aspi-cdut").Kind));

        var nudt = w.Search("NUDT")[0].Entry;
        Assert.Equal("National University of Defense Technology", nudt.Name);
        Assert.Equal("中国人民解放军国防科技大学", nudt.NameZh);
        Assert.Contains("Central Military Commission (CMC)", nudt.SupervisingAgencies);
        Assert.Contains("https://ror.org/05d2yfz11", nudt.RorIds);
        Assert.Contains(w.ChildrenOf(nudt), c => c.Name == "State Key Laboratory of Pulsed Power Laser Technology" && c.Type == "laboratory");
        Assert.Equal(RiskTier.High, nudt.HighestTier);
        var nju = w.Search("Nanjing University")[0].Entry;
        Assert.Equal(RiskTier.Moderate, nju.Listings.Single(l => l.List == "aspi-cdut").Tier);
    }

    [Fact]
    public void Dod_1260h_keeps_delistings_and_parents()
    {
        var megvii = w.ForRor("040b32p69").Single();
        var listing = megvii.Listings.Single(l => l.List == "dod-1260h");
        Assert.Equal(new DateOnly(2024, 1, 31), listing.Start);
        Assert.Equal(new DateOnly(2025, 1, 7), listing.End);
        Assert.False(listing.ActiveOn(new DateOnly(2025, 6, 1)));
        Assert.True(listing.ActiveOn(new DateOnly(2024, 6, 1)));
        Assert.Equal(ListKind.LegalDesignation, listing.Kind);

        var hik = w.ForRor("https://ror.org/02jzypx27").Single();
        Assert.Equal("China Electronics Technology Group Corporation", w.ParentOf(hik)!.Name);
        Assert.Equal(new DateOnly(2021, 6, 3), hik.Listings.Single(l => l.List == "dod-1260h").Start);
        Assert.Contains(hik.Listings, l => l.List == "fcc-covered" && l.Start == new DateOnly(2021, 3, 12));
        Assert.Contains(hik.Listings, l => l.List == "ofac-ns-cmic" && l.Start == new DateOnly(2021, 6, 3));
    }

    [Fact]
    public void Every_ror_id_exists_in_the_registry_file()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using (var gz = new GZipStream(File.OpenRead(SharedData.Path("ror/ror-records.jsonl.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                using var doc = JsonDocument.Parse(line);
                ids.Add(doc.RootElement.GetProperty("id").GetString()!);
            }
        Assert.Equal(51370, ids.Count);
        var withRor = w.Entries.Where(e => e.RorIds.Count > 0).ToList();
        Assert.True(withRor.Count >= 150, $"only {withRor.Count} entries with a ROR id");
        Assert.All(withRor.SelectMany(e => e.RorIds), id => Assert.Contains(id, ids));
    }

    [Theory]
    [InlineData("国防科技大学", "National University of Defense Technology")]
    [InlineData("NUDT", "National University of Defense Technology")]
    [InlineData("nudt", "National University of Defense Technology")]
    [InlineData("Beijing University of Aeronautics and Astronautics", "Beihang University")]
    [InlineData("北京航空航天大学", "Beihang University")]
    [InlineData("https://ror.org/00wk2mp56", "Beihang University")]
    [InlineData("05d2yfz11", "National University of Defense Technology")]
    [InlineData("Megvii", "Beijing Megvii Technology Co., Ltd.")]
    public void Search_finds_the_right_entry_first(string query, string expected)
    {
        var hits = w.Search(query);
        Assert.NotEmpty(hits);
        Assert.Equal(expected, hits[0].Entry.Name);
        Assert.True(hits[0].SameInstitution);
    }

    [Fact]
    public void Nanjing_University_ranks_first_and_NUAA_is_only_a_look_alike()
    {
        var hits = w.Search("Nanjing University");
        Assert.Equal("Nanjing University", hits[0].Entry.Name);
        Assert.True(hits[0].SameInstitution);
        var nuaa = hits.Single(h => h.Entry.Name == "Nanjing University of Aeronautics and Astronautics");
        Assert.False(nuaa.SameInstitution);
        Assert.Equal(SearchMatch.Partial, nuaa.How);
        Assert.DoesNotContain(hits.Where(h => h.SameInstitution), h => h.Entry.Name != "Nanjing University");
    }
}

public sealed class BundledListContentTests(BundledWatchlistsFixture fixture) : IClassFixture<BundledWatchlistsFixture>
{
    private readonly Watchlists w = fixture.Lists;

    private IEnumerable<Listing> On(string list) => w.Entries.SelectMany(e => e.Listings).Where(l => l.List == list);

    [Fact]
    public void Every_list_is_covered_with_its_kind()
    {
        Assert.Equal(ListKind.Assessment, w.List("aspi-cdut")!.Kind);
        foreach (var id in new[] { "ndaa-1286", "dod-1260h", "bis-entity-list", "bis-mieu", "ofac-ns-cmic", "fcc-covered" })
            Assert.Equal(ListKind.LegalDesignation, w.List(id)!.Kind);
        Assert.Equal(["FY2022 list", "FY2023 list", "FY2024 list", "FY2025 list"], On("ndaa-1286").Select(l => l.Category!).Distinct().Order());
        Assert.Equal(68, w.OnList("ofac-ns-cmic").Count());
        Assert.Equal(13, w.OnList("bis-mieu").Count());
        Assert.Contains(w.OnList("fcc-covered"), e => e.Name == "ZTE Corporation");
        Assert.Contains(w.OnList("bis-entity-list"), e => e.Name == "54th Research Institute of China");
        Assert.DoesNotContain(w.OnList("bis-entity-list"), e => e.Name == "Gunther Migeotte"); // a person: we screen institutions
        Assert.Equal([new DateOnly(2021, 6, 3), new DateOnly(2022, 10, 5), new DateOnly(2024, 1, 31), new DateOnly(2025, 1, 7), new DateOnly(2026, 6, 8)],
            On("dod-1260h").Select(l => l.Start!.Value).Distinct().Order());
        Assert.All(On("aspi-cdut"), l => Assert.Equal(ListKind.Assessment, l.Kind));
        Assert.All(On("dod-1260h"), l => Assert.Equal(RiskTier.High, l.Tier));
    }

    [Fact]
    public void One_entry_per_institution_and_one_institution_per_ror_id()
    {
        var shared = w.Entries.SelectMany(e => e.RorIds.Select(r => (r, e.Id))).GroupBy(x => x.r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(shared);
        // NUDT is on ASPI and on every §1286 report: one entry, both kinds of listing side by side.
        var nudt = w.ForRor("05d2yfz11").Single();
        Assert.Contains(nudt.Listings, l => l.Kind == ListKind.Assessment);
        Assert.Equal(4, nudt.Listings.Count(l => l.List == "ndaa-1286"));
    }

    [Theory]
    [InlineData("Nanjing University", "https://ror.org/01rxvg760")]
    [InlineData("Nanjing University of Aeronautics and Astronautics", "https://ror.org/01scyh794")]
    [InlineData("Harbin Institute of Technology", "https://ror.org/01yqg2h08")]
    [InlineData("Northwestern Polytechnical University", "https://ror.org/01y0j0j86")]
    [InlineData("SenseTime Group, Inc.", "https://ror.org/049wsmj07")]
    public void Spot_checked_ror_ids(string name, string ror) =>
        Assert.Equal([ror], w.Entries.Single(e => e.Name == name).RorIds);

    [Theory]
    [InlineData("Heilongjiang Institute of Technology")]   // ROR conflates 黑龙江工程学院 with another university
    [InlineData("Institute of High Energy Physics")]       // the §1286 one is Russian; ROR's is the CAS institute in Beijing
    [InlineData("China Telecom Group Co., Ltd.")]          // the group, not its listed subsidiary China Telecom Corporation Limited
    public void Look_alike_ror_records_are_not_assigned(string name) =>
        Assert.Empty(w.Entries.Single(e => e.Name == name).RorIds);

    [Fact]
    public void Children_and_parents()
    {
        var ams = w.Entries.Single(e => e.Name == "Academy of Military Science");
        var children = w.ChildrenOf(ams);
        Assert.Contains(children, c => c.Name == "Academy of Military Medical Sciences" && c.RorIds.SequenceEqual(["https://ror.org/02bv3c993"]));
        Assert.All(children, c => Assert.Equal(ams.Id, c.ParentId));
        var casic = w.Entries.Single(e => e.Name == "China Aerospace Science and Industry Corporation");
        Assert.Contains(casic.Listings, l => l.List == "dod-1260h");
        Assert.Equal(casic, w.ParentOf(w.Entries.Single(e => e.Name == "Aerosun Corporation")));
        Assert.Equal("program", w.Entries.Single(e => e.Name == "Thousand Talents Plan").Type);
    }
}

public sealed class UserListsDirectoryTests
{
    [Fact]
    public void Follows_xdg_data_home_and_falls_back_to_local_share()
    {
        var old = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            // A directory that does not exist: other tests loading user lists meanwhile just find none.
            var xdg = Path.Combine(Path.GetTempPath(), "collabscreen-xdg-" + Guid.NewGuid().ToString("N"));
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", xdg);
            Assert.Equal(Path.Combine(xdg, "collabscreen", "lists"), UserListsDirectory.Default);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "relative/path"); // the XDG spec says: ignore relative paths
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "collabscreen", "lists"), UserListsDirectory.Default);
        }
        finally { Environment.SetEnvironmentVariable("XDG_DATA_HOME", old); }
    }
}
