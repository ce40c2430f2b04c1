using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>What counts as a change between two findings of one work, and how it is explained.</summary>
public class FindingChangeTests
{
    private static StoredFinding Finding(string severity, string rules, string institutions, string topics = "[]", string datasets = "[]") =>
        StoredFinding.FromJson(1, $$"""
            {"work":"https://openalex.org/W2","doi":"https://doi.org/10.1/x","title":"Person re-identification","year":2021,
             "severity":"{{severity}}","rules":{{rules}},"institutions":{{institutions}},"topics":{{topics}},"datasets":{{datasets}}}
            """);

    private const string Beihang = """[{"author":"A","affiliation":"School of Computer Science, Beihang University, Beijing","ror":"https://ror.org/00wk2mp56","name":"Beihang University","listings":[{"list":"us-ndaa-1286","category":"debarment","start":"2022","source":"https://example.org/1286"}],"asserted_by":"source"}]""";
    private const string BeihangTwoAuthors = """[{"author":"A","affiliation":"Beihang University","ror":"https://ror.org/00wk2mp56","name":"Beihang University","listings":[{"list":"us-ndaa-1286","category":"debarment","start":"2022","source":"https://example.org/1286"}],"asserted_by":"source"},{"author":"B","affiliation":"BUAA","ror":"https://ror.org/00wk2mp56","name":"Beihang University","listings":[{"list":"us-ndaa-1286","category":"debarment","start":"2022","source":"https://example.org/1286"}],"asserted_by":"source"}]""";

    [Fact]
    public void Severity_and_rules_changes_are_explained_from_and_to()
    {
        var before = Finding("medium", """["listed-coauthor"]""", Beihang);
        var after = Finding("high", """["listed-coauthor+surveillance-topic"]""", Beihang, topics: """[{"topic":"person-reid","family":"person"}]""");
        var change = FindingChange.Between(before, after)!;
        Assert.Equal(ChangeKind.Changed, change.Kind);
        Assert.Equal(("medium", "high"), (change.SeverityFrom, change.SeverityTo));
        Assert.Equal(["listed-coauthor+surveillance-topic"], change.Rules.Added);
        Assert.Equal(["listed-coauthor"], change.Rules.Removed);
        Assert.Equal(["person-reid"], change.Topics.Added);
        Assert.Equal("severity medium → high; rules +listed-coauthor+surveillance-topic −listed-coauthor; topics +person-reid", change.Explain());
    }

    [Fact]
    public void Another_author_at_the_same_partner_or_reordered_keys_is_not_a_change()
    {
        var one = Finding("medium", """["listed-coauthor"]""", Beihang);
        Assert.Null(FindingChange.Between(one, Finding("medium", """["listed-coauthor"]""", BeihangTwoAuthors)));
        var reordered = StoredFinding.FromJson(2, """{"severity":"medium","rules":["listed-coauthor"],"work":"https://openalex.org/W2","institutions":""" + Beihang + "}");
        Assert.Null(FindingChange.Between(one, reordered));
    }

    [Fact]
    public void A_listing_that_ends_or_starts_later_is_a_listing_change()
    {
        var before = Finding("medium", """["listed-coauthor"]""", Beihang);
        var after = Finding("medium", """["listed-coauthor"]""", Beihang.Replace("\"start\":\"2022\"", "\"start\":\"2023\""));
        var change = FindingChange.Between(before, after)!;
        Assert.Equal(["Beihang University on us-ndaa-1286 (debarment) since 2023"], change.Listings.Added);
        Assert.Equal(["Beihang University on us-ndaa-1286 (debarment) since 2022"], change.Listings.Removed);
        Assert.True(change.Rules.IsEmpty);
    }

    [Fact]
    public void A_delisting_is_a_listing_change()
    {
        var before = Finding("medium", """["listed-coauthor"]""", Beihang);
        var after = Finding("medium", """["listed-coauthor"]""", Beihang.Replace("\"start\":\"2022\"", "\"start\":\"2022\",\"end\":\"2025-01-07\""));
        var change = FindingChange.Between(before, after)!;
        Assert.Equal(["Beihang University on us-ndaa-1286 (debarment) since 2022 until 2025-01-07"], change.Listings.Added);
        Assert.Equal(["Beihang University on us-ndaa-1286 (debarment) since 2022"], change.Listings.Removed);
    }

    [Fact]
    public void A_partner_now_also_asserted_by_our_resolver_is_an_institution_change()
    {
        var before = Finding("medium", """["listed-coauthor"]""", Beihang);
        var after = Finding("medium", """["listed-coauthor"]""", Beihang.Replace("\"asserted_by\":\"source\"", "\"asserted_by\":\"both\""));
        var change = FindingChange.Between(before, after)!;
        Assert.Equal(["Beihang University (https://ror.org/00wk2mp56) [both]"], change.Institutions.Added);
        Assert.Equal(["Beihang University (https://ror.org/00wk2mp56) [source]"], change.Institutions.Removed);
    }

    [Fact]
    public void New_and_gone_findings_are_explained_by_their_severity_and_rules()
    {
        var f = Finding("high", """["listed-coauthor+withdrawn-dataset"]""", Beihang, datasets: """[{"dataset":"duke-mtmc","name":"DukeMTMC"}]""");
        var added = FindingChange.Between(null, f)!;
        Assert.Equal(ChangeKind.New, added.Kind);
        Assert.Equal(["duke-mtmc"], added.Datasets.Added);
        Assert.Equal("new, severity high; rules listed-coauthor+withdrawn-dataset", added.Explain());
        var gone = FindingChange.Between(f, null)!;
        Assert.Equal(ChangeKind.Gone, gone.Kind);
        Assert.Equal("gone, was severity high; rules listed-coauthor+withdrawn-dataset", gone.Explain());
    }

    [Fact]
    public void A_finding_document_must_name_its_work_and_severity()
    {
        Assert.Contains("\"work\"", Assert.Throws<ArgumentException>(() => StoredFinding.FromJson(1, """{"severity":"low"}""")).Message);
        Assert.Contains("severity", Assert.Throws<ArgumentException>(() => StoredFinding.FromJson(1, """{"work":"W1"}""")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<ArgumentException>(() => StoredFinding.FromJson(1, "{\"work\":")).Message);
    }

    [Fact]
    public void Work_order_is_code_point_order_like_the_databases()
    {
        Assert.True(WorkOrder.Compare("https://openalex.org/W10", "https://openalex.org/W9") < 0);
        Assert.True(WorkOrder.Compare("W", "W1") < 0);
        Assert.True(WorkOrder.Compare("\uFF21", "\U0001F600") < 0); // UTF-16 ordinal would say the opposite
        Assert.Equal(0, WorkOrder.Compare("W1", "W1"));
    }
}
