using CollabScreen.Matching;
using CollabScreen.Screening;
using static CollabScreen.Tests.Screening.Signals;

namespace CollabScreen.Tests.Screening;

public class SignalCollectorTests
{
    private static IReadOnlyList<MatchedListing> ListingsFor(string ror) => ror switch
    {
        "00wk2mp56" => [Matched("beihang-university", AspiSevenSons)],
        "01yqg2h08" => [Matched("harbin-institute-of-technology", Ndaa2023)],
        _ => [],
    };

    private static InstitutionMatch Match(string ror, string name) =>
        new(ror, name, "CN", 0.97, name, new Dictionary<string, double> { ["name_exact"] = 1 }, ListingsFor(ror));

    // A resolver stand-in that knows two strings; the real AffiliationResolver is tested in Matching.
    private static IReadOnlyList<InstitutionMatch> Resolve(string raw) =>
        raw.Contains("Beihang") ? [Match("00wk2mp56", "Beihang University")]
        : raw.Contains("Harbin Institute") ? [Match("01yqg2h08", "Harbin Institute of Technology")]
        : raw.Contains("Software Development Environment") ? [Match("017r4dj03", "State Key Laboratory of Software Development Environment")]
        : [];

    // ROR: the State Key Laboratory of Software Development Environment is a child of Beihang University.
    private static IEnumerable<string> Ancestors(string ror) => ror == "017r4dj03" ? ["00wk2mp56"] : [];

    private readonly SignalCollector _collector = new(Lists, ListingsFor, Resolve, ancestors: Ancestors);

    [Fact]
    public void Source_and_resolver_agreeing_is_both_with_listings_and_no_disagreement()
    {
        var s = _collector.Collect(Work("W1", "t", 2022, Author("Li", "Beihang University, Beijing", "00wk2mp56", "Beihang University")));
        var i = Assert.Single(s.Institutions);
        Assert.Equal(AssertedBy.Both, i.AssertedBy);
        Assert.Equal("https://ror.org/00wk2mp56", i.Ror);
        Assert.Null(i.Disagreement);
        Assert.Equal("Seven Sons of National Defence", Assert.Single(i.Listings).Category);
        Assert.Equal("v1", i.Listings[0].ListVersion); // the version of the list that said so
    }

    [Fact]
    public void Disagreement_keeps_both_institutions_and_says_why()
    {
        // Source says Tsinghua, the string says Harbin Institute of Technology.
        var s = _collector.Collect(Work("W2", "t", 2024, Author("Wang", "Harbin Institute of Technology, Harbin", "03cve4549", "Tsinghua University")));
        Assert.Equal(2, s.Institutions.Count);
        var hit = s.Institutions.Single(i => i.AssertedBy == AssertedBy.Resolver);
        var tsinghua = s.Institutions.Single(i => i.AssertedBy == AssertedBy.Source);
        Assert.True(hit.Listed);
        Assert.Same(hit, s.Institutions[0]); // listed first
        Assert.Contains("Harbin Institute of Technology (01yqg2h08)", hit.Disagreement);
        Assert.Contains("OpenAlex asserts Tsinghua University (03cve4549)", hit.Disagreement);
        Assert.Contains("OpenAlex asserts Tsinghua University (03cve4549); resolving", tsinghua.Disagreement);
        Assert.Equal(ListingTiming.ListedBeforePublication, hit.Listings[0].Timing);
    }

    [Fact]
    public void Resolver_alone_when_source_has_no_ids_is_not_a_disagreement()
    {
        var s = _collector.Collect(Work("W3", "t", 2019, Author("Zhao", "School of Computer Science, Beihang University")));
        var i = Assert.Single(s.Institutions);
        Assert.Equal(AssertedBy.Resolver, i.AssertedBy);
        Assert.Null(i.Disagreement);
    }

    [Fact]
    public void Listing_timing_relative_to_publication()
    {
        var s = _collector.Collect(Work("W4", "t", 2019, Author("Sun", "Harbin Institute of Technology", "01yqg2h08", "Harbin Institute of Technology")));
        Assert.Equal(ListingTiming.ListedAfterPublication, s.Institutions[0].Listings[0].Timing);
        Assert.Equal("ndaa-1286", s.Institutions[0].Listings[0].List);
        Assert.Equal(CollabScreen.Reference.ListKind.LegalDesignation, s.Institutions[0].Listings[0].Kind);
    }

    [Fact]
    public void Without_a_resolver_only_source_ids_speak_and_nothing_disagrees()
    {
        var collector = new SignalCollector(Lists, ListingsFor);
        var s = collector.Collect(Work("W5", "t", 2022, Author("Li", "Harbin Institute of Technology", "00wk2mp56", "Beihang University")));
        var i = Assert.Single(s.Institutions);
        Assert.Equal(AssertedBy.Source, i.AssertedBy);
        Assert.Null(i.Disagreement);
    }

    [Fact]
    public void A_lab_found_in_the_string_confirms_the_university_the_source_asserted()
    {
        var s = _collector.Collect(Work("W6", "t", 2022,
            Author("Qian", "State Key Laboratory of Software Development Environment, Beijing", "00wk2mp56", "Beihang University")));
        var i = Assert.Single(s.Institutions);
        Assert.Equal(AssertedBy.Both, i.AssertedBy);
        Assert.Equal("https://ror.org/00wk2mp56", i.Ror);
        Assert.Null(i.Disagreement);
        Assert.Contains("State Key Laboratory of Software Development Environment", i.Matched);
    }

    [Fact]
    public void Resolver_silence_is_not_a_disagreement()
    {
        var s = _collector.Collect(Work("W7", "t", 2022, Author("Zhou", "Institute of Physics, Beijing", "05cvf7v30", "Chinese Academy of Sciences")));
        var i = Assert.Single(s.Institutions);
        Assert.Equal(AssertedBy.Source, i.AssertedBy);
        Assert.Null(i.Disagreement);
    }
}
