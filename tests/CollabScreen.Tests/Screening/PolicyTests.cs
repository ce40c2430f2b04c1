using CollabScreen.Screening;
using static CollabScreen.Tests.Screening.Signals;

namespace CollabScreen.Tests.Screening;

public class PolicyTests
{
    private static readonly Screener Default = new(SeverityPolicy.LoadBundled());

    private static InstitutionEvidence Beihang => Institution("Beihang University", "00wk2mp56", Evidence(AspiSevenSons, "beihang-university"));
    private static InstitutionEvidence Nanjing => Institution("Nanjing University", "01rxvg760", Evidence(AspiCivilian, "nanjing-university"));
    private static InstitutionEvidence Unlisted => Institution("Tsinghua University", "03cve4549");

    [Fact]
    public void Bundled_policy_has_the_documented_rules() =>
        Assert.Equal(["ethnicity-classification", "military-coauthor-surveillance-topic", "designated-or-military-coauthor",
            "listed-coauthor-surveillance-topic", "withdrawn-dataset-listed-coauthor", "listed-coauthor", "civilian-coauthor-surveillance-topic",
            "surveillance-topic-withdrawn-dataset", "civilian-coauthor", "disputed-listed-coauthor", "surveillance-topic"],
            Default.Policy.Rules.Select(r => r.Id));

    [Fact]
    public void Ethnicity_classification_is_critical_even_alone()
    {
        var f = Default.Assess(Make(topics: [Ethnicity]));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("ethnicity-classification", f.Rules);
    }

    [Fact]
    public void Seven_sons_coauthor_on_surveillance_topic_is_critical_and_lists_every_rule_that_fired()
    {
        var f = Default.Assess(Make([Beihang], [ReId]));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal(["military-coauthor-surveillance-topic", "designated-or-military-coauthor", "listed-coauthor-surveillance-topic",
            "listed-coauthor", "surveillance-topic"], f.Rules);
        // Each fired rule says which signals made it fire.
        Assert.Equal(["Beihang University: aspi-cdut Seven Sons of National Defence", "topic person-reidentification"],
            f.Because!["military-coauthor-surveillance-topic"]);
        Assert.Equal(["topic person-reidentification"], f.Because["surveillance-topic"]);
    }

    [Fact]
    public void Civilian_tracker_coauthor_on_surveillance_topic_is_medium()
    {
        // Issue #14: ASPI's Civilian category is its lowest; with a surveillance topic it is medium, alone low.
        var f = Default.Assess(Make([Nanjing], [ReId]));
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains("civilian-coauthor-surveillance-topic", f.Rules);
        Assert.DoesNotContain("military-coauthor-surveillance-topic", f.Rules);
    }

    [Fact]
    public void Legal_designation_counts_as_military_for_the_critical_rule()
    {
        var nudt = Institution("Harbin Engineering University", "03x80pn82", Evidence(Ndaa2023, "harbin-engineering-university", new DateOnly(2022, 5, 1)));
        Assert.Equal(Severity.Critical, Default.Assess(Make([nudt], [ReId])).Severity);
    }

    [Fact]
    public void Withdrawn_dataset_with_listed_coauthor_is_high_without_topic()
    {
        var f = Default.Assess(Make([Nanjing], datasets: [Duke()]));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("withdrawn-dataset-listed-coauthor", f.Rules);
    }

    [Fact]
    public void A_dataset_derived_from_a_withdrawn_one_counts_as_withdrawn()
    {
        var reid = new CollabScreen.Datasets.DatasetHit("dukemtmc-reid", "DukeMTMC-reID", "mention", "available", null, "dukemtmc",
            "after-withdrawal", "use", ["abstract: 'DukeMTMC-reID'"]) { DerivedFromWithdrawn = "dukemtmc" };
        var lfw = new CollabScreen.Datasets.DatasetHit("lfw", "LFW", "mention", "available", null, null, null, "use", ["abstract: 'LFW'"]);
        Assert.Equal(Severity.High, Default.Assess(Make([Nanjing], datasets: [reid])).Severity);
        Assert.Equal(Severity.Low, Default.Assess(Make([Nanjing], datasets: [lfw])).Severity); // Civilian alone
    }

    [Fact]
    public void Negated_dataset_mention_does_not_count()
    {
        var f = Default.Assess(Make([Nanjing], datasets: [Duke("negated")]));
        Assert.Equal(Severity.Low, f.Severity);
        Assert.Equal(["civilian-coauthor"], f.Rules);
    }

    [Fact]
    public void Civilian_coauthor_alone_is_low_topic_with_withdrawn_dataset_is_medium_topic_alone_is_low()
    {
        Assert.Equal(Severity.Low, Default.Assess(Make([Nanjing])).Severity);
        Assert.Equal(Severity.Medium, Default.Assess(Make(topics: [ReId], datasets: [Duke()])).Severity);
        Assert.Equal(Severity.Low, Default.Assess(Make(topics: [ReId])).Severity);
    }

    [Fact]
    public void Unlisted_coauthor_without_topic_or_dataset_is_none()
    {
        var f = Default.Assess(Make([Unlisted]));
        Assert.Equal(Severity.None, f.Severity);
        Assert.Empty(f.Rules);
        Assert.False(f.Flagged);
    }

    [Fact]
    public void A_user_policy_can_restrict_to_listings_in_force_at_publication()
    {
        var policy = SeverityPolicy.Parse("""
            // only legal designations in force when the paper appeared
            { "rules": [ { "id": "designated-at-publication", "severity": "high",
                "when": { "listing": { "kind": "legal-designation", "timing": "listed-before-publication" } } } ] }
            """, "mine.json");
        var screener = new Screener(policy);
        var before = Institution("Harbin Institute of Technology", "01yqg2h08", Evidence(Ndaa2023, "hit", new DateOnly(2024, 1, 1)));
        var after = Institution("Harbin Institute of Technology", "01yqg2h08", Evidence(Ndaa2023, "hit", new DateOnly(2019, 1, 1)));
        Assert.Equal(ListingTiming.ListedBeforePublication, before.Listings[0].Timing);
        Assert.Equal(ListingTiming.ListedAfterPublication, after.Listings[0].Timing);
        Assert.Equal(Severity.High, screener.Assess(Make([before])).Severity);
        Assert.Equal(Severity.None, screener.Assess(Make([after])).Severity);
    }

    [Theory]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "severe", "when": { "topic": {} } } ] }""", "rules[0].severity", "severe")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "high", "when": { "listing": { "kind": "legal" } } } ] }""", "rules[0].when.listing.kind", "legal-designation")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "high", "when": { "all": [ { "topic": {} }, { "topics": {} } ] } } ] }""", "rules[0].when.all[1].topics", "unknown condition")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "high" } ] }""", "rules[0].when", "missing")]
    [InlineData("""{ "rules": [ { "severity": "high", "when": { "topic": {} } } ] }""", "rules[0].id", "missing")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "low", "when": { "topic": { "min_score": 3 } } } ] }""", "rules[0].when.topic.min_score", "between 0 and 1")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "low", "when": { "listing": { "lists": "aspi-cdut" } } } ] }""", "rules[0].when.listing.lists", "unknown field")]
    [InlineData("""{ "policy": [] }""", "rules", "missing")]
    [InlineData("""{ "rules": [ { "id": "x", "severity": "low", "when": { "dataset": { "withdrawn": "yes" } } } ] }""", "rules[0].when.dataset.withdrawn", "true or false")]
    public void Bad_policy_names_file_and_field(string json, string field, string hint)
    {
        var e = Assert.Throws<PolicyException>(() => SeverityPolicy.Parse(json, "my-policy.json"));
        Assert.Equal("my-policy.json", e.File);
        Assert.Equal(field, e.Field);
        Assert.Contains("my-policy.json", e.Message);
        Assert.Contains(field, e.Message);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void Broken_json_names_file_and_line()
    {
        var e = Assert.Throws<PolicyException>(() => SeverityPolicy.Parse("{\n \"rules\": [ \n ,, ] }", "broken.json"));
        Assert.Contains("broken.json", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Missing_policy_file_is_named()
    {
        var e = Assert.Throws<PolicyException>(() => SeverityPolicy.Load("no/such/policy.json"));
        Assert.Contains("no/such/policy.json", e.Message);
    }
}

public class PolicyTierTests
{
    [Fact]
    public void Tier_filter_selects_high_tier_listings_only()
    {
        var policy = SeverityPolicy.Parse("""{ "rules": [ { "id": "high-tier", "severity": "high", "when": { "listing": { "tier": "high" } } } ] }""", "tier.json");
        var screener = new Screener(policy);
        var sevenSons = Institution("Beihang University", "00wk2mp56", Evidence(AspiSevenSons, "beihang-university") with { Tier = CollabScreen.Reference.RiskTier.High });
        var civilian = Institution("Nanjing University", "01rxvg760", Evidence(AspiCivilian, "nanjing-university") with { Tier = CollabScreen.Reference.RiskTier.Moderate });
        Assert.Equal(Severity.High, screener.Assess(Make([sevenSons])).Severity);
        Assert.Equal(Severity.None, screener.Assess(Make([civilian])).Severity);
    }

    [Fact]
    public void A_policy_can_tell_listings_carried_through_an_owner_from_direct_ones()
    {
        var policy = SeverityPolicy.Parse("""{ "rules": [ { "id": "direct-only", "severity": "high", "when": { "listing": { "via_parent": false } } } ] }""", "via.json");
        var screener = new Screener(policy);
        var direct = Institution("Beihang University", "00wk2mp56", Evidence(AspiSevenSons, "beihang-university"));
        var unit = Institution("Huawei Technologies (Canada)", "05wze5w42",
            Evidence(AspiSevenSons, "huawei-technologies-co-ltd") with { ViaParent = "Huawei Technologies (China)", Relation = "subsidiary of" });
        Assert.Equal(Severity.High, screener.Assess(Make([direct])).Severity);
        Assert.Equal(Severity.None, screener.Assess(Make([unit])).Severity);
        var e = Assert.Throws<PolicyException>(() => SeverityPolicy.Parse(
            """{ "rules": [ { "id": "x", "severity": "high", "when": { "listing": { "via_parent": "yes" } } } ] }""", "bad.json"));
        Assert.Contains("via_parent", e.Message);
    }
}
