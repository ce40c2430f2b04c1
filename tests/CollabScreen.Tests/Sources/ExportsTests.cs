using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

/// <summary>
/// Web of Science (tagged and tab-delimited) and Scopus CSV exports in their real layouts, read through
/// <see cref="WorkFiles"/>: field by field, format detection by content, a broken record in the middle, and a
/// screen run that flags the NUDT co-authored paper through the resolver.
/// </summary>
[Collection("Console")]
public class ExportsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", "exports", name);

    private const string NudtAddress = "Natl Univ Def Technol, Coll Comp, Changsha 410073, Peoples R China.";
    private const string OxfordAddress = "Univ Oxford, Dept Engn Sci, Oxford OX1 3PJ, England.";

    private static (List<Work> Works, ReadReport Report) Read(string name)
    {
        var report = new ReadReport();
        return (WorkFiles.Read([Fixture(name)], report).ToList(), report);
    }

    [Theory]
    [InlineData("wos-savedrecs.txt", WorkFileFormat.WosTagged)]
    [InlineData("wos-savedrecs-tab.txt", WorkFileFormat.WosTabbed)]
    [InlineData("scopus.csv", WorkFileFormat.Scopus)]
    public void Formats_are_detected_by_content(string name, WorkFileFormat expected) =>
        Assert.Equal(expected, WorkFiles.Detect(Fixture(name)));

    [Fact]
    public void Detection_ignores_file_names_and_sees_through_gzip()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-detect-").FullName;
        var renamed = Path.Combine(dir, "export.jsonl");
        File.Copy(Fixture("wos-savedrecs.txt"), renamed);
        Assert.Equal(WorkFileFormat.WosTagged, WorkFiles.Detect(renamed));

        var gz = Path.Combine(dir, "scopus-export.gz");
        using (var output = File.Create(gz))
        using (var zip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
            zip.Write(File.ReadAllBytes(Fixture("scopus.csv")));
        Assert.Equal(WorkFileFormat.Scopus, WorkFiles.Detect(gz));
        var report = new ReadReport();
        Assert.Equal(2, WorkFiles.Read([gz], report).Count());

        var plain = Path.Combine(dir, "papers.csv");
        File.WriteAllText(plain, "id,title,abstract\n1,Faces,\n");
        Assert.Equal(WorkFileFormat.Csv, WorkFiles.Detect(plain));
        Assert.Equal(WorkFileFormat.OpenAlex, WorkFiles.Detect(Fixture("../works-current-schema.jsonl")));
    }

    [Fact]
    public void Wos_tagged_record_maps_field_by_field()
    {
        var (works, report) = Read("wos-savedrecs.txt");
        var w = works[0];
        Assert.Equal("WOS:000612345600001", w.Id);
        Assert.Equal("https://doi.org/10.1109/TIP.2021.3050000", w.Doi);
        Assert.Equal("Cross-domain person re-identification with camera-aware feature alignment", w.Title);
        Assert.Equal("Person re-identification matches pedestrians across non-overlapping surveillance cameras. We propose a camera-aware alignment method.", w.Abstract);
        Assert.Equal(2021, w.Year);
        Assert.Equal("IEEE TRANSACTIONS ON IMAGE PROCESSING", w.Venue);
        Assert.Equal("Article", w.Type);
        Assert.Equal(["person re-identification", "domain adaptation", "camera-aware learning", "NETWORK", "RECOGNITION"], w.Keywords.Select(k => k.Name));
        Assert.Equal(["Wang, Wei", "Li, Ming", "Smith, John A."], w.Authorships.Select(a => a.AuthorName));
        Assert.Equal([NudtAddress], w.Authorships[0].RawAffiliations);
        Assert.Equal([NudtAddress], w.Authorships[1].RawAffiliations);
        Assert.Equal([OxfordAddress], w.Authorships[2].RawAffiliations);
        Assert.Equal("https://orcid.org/0000-0002-1825-0097", w.Authorships[0].Orcid);
        Assert.Null(w.Authorships[1].Orcid); // RI (researcher id) is not an ORCID
        Assert.Equal("https://orcid.org/0000-0001-5109-3700", w.Authorships[2].Orcid);
        Assert.All(w.Authorships, a => Assert.Empty(a.Institutions));
        Assert.Equal(["National University of Defense Technology - China", "University of Oxford"], w.InstitutionAssertions.Select(i => i.Name));
        Assert.All(w.InstitutionAssertions, i => { Assert.Null(i.Id); Assert.Null(i.Ror); });
        Assert.Equal(new Origin(Fixture("wos-savedrecs.txt"), 3), w.Origin);
        Assert.Equal(1, report.Files);
    }

    [Fact]
    public void Wos_tagged_broken_record_in_the_middle_is_reported_by_line_and_field_and_the_rest_kept()
    {
        var (works, report) = Read("wos-savedrecs.txt");
        Assert.Equal(["WOS:000612345600001", "WOS:000798765400003"], works.Select(w => w.Id));
        var error = Assert.Single(report.Errors);
        Assert.Equal(Fixture("wos-savedrecs.txt"), error.Source);
        Assert.Equal(41, error.Line);
        Assert.Contains("field PY: '2O21' is not a year", error.Reason);
        Assert.Equal(1, report.Skipped);
        Assert.Equal(2, report.Read);

        // C1 without brackets applies to every author.
        var soil = works[1];
        Assert.Equal(["Zhang, San", "Garcia, Maria"], soil.Authorships.Select(a => a.AuthorName));
        Assert.All(soil.Authorships, a => Assert.Equal(
            ["Tsinghua Univ, Dept Hydraul Engn, Beijing 100084, Peoples R China.", "Univ Valencia, Image Proc Lab, Valencia 46980, Spain."], a.RawAffiliations));
    }

    [Fact]
    public void Wos_author_missing_from_every_bracket_list_gets_every_address_and_au_is_the_fallback_name()
    {
        var report = new ReadReport();
        var text = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Wang, W\n   Zhou, Q\nTI T\n" +
                   "C1 [Wang, W] Harbin Inst Technol, Sch Comp Sci & Technol, Harbin 150001, Peoples R China.\n" +
                   "   [Wang, W] Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China.\nPY 2020\nUT WOS:000500000000001\nER\nEF\n";
        var w = Assert.Single(WosExport.ReadTagged(new StringReader(text), "x.txt", report));
        Assert.Equal(["Wang, W", "Zhou, Q"], w.Authorships.Select(a => a.AuthorName));
        Assert.Equal(2, w.Authorships[0].RawAffiliations.Count);
        Assert.Equal(w.Authorships[0].RawAffiliations, w.Authorships[1].RawAffiliations);
    }

    [Fact]
    public void Wos_record_without_ut_or_er_and_a_malformed_line_are_reported()
    {
        var report = new ReadReport();
        var text = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI No accession\nPY 2020\nER\n\n" +
                   "PT J\nTI Bad line\nthis line has no tag\nUT WOS:000500000000002\nER\n\n" +
                   "PT J\nTI Good\nUT WOS:000500000000003\nER\n\nPT J\nTI Cut\nUT WOS:000500000000004\n";
        var works = WosExport.ReadTagged(new StringReader(text), "x.txt", report).ToList();
        Assert.Equal(["WOS:000500000000003"], works.Select(w => w.Id));
        Assert.Equal(3, report.Skipped);
        var errors = report.Errors.Select(e => e.ToString()).ToList();
        Assert.StartsWith("x.txt:3: field UT (accession number) is missing", errors[0]);
        Assert.StartsWith("x.txt:8: record skipped: line 10: 'this line has no tag' is neither a field", errors[1]);
        Assert.StartsWith("x.txt:19: record has no ER line", errors[2]);
    }

    [Fact]
    public void Wos_tab_delimited_utf16_maps_the_same_fields_and_a_cut_row_is_skipped()
    {
        var (works, report) = Read("wos-savedrecs-tab.txt");
        Assert.Equal(["WOS:000612345600001", "WOS:000798765400003"], works.Select(w => w.Id));
        var error = Assert.Single(report.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("expected 71 tab-separated fields as in the header, found 9", error.Reason);

        var w = works[0];
        Assert.Equal("Cross-domain person re-identification with camera-aware feature alignment", w.Title);
        Assert.Equal(2021, w.Year);
        Assert.Equal("https://doi.org/10.1109/TIP.2021.3050000", w.Doi);
        Assert.Equal(["Wang, Wei", "Li, Ming", "Smith, John A."], w.Authorships.Select(a => a.AuthorName));
        Assert.Equal(["Natl Univ Def Technol, Coll Comp, Changsha 410073, Peoples R China"], w.Authorships[1].RawAffiliations);
        Assert.Equal(["Univ Oxford, Dept Engn Sci, Oxford OX1 3PJ, England"], w.Authorships[2].RawAffiliations);
        Assert.Equal("https://orcid.org/0000-0002-1825-0097", w.Authorships[0].Orcid);
        Assert.Equal(["person re-identification", "domain adaptation", "NETWORK", "RECOGNITION"], w.Keywords.Select(k => k.Name));
        Assert.Equal(2, works[1].Authorships[0].RawAffiliations.Count);
        Assert.Equal(4, works[1].Origin.Line);
    }

    [Fact]
    public void Scopus_row_maps_field_by_field_and_a_broken_row_is_reported()
    {
        var (works, report) = Read("scopus.csv");
        Assert.Equal(["2-s2.0-85100000001", "2-s2.0-85100000003"], works.Select(w => w.Id));
        var error = Assert.Single(report.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal("field 'Year': 'twenty' is not a year (record 2-s2.0-85100000002)", error.Reason);

        var w = works[0];
        Assert.Equal("https://doi.org/10.1109/TIP.2021.3050000", w.Doi);
        Assert.Equal("Cross-domain person re-identification with camera-aware feature alignment", w.Title);
        Assert.Equal(2021, w.Year);
        Assert.Equal("IEEE Transactions on Image Processing", w.Venue);
        Assert.Equal("Article", w.Type);
        Assert.StartsWith("Person re-identification matches pedestrians", w.Abstract);
        Assert.Equal(["person re-identification", "domain adaptation", "Cameras", "Security systems"], w.Keywords.Select(k => k.Name));
        Assert.Equal(["Wang, Wei", "Li, Ming", "Smith, John A."], w.Authorships.Select(a => a.AuthorName));
        Assert.Equal(["57192345678", "57201234567", "7004123456"], w.Authorships.Select(a => a.AuthorId));
        Assert.Equal(["College of Computer, National University of Defense Technology, Changsha, 410073, China"], w.Authorships[0].RawAffiliations);
        Assert.Equal(["Department of Engineering Science, University of Oxford, Oxford, United Kingdom"], w.Authorships[2].RawAffiliations);
        Assert.Equal(2, w.Origin.Line);

        // Without "Authors with affiliations", every author gets every "Affiliations" entry; "[No abstract available]" is no abstract.
        var soil = works[1];
        Assert.Null(soil.Abstract);
        Assert.Equal(["Zhang, San", "Garcia, Maria"], soil.Authorships.Select(a => a.AuthorName));
        Assert.All(soil.Authorships, a => Assert.Equal(2, a.RawAffiliations.Count));
    }

    [Theory]
    [InlineData("Wang, W., National University of Defense Technology, Changsha, China", "Wang, W.", "Wang, W.", "National University of Defense Technology, Changsha, China")]
    [InlineData("Wang W., National University of Defense Technology, Changsha, China", null, "Wang W.", "National University of Defense Technology, Changsha, China")]
    [InlineData("Wang, W., National University of Defense Technology, Changsha, China", null, "Wang, W.", "National University of Defense Technology, Changsha, China")]
    [InlineData("Smith J.A.", "Smith J.A.", "Smith J.A.", null)]
    public void Scopus_author_entries_split_into_name_and_affiliation(string entry, string? shortName, string name, string? affiliation) =>
        Assert.Equal((name, affiliation), ScopusExport.SplitEntry(entry, shortName));

    [Fact]
    public void Scopus_header_without_title_or_eid_is_reported_with_the_columns_and_the_file_skipped()
    {
        var report = new ReadReport();
        Assert.Empty(ScopusExport.Read(new StringReader("Authors,Source title\nX,Y\n"), "s.csv", report));
        Assert.StartsWith("s.csv:1: not a Scopus export: the header has neither 'EID' nor 'Title' (columns: Authors, Source title)", Assert.Single(report.Errors).ToString());
    }

    [Fact]
    public void Directories_pick_up_exports_and_openalex_files()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-dir-").FullName;
        foreach (var name in new[] { "wos-savedrecs.txt", "scopus.csv" }) File.Copy(Fixture(name), Path.Combine(dir, name));
        File.Copy(Fixture("../works-current-schema.jsonl"), Path.Combine(dir, "works.jsonl"));
        File.WriteAllText(Path.Combine(dir, "notes.md"), "not read");
        var files = WorkFiles.ExpandPaths([dir]).Select(Path.GetFileName);
        Assert.Equal(["scopus.csv", "works.jsonl", "wos-savedrecs.txt"], files);
    }

    [Fact]
    public void Works_command_reads_a_scopus_export()
    {
        var (code, output, err) = CliRunner.Run("works", "--input", Fixture("scopus.csv"), "--format", "jsonl");
        Assert.Equal(1, code); // the broken row is an input error
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("2-s2.0-85100000001", JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetString());
        Assert.Contains("scopus.csv:3: field 'Year'", err);
        Assert.Contains("read 2 works from 1 file(s), skipped 1 record(s)", err);
    }

    [Fact]
    public void Classify_reads_a_wos_export_beside_a_plain_csv_with_renamed_columns()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-classify-").FullName;
        var csv = Path.Combine(dir, "papers.csv");
        File.WriteAllText(csv, "paperId,title,abstract\nP1,Gait recognition under clothing changes,\n");
        var (code, output, err) = CliRunner.Run("classify", "--input", csv, Fixture("wos-savedrecs.txt"), "--id-column", "paperId", "--format", "jsonl");
        Assert.True(code == 1, err); // the broken WoS record
        var ids = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()).ToList());
        Assert.Equal(["P1", "WOS:000612345600001", "WOS:000798765400003"], ids.Keys);
        Assert.Contains("person-reidentification", ids["WOS:000612345600001"]);
        Assert.Empty(ids["WOS:000798765400003"]);
        Assert.Contains("read 3 works from 2 file(s), skipped 1 record(s)", err);
    }

    [Fact]
    public void Screen_flags_the_nudt_coauthored_wos_record_through_the_resolver()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-wos-").FullName;
        var output = Path.Combine(dir, "findings.jsonl");
        var (code, _, err) = CliRunner.Run("screen", "--input", Fixture("wos-savedrecs.txt"), "--registry", SharedData.Path("ror/ror-records.jsonl.gz"),
            "--format", "jsonl", "--no-db", "--output", output);
        Assert.True(code == 1, err); // 1: the broken record is an input error, reported; the others were screened
        Assert.Contains("field PY", err);
        var findings = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var nudt = Assert.Single(findings, f => f.GetProperty("work").GetString() == "WOS:000612345600001");
        // The soil-moisture paper (Tsinghua, ASPI "Civilian") has a listed co-author but no surveillance topic.
        var soil = Assert.Single(findings, f => f.GetProperty("work").GetString() == "WOS:000798765400003");
        Assert.Equal(["civilian-coauthor"], soil.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        var institutions = nudt.GetProperty("institutions").EnumerateArray()
            .Where(i => i.GetProperty("ror").GetString() == "https://ror.org/05d2yfz11").ToList();
        Assert.Equal(["Wang, Wei", "Li, Ming"], institutions.Select(i => i.GetProperty("author").GetString()));
        Assert.All(institutions, i =>
        {
            Assert.Equal("resolver", i.GetProperty("asserted_by").GetString());
            Assert.Equal(NudtAddress, i.GetProperty("affiliation").GetString());
            Assert.Contains(i.GetProperty("listings").EnumerateArray(), l => l.GetProperty("entry").GetString() == "national-university-of-defense-technology");
        });
        Assert.Equal("critical", nudt.GetProperty("severity").GetString());
        Assert.Contains("military-coauthor-surveillance-topic", nudt.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }
}
