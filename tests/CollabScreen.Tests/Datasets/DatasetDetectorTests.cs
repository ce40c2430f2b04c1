using CollabScreen.Datasets;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Datasets;

public class DatasetDetectorTests(DatasetFixture f) : IClassFixture<DatasetFixture>
{
    private IReadOnlyList<DatasetHit> Detect(string idPrefix) => f.Detector.Detect(f.Paper(idPrefix).Work);

    private static Work Made(string? title, string? abstractText, int? year = 2020, DateOnly? date = null, IReadOnlyList<string>? refs = null) =>
        new("test", null, title, abstractText, year, date, null, null, [], refs ?? [], [], new Origin("test", 0));

    // ---- real abstracts that name a dataset or derivative: right dataset, right parent

    [Theory]
    [InlineData("84624912", "ms1mv2", "ms-celeb-1m", "MS1MV2")]                  // "experiments ... on VGGFace2, MS1MV2, IJBB and LFW"
    [InlineData("05fbc7eb", "ms1mv2", "ms-celeb-1m", "MS1M-refine-v2")]          // "trained with the refined MS1M-refine-v2 dataset"
    [InlineData("3c5ba48d", "rfw", "ms-celeb-1m", "Racial Faces in-the-Wild")]
    [InlineData("332548fd", "ms-celeb-1m-lowshot", "ms-celeb-1m", "MS-Celeb-1M Low-shot")]
    [InlineData("98518fc3", "ms-celeb-1m", null, "MS-Celeb-1M")]
    [InlineData("0e6beea0", "occluded-dukemtmc", "dukemtmc", "Occluded-DukeMTMC")]
    [InlineData("5fffb5d7", "occluded-dukemtmc", "dukemtmc", "Occluded-Duke")]
    [InlineData("13cab2d7", "dukemtmc-videoreid", "dukemtmc", "DukeMTMC-VideoReID")]
    [InlineData("a88e3b8b", "dukemtmc-attribute", "dukemtmc", "DukeMTMC-attribute")]
    [InlineData("123478b4", "dukemtmc-reid", "dukemtmc", "DukeMTMCreID")]
    [InlineData("d8be272d", "dukemtmc-reid", "dukemtmc", "Duke MTMC-reID")]
    public void A_real_abstract_naming_a_dataset_finds_that_dataset_with_its_parent(string paper, string dataset, string? parent, string matched)
    {
        var hit = Assert.Single(Detect(paper), h => h.Dataset == dataset);
        Assert.Equal("mention", hit.Via);
        Assert.Equal(parent, hit.Parent);
        Assert.Equal("use", hit.Context);
        Assert.Contains(hit.Mentions, m => m.Text == matched);
        Assert.All(hit.Mentions, m => Assert.Null(MentionAudit.Problem(f.Registry, f.Paper(paper).Work, null, dataset, m)));
        Assert.Contains(matched, hit.Evidence[0]);
    }

    [Fact]
    public void A_derivative_carries_its_withdrawn_parent_and_the_status_at_publication()
    {
        var hit = Detect("84624912").Single(h => h.Dataset == "ms1mv2");   // 2020 paper
        Assert.Equal("available", hit.Status);
        Assert.Equal("ms-celeb-1m", hit.DerivedFromWithdrawn);
        Assert.Equal("after-withdrawal", hit.StatusAtPublication);
        var before = Detect("98518fc3").Single(h => h.Dataset == "ms-celeb-1m");   // 2018 paper
        Assert.Equal(("withdrawn", "2019-06", "before-withdrawal"), (before.Status, before.Withdrawn, before.StatusAtPublication));
    }

    [Fact]
    public void Evidence_quotes_the_field_and_the_words_around_the_name()
    {
        var hit = Detect("84624912").Single(h => h.Dataset == "ms1mv2");
        Assert.Matches(@"^abstract: '\.\.\. .*conducted on VGGFace2, MS1MV2, IJBB and LFW datasets\..* \.\.\.'$", hit.Evidence[0]);
    }

    [Fact]
    public void Duke_next_to_another_reid_benchmark_is_DukeMTMC_reID()
    {
        // "... mAP on Market-to-Duke, Duke-to-Market, Market-to-MSMT and Duke-to-MSMT unsupervised ..."
        var hit = Detect("22b52d3f").Single(h => h.Dataset == "dukemtmc-reid");
        Assert.All(hit.Mentions, m => Assert.Equal("Duke", m.Text));
        Assert.Equal("dukemtmc", hit.Parent);
        // "re-ID database (Market-1501, Duke)"
        Assert.Contains(Detect("8016c973"), h => h.Dataset == "dukemtmc-reid");
    }

    // ---- Duke University and LFW out of context: not found

    [Fact]
    public void Duke_University_in_a_real_abstract_is_not_a_dataset_mention()
    {
        // DukeMTMC4ReID's abstract: "... surveillance camera views covering parts of the Duke University campus."
        var hits = Detect("78fde574");
        Assert.Equal(["dukemtmc4reid", "dukemtmc"], hits.Select(h => h.Dataset));
        Assert.DoesNotContain(hits.SelectMany(h => h.Mentions), m => m.Text == "Duke");
        // "DukeECE Systems for VoxCeleb Speaker Recognition Challenge 2020": a team, not a dataset
        Assert.DoesNotContain(Detect("a5fea75b"), h => f.Registry.RootOf(f.Registry.Get(h.Dataset)!).Id == "dukemtmc");
    }

    [Fact]
    public void Duke_and_LFW_outside_face_or_person_research_are_not_found_in_the_OpenAlex_sample()
    {
        // 1,000 real OpenAlex works; among them "(stage IV, Duke D) CRC" (Dukes staging of colorectal cancer)
        // and a dozen papers by Duke University authors. None names a face or person dataset.
        var report = new ReadReport();
        var works = OpenAlexFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], report).ToList();
        Assert.Equal(1000, works.Count);
        var staging = works.Single(w => w.Id.EndsWith("W2091103707", StringComparison.Ordinal));
        Assert.Contains("Duke D", staging.Abstract);
        Assert.Empty(f.Detector.Detect(staging));
        var hits = works.SelectMany(w => f.Detector.Detect(w)).ToList();
        Assert.DoesNotContain(hits, h => h.Dataset is "lfw" or "dukemtmc" or "dukemtmc-reid");
    }

    [Theory]
    [InlineData("Duke University researchers collected gait data from pedestrians.")]
    [InlineData("Our pedestrian tracking study at Duke covers eight cameras.")]
    [InlineData("Low-flow water (LFW) samples were taken from wells in the river basin.")]
    [InlineData("We measure the LFW index of the turbine blades.")]
    public void Short_names_need_their_context(string text)
    {
        // Constructed sentences (the corpora have no such cases): the university, and LFW in another field.
        Assert.Empty(f.Detector.Detect(Made(null, text)));
    }

    [Fact]
    public void LFW_counts_in_a_face_context_even_after_the_word_without()
    {
        // "... we can train a state-of-the-art face recognition model without manual annotation (99.65% in LFW)."
        var hit = Detect("0ea81dc0").Single(h => h.Dataset == "lfw");
        Assert.Equal("use", hit.Context);
    }

    // ---- negated or unrelated mentions are reported and marked, never dropped

    [Fact]
    public void A_negated_mention_is_reported_and_marked_negated()
    {
        var hits = f.Detector.Detect(Made(null, "Unlike MS-Celeb-1M, our face dataset is collected with consent. Instead of using DukeMTMC-reID we record actors."));
        var ms = hits.Single(h => h.Dataset == "ms-celeb-1m");
        Assert.Equal("negated", ms.Context);
        Assert.EndsWith("[negated]", ms.Evidence[0]);
        Assert.Equal("negated", hits.Single(h => h.Dataset == "dukemtmc-reid").Context);
    }

    [Theory]
    [InlineData("Experiments on different face datasets such as LFW and MS1MV2 show gains.")]
    [InlineData("Our face model, trained without label noise on MS1MV2, reaches 99.8% on LFW.")]
    public void A_negation_word_that_does_not_govern_the_name_is_not_a_negation(string text)
    {
        Assert.All(f.Detector.Detect(Made(null, text)), h => Assert.Equal("use", h.Context));
    }

    [Fact]
    public void A_real_abstract_discussing_the_datasets_marks_them_unrelated()
    {
        // "... significant public scrutiny into the source and privacy implications of large-scale face recognition
        // training datasets such as MS-Celeb-1M and MegaFace ..."
        var hits = Detect("264b0ad7");
        Assert.Equal("unrelated", hits.Single(h => h.Dataset == "ms-celeb-1m").Context);
        Assert.Equal("unrelated", hits.Single(h => h.Dataset == "megaface").Context);
    }

    [Fact]
    public void One_real_use_outweighs_a_negated_mention_of_the_same_dataset()
    {
        var hits = f.Detector.Detect(Made(null, "We pre-train on MS1MV2 and evaluate face verification on LFW. Unlike MS1MV2, our set has consent."));
        var hit = hits.Single(h => h.Dataset == "ms1mv2");
        Assert.Equal("use", hit.Context);
        Assert.Equal(["use", "negated"], hit.Mentions.Select(m => m.Context));
    }

    // ---- citations, status at publication, full text

    [Fact]
    public void Citing_the_dataset_paper_is_a_citation_hit_distinct_from_a_mention()
    {
        var work = Made("Face recognition at scale", "We train on MS-Celeb-1M.", refs: ["https://doi.org/10.1007/978-3-319-46487-9_6", "https://openalex.org/W1"]);
        var hits = f.Detector.Detect(work);
        Assert.Equal([("ms-celeb-1m", "mention"), ("ms-celeb-1m", "citation")], hits.Select(h => (h.Dataset, h.Via)));
        var cite = hits[1];
        Assert.Equal(["cites https://doi.org/10.1007/978-3-319-46487-9_6"], cite.Evidence);
        Assert.Equal(["https://doi.org/10.1007/978-3-319-46487-9_6"], cite.CitedWorks);
    }

    [Fact]
    public void An_OpenAlex_id_in_the_registry_matches_referenced_works()
    {
        var record = f.Registry.Get("dukemtmc")! with { OpenAlex = ["https://openalex.org/W2520000000"] };
        var detector = new DatasetDetector(new DatasetRegistry([record]));
        var hits = detector.Detect(Made("Tracking", null, refs: ["https://openalex.org/W2520000000"]));
        var hit = Assert.Single(hits);
        Assert.Equal(("dukemtmc", "citation", "cites https://openalex.org/W2520000000"), (hit.Dataset, hit.Via, hit.Evidence[0]));
    }

    [Theory]
    [InlineData(2018, null, "before-withdrawal")]
    [InlineData(2019, null, null)]
    [InlineData(2019, "2019-05-31", "before-withdrawal")]
    [InlineData(2019, "2019-06-15", null)]
    [InlineData(2019, "2019-07-01", "after-withdrawal")]
    [InlineData(2021, null, "after-withdrawal")]
    [InlineData(null, null, null)]
    public void Status_at_publication_compares_the_paper_date_with_the_withdrawal_month(int? year, string? date, string? expected)
    {
        var work = Made(null, "Experiments on DukeMTMC.", year, date is null ? null : DateOnly.Parse(date));
        Assert.Equal(expected, f.Detector.Detect(work).Single().StatusAtPublication);
    }

    [Fact]
    public void Full_text_from_TEI_skips_the_header_and_reports_the_fulltext_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.tei.xml");
        File.WriteAllText(path, """
            <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>On MS-Celeb-1M</title></titleStmt></fileDesc></teiHeader>
            <text><body><div><head>Experiments</head><p>Our face model is trained on MS1M-ArcFace and tested on IJB-C.</p></div></body></text></TEI>
            """);
        try
        {
            var text = FullText.Read(path);
            Assert.DoesNotContain("MS-Celeb-1M", text);
            var hits = f.Detector.Detect(Made("A face paper", null), text);
            Assert.Equal(["ms1mv2", "ijb-c"], hits.Select(h => h.Dataset));
            Assert.StartsWith("fulltext: 'Experiments Our face model is trained on MS1M-ArcFace", hits[0].Evidence[0]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Broken_TEI_is_an_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.tei.xml");
        File.WriteAllText(path, "<TEI><text><body><p>DukeMTMC</body></TEI>");
        try { Assert.StartsWith(path + ":", Assert.Throws<InvalidDataException>(() => FullText.Read(path)).Message); }
        finally { File.Delete(path); }
    }

    // ---- whole corpora

    [Fact]
    public void On_both_corpora_every_mention_is_backed_by_a_registry_name_in_the_text()
    {
        long mentions = 0;
        foreach (var p in f.MsCeleb.Concat(f.Duke))
            foreach (var h in f.Detector.Detect(p.Work))
                foreach (var m in h.Mentions)
                {
                    mentions++;
                    Assert.Null(MentionAudit.Problem(f.Registry, p.Work, null, h.Dataset, m));
                }
        Assert.True(mentions > 2000, $"{mentions} mentions");
    }

    [Fact]
    public void Papers_naming_the_dataset_mostly_carry_its_cites_flag()
    {
        // Agreement floors measured with `collabscreen bench datasets` (95% for D9, 82% for D2, 87% for D1).
        double Agreement(IReadOnlyList<StudyPaper> corpus, string dataset, string flag)
        {
            var naming = corpus.Where(p => f.Detector.Detect(p.Work).Any(h => h.Dataset == dataset && h.Via == "mention")).ToList();
            return (double)naming.Count(p => p.Cites[flag]) / naming.Count;
        }
        Assert.True(Agreement(f.MsCeleb, "ms-celeb-1m", "D9") >= 0.9);
        Assert.True(Agreement(f.Duke, "dukemtmc", "D1") >= 0.8);
        Assert.True(Agreement(f.Duke, "dukemtmc-reid", "D2") >= 0.75);
    }
}
