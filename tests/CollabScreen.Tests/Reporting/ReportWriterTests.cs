using System.Text.Json;
using CollabScreen.Reporting;
using CollabScreen.Screening;

namespace CollabScreen.Tests.Reporting;

public class ReportWriterTests
{
    private readonly IReadOnlyList<Finding> _findings = SampleFindings.Build();

    [Fact]
    public void Severities_of_the_sample_follow_the_policy()
    {
        // W103 (ASPI Civilian co-author, no topic) is low since issue #14.
        Assert.Equal(["critical", "critical", "critical", "low", "low", "critical", "none"], _findings.Select(f => f.Severity.Name()));
    }

    [Fact]
    public void Jsonl_has_the_contract_fields_with_their_types()
    {
        var text = new StringWriter();
        var writer = new JsonlFindingWriter(text);
        foreach (var f in _findings) writer.Write(f);
        writer.Complete();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_findings.Count, lines.Length);
        using var doc = JsonDocument.Parse(lines[1]);
        var o = doc.RootElement;
        Assert.Equal("https://openalex.org/W101", o.GetProperty("work").GetString());
        Assert.Equal("https://doi.org/10.0000/w101", o.GetProperty("doi").GetString());
        Assert.Equal("Cross-camera person re-identification at scale", o.GetProperty("title").GetString());
        Assert.Equal(2021, o.GetProperty("year").GetInt32());
        Assert.Equal("critical", o.GetProperty("severity").GetString());
        Assert.Contains("listed-coauthor-surveillance-topic", o.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Harbin Institute of Technology: ndaa-1286 FY2022 list",
            o.GetProperty("because").GetProperty("listed-coauthor").EnumerateArray().Select(x => x.GetString()));
        var inst = o.GetProperty("institutions")[0];
        Assert.Equal("A. Author", inst.GetProperty("author").GetString());
        Assert.Equal("Harbin Institute of Technology, China", inst.GetProperty("affiliation").GetString());
        Assert.Equal("https://ror.org/01yqg2h08", inst.GetProperty("ror").GetString());
        Assert.Equal("Harbin Institute of Technology", inst.GetProperty("name").GetString());
        Assert.Equal("both", inst.GetProperty("asserted_by").GetString());
        var ndaa = inst.GetProperty("listings").EnumerateArray().Single(l => l.GetProperty("list").GetString() == "ndaa-1286");
        Assert.Equal("FY2022 list", ndaa.GetProperty("category").GetString());
        Assert.Equal("2023-06-29", ndaa.GetProperty("start").GetString());
        Assert.StartsWith("https://media.defense.gov/", ndaa.GetProperty("source").GetString());
        Assert.Equal("listed-after-publication", ndaa.GetProperty("timing").GetString());
        Assert.Equal("person-reidentification", o.GetProperty("topics")[0].GetProperty("topic").GetString());
        Assert.Equal(JsonValueKind.Array, o.GetProperty("datasets").ValueKind);
    }

    [Fact]
    public void Jsonl_shows_disagreement_text()
    {
        var json = FindingJson.Serialize(_findings[2]);
        Assert.Contains("\"asserted_by\":\"resolver\"", json);
        Assert.Contains("OpenAlex asserts Tsinghua University (03cve4549)", json);
    }

    [Fact]
    public void Csv_has_one_row_per_finding_and_quotes_fields()
    {
        var text = new StringWriter();
        var writer = new CsvFindingWriter(text);
        foreach (var f in _findings) writer.Write(f);
        writer.Complete();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_findings.Count + 1, lines.Length);
        Assert.StartsWith("work,doi,year,severity,rules,title,listed_institutions", lines[0]);
        Assert.Contains("Harbin Institute of Technology", lines[2]);
        Assert.Contains("ndaa-1286: FY2022 list, since 2023-06-29", lines[2]);
    }

    [Fact]
    public void Table_lists_most_severe_first_with_listed_partners()
    {
        var text = new StringWriter();
        var writer = new TableFindingWriter(text, width: 200);
        foreach (var f in _findings.Where(f => f.Flagged)) writer.Write(f);
        writer.Complete();
        var s = text.ToString();
        Assert.Contains("Beihang University", s);
        Assert.Contains("critical", s);
        Assert.True(s.IndexOf("critical", StringComparison.Ordinal) < s.IndexOf("low", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", s); // no colour codes when not a terminal
    }

    [Fact]
    public void Summary_counts_partners_years_topics_and_home_authors()
    {
        var summary = SampleFindings.Summary(_findings);
        var partners = summary.Partners();
        var beihang = partners.Single(p => p.Name == "Beihang University");
        Assert.Equal(2, beihang.Papers);
        Assert.Equal([2019, 2021], beihang.Years.Keys);
        Assert.Equal(2, beihang.Topics["person-reidentification"]);
        Assert.DoesNotContain(partners, p => p.Name == "Example Vision Lab"); // the home institution is not its own partner
        Assert.True(partners[0].Listed);
        var author = Assert.Single(summary.Authors());
        Assert.Equal("B. Researcher", author.Author);
        Assert.Equal(6, author.Papers); // every flagged work; W106 is not flagged
        Assert.Equal(2, author.ListedPartners["Beihang University"]);
    }

    [Fact]
    public void Html_is_self_contained_escaped_and_has_charts()
    {
        var html = Render(_findings);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("id=\"timeline\"", html);
        Assert.Contains("id=\"network\"", html);
        Assert.Contains("OpenAlex asserts Tsinghua University", html);
        Assert.Contains("https://media.defense.gov/2023/Jun/29/", html);
    }

    [Fact]
    public void Html_shows_the_needs_checking_group_with_both_witnesses_encoded()
    {
        // A disputed pair as the collector builds it: the source's listed institution, and the author's own string
        // naming another (resolved, and one the registry does not know), with markup in every value.
        var source = SampleFindings.Build()[1].Institutions.First(i => i.Listed) with
        {
            Author = "C. <i>Author</i>", Affiliation = "Dept <b>X</b>, Example University of Marine <Studies>", AssertedBy = AssertedBy.Source,
            Disagreement = "OpenAlex asserts Harbin Institute of Technology; resolving found Example University of Marine <Studies>",
            Strength = EvidenceStrength.Disputed, NamedInstead = "Example University of Marine <Studies>",
        };
        var f = SampleFindings.Build()[1] with { Institutions = [source] };
        Assert.Single(f.NeedsChecking);
        var html = Render([f]);
        var section = html[html.IndexOf("id=\"needs-checking\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("C. &lt;i&gt;Author&lt;/i&gt;", section);
        Assert.Contains("Dept &lt;b&gt;X&lt;/b&gt;", section);
        Assert.Contains("Harbin Institute of Technology", section);
        Assert.Contains("Example University of Marine &lt;Studies&gt;", section);
        Assert.Contains("not in the registry", section);
        Assert.DoesNotContain("<Studies>", section);
        Assert.DoesNotContain("<b>X", section);
        // The sample without disputed pairs says so.
        Assert.Contains("No disputed author–institution pair", Render(_findings));
    }

    internal static string Render(IReadOnlyList<Finding> findings)
    {
        var text = new StringWriter();
        HtmlReport.Write(text, SampleFindings.Run(findings), findings, SampleFindings.Summary(findings), SampleFindings.Policy);
        return text.ToString();
    }
}
