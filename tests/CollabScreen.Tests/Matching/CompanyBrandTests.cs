using CollabScreen.Matching;
using CollabScreen.Reference;

namespace CollabScreen.Tests.Matching;

/// <summary>
/// The brand and force-name rules on the issue's own example strings (held out: not in the shared data and not used
/// while writing the rules) and the issue's look-alikes, with the registry.
/// </summary>
[Collection("Registry")]
public class CompanyBrandTests(RegistryFixture fixture)
{
    private HashSet<string> Reached(string raw) =>
        fixture.Resolver.Resolve(raw).SelectMany(m => m.Listings).Select(l => l.EntryId).ToHashSet();

    [Theory]
    [InlineData("SenseTime Res, Beijing", "sensetime-group-inc")]
    [InlineData("Tencent Jarvis Lab, Shenzhen", "tencent-holdings-limited")]
    [InlineData("Jarvis Res Ctr, Tencent YouTu Lab", "tencent-holdings-limited")]
    [InlineData("Huawei Technol Duesseldorf GmbH, European Res Ctr, Munich", "huawei-technologies-co-ltd")]
    [InlineData("Huawei Technol Canada Co Ltd", "huawei-technologies-co-ltd")]
    [InlineData("Huawei Cloud & AI, Hangzhou", "huawei-technologies-co-ltd")]
    [InlineData("Beijing Huawei Digital Technol Co Ltd", "huawei-technologies-co-ltd")]
    [InlineData("ZTE TX Inc, Morristown", "zte-corporation")]
    [InlineData("Dji Technology Company, Shenzhen", "shenzhen-dji-technology-co-ltd|shenzhen-dji-innovation-technology-co-ltd")]
    [InlineData("Alibaba Grp, Hangzhou", "alibaba-group-holding-limited")]
    [InlineData("Megvii Research", "beijing-megvii-technology-co-ltd")]
    [InlineData("Hikvision Research Institute", "hangzhou-hikvision-digital-technology-co-ltd")]
    [InlineData("SenseTime Group Limited, Hong Kong", "sensetime-group-inc")]
    [InlineData("AVIC Mfg Technol Inst, Beijing", "aviation-industry-corporation-of-china")]
    [InlineData("Armed Police Force Engineering University", "engineering-university-of-the-capf")]
    [InlineData("Chinese Peoples Armed Police Force Engn Univ, Sch Informat Engn, Xian", "engineering-university-of-the-capf")]
    public void The_issue_examples_reach_the_listed_company_or_institution(string raw, string entries)
    {
        var reached = Reached(raw);
        Assert.True(entries.Split('|').Any(reached.Contains), $"'{raw}' reached {string.Join(", ", reached)}");
    }

    [Theory]
    [InlineData("Avicenna Research Institute, Tehran, Iran")]
    [InlineData("Senseable City Lab, MIT, Cambridge, MA, USA")]
    [InlineData("Dahua County People's Hospital, Guangxi, China")]
    [InlineData("Huaiyin Normal University, Huai'an, China")]
    [InlineData("Cascadia College, Bothell, WA, USA")]
    [InlineData("CSIC, Inst Ciencia Mat Madrid, Madrid, Spain")]
    [InlineData("China Three Gorges Univ, Yichang, Peoples R China")]
    public void Look_alikes_of_brands_reach_no_listed_company(string raw)
    {
        var companies = fixture.Lists.Entries.Where(e => e.Type is "company" or "subsidiary").Select(e => e.Id).ToHashSet();
        Assert.DoesNotContain(Reached(raw), companies.Contains);
    }

    [Fact]
    public void A_subsidiary_carries_its_parents_listings_with_the_relation_named()
    {
        // The shared registry holds no Canadian branch: the brand's office abroad is Huawei Technologies itself, which the
        // 1260H list names a subsidiary of Huawei Investment & Holding.
        var match = Assert.Single(fixture.Resolver.Resolve("Huawei Technol Canada Co Ltd, Markham, ON, Canada"));
        var via = match.Listings.Where(l => l.ViaParent is not null).ToList();
        Assert.NotEmpty(via);
        Assert.All(via, l => Assert.Equal("subsidiary of", l.Relation));
        Assert.Contains(via, l => l.EntryId == "huawei-investment-holding-co-ltd");
        Assert.All(match.Listings.Where(l => l.ViaParent is null), l => Assert.Null(l.Relation));
    }

    [Fact]
    public void A_hospital_named_after_a_listed_university_carries_its_listings()
    {
        var match = Assert.Single(fixture.Resolver.Resolve("Changhai Hosp, Dept Gastroenterol, Shanghai, Peoples R China."));
        Assert.Contains(match.Listings, l => l.EntryId == "navy-medical-university" && l.Relation == "affiliated hospital of");
    }

    [Fact]
    public void Brands_are_whole_distinctive_words()
    {
        var brands = fixture.Resolver.Brands.Brands;
        foreach (var w in (string[])["tencent", "huawei", "zte", "sensetime", "megvii", "hikvision", "avic"])
            Assert.True(brands.ContainsKey(w), w);
        // Words other institutions use in their names are no brands.
        foreach (var w in (string[])["three", "china", "global", "john", "nanjing"])
            Assert.False(brands.ContainsKey(w), w);
        // Spain's research council also bears CSIC: a shared acronym at most.
        Assert.True(!brands.TryGetValue("csic", out var csic) || csic.Shared);
    }
}
