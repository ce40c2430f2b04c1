using CollabScreen.Matching;

namespace CollabScreen.Tests.Matching;

/// <summary>
/// Accuracy floors on ROR's gold sets (training halves), scored as ROR scores matchers, on the rows whose gold ids the
/// shared (partial) registry holds. The floors sit a little under what the resolver reaches (see README), so a
/// regression fails the build.
/// </summary>
[Collection("Registry")]
public class GoldFloorTests(RegistryFixture fixture)
{
    private List<GoldOutcome> Outcomes(string file) =>
        AffiliationGold.Read(SharedData.Path("ror-matching-gold/" + file)).Where(r => !r.Unlabelled)
            .Select(r => AffiliationGold.Score(r, fixture.Resolver.Resolve(r.Affiliation), fixture.Registry)).Where(o => o.InRegistry).ToList();

    private GoldScore Score(string file) => GoldScore.Of(Outcomes(file));

    /// <summary>A returned match with the given ROR id (the scoring reads only the id).</summary>
    private static InstitutionMatch M(string ror) => new("https://ror.org/" + ror, "n", "", 1, "n", new Dictionary<string, double>(), []);

    // The same rows scored per row, as ROR's scripts scored the published anchors.
    [Theory]
    [InlineData("crossref-2023-train.csv", 0.903, 0.920)]
    [InlineData("springer-nature-2023.csv", 0.944, 0.946)]
    [InlineData("ror-api-logs-2023-train.csv", 0.875, 0.890)]
    public void Per_row_scoring_floors(string file, double precision, double recall)
    {
        var s = GoldScore.ByRow(Outcomes(file));
        Assert.True(s.Precision >= precision, $"precision {s.Precision:F3}");
        Assert.True(s.Recall >= recall, $"recall {s.Recall:F3}");
    }

    [Fact]
    public void Crossref_2023_train()
    {
        var s = Score("crossref-2023-train.csv");
        Assert.Equal(6051, s.Rows);
        Assert.True(s.Precision >= 0.898, $"precision {s.Precision:F3}");
        Assert.True(s.Recall >= 0.842, $"recall {s.Recall:F3}");
    }

    [Fact]
    public void Springer_Nature_2023()
    {
        var s = Score("springer-nature-2023.csv");
        Assert.True(s.Precision >= 0.942, $"precision {s.Precision:F3}");
        Assert.True(s.Recall >= 0.899, $"recall {s.Recall:F3}");
    }

    [Fact]
    public void Ror_api_logs_train_no_match_rows_stay_empty()
    {
        var s = Score("ror-api-logs-2023-train.csv");
        Assert.Equal(258, s.NoMatchRows);
        Assert.True(s.NoMatchRate >= 0.90, $"NP rows without a match {s.NoMatchRate:P1}");
        Assert.True(s.Precision >= 0.80, $"precision {s.Precision:F3}");
    }

    [Fact]
    public void Gold_reader_takes_either_column_order_np_and_several_ids()
    {
        var crossref = AffiliationGold.Read(SharedData.Path("ror-matching-gold/crossref-2023-train.csv"));
        Assert.Equal(6747, crossref.Count);
        Assert.Equal("Department of Biomedical Sciences, University of Antwerp", crossref[0].Affiliation);
        Assert.Equal(["008x57b05"], crossref[0].Ids);
        var springer = AffiliationGold.Read(SharedData.Path("ror-matching-gold/springer-nature-2023.csv"));
        Assert.Equal(10000, springer.Count);
        Assert.Equal(["01c27hj86"], springer[0].Ids);
        var logs = AffiliationGold.Read(SharedData.Path("ror-matching-gold/ror-api-logs-2023-train.csv"));
        Assert.Equal(258, logs.Count(r => r.NoMatchExpected));
        Assert.DoesNotContain(logs, r => r.Unlabelled);
        // Springer Nature's empty id cells are unlabelled rows, not "NP" (e.g. "New Valley University, Kharga, Egypt").
        Assert.Equal(95, springer.Count(r => r.Unlabelled));
        Assert.Equal(0, springer.Count(r => r.NoMatchExpected));
        Assert.Contains(logs, r => r.Ids.SetEquals(["03cve4549", "05h33bt13"]));
    }

    [Fact]
    public void Scoring_follows_ror_tp_fp_fn_rules()
    {
        var row = new GoldRow(1, "x", new HashSet<string> { "05d2yfz11", "00wk2mp56" });
        var o = AffiliationGold.Score(row, [M("05d2yfz11"), M("01rxvg760")], null);
        Assert.Equal((1, 1, 1), (o.TruePositives, o.FalsePositives, o.FalseNegatives));
        var np = AffiliationGold.Score(new GoldRow(2, "y", new HashSet<string>()), [M("01rxvg760")], null);
        Assert.Equal((0, 1, 0), (np.TruePositives, np.FalsePositives, np.FalseNegatives));
        var s = GoldScore.Of([o, np]);
        Assert.Equal(1.0 / 3, s.Precision, 3);
        Assert.Equal(0.5, s.Recall, 3);
        Assert.Equal(0, s.NoMatchRate);
    }

    [Fact]
    public void Per_row_scoring_follows_rors_scripts()
    {
        var two = new GoldRow(1, "x", new HashSet<string> { "05d2yfz11", "00wk2mp56" });
        var right = AffiliationGold.Score(two, [M("05d2yfz11"), M("01rxvg760")], null);   // one right id, one extra: TP only
        var wrong = AffiliationGold.Score(new GoldRow(2, "y", new HashSet<string> { "05d2yfz11" }), [M("01rxvg760")], null); // FP only
        var none = AffiliationGold.Score(new GoldRow(3, "z", new HashSet<string> { "05d2yfz11" }), [], null);               // FN
        var npHit = AffiliationGold.Score(new GoldRow(4, "w", new HashSet<string>()), [M("01rxvg760"), M("00wk2mp56")], null); // one FP
        var npEmpty = AffiliationGold.Score(new GoldRow(5, "v", new HashSet<string>()), [], null);
        // A watchlist entry ROR does not hold is the product's answer, not a ROR id: the NP row stays empty.
        InstitutionMatch entryOnly = new("", "Zhejiang Dahua Technology Co., Ltd.", "CN", 0.96, "n", new Dictionary<string, double>(), []);
        var npEntry = AffiliationGold.Score(new GoldRow(6, "Zhejiang Dahua Technology Co", new HashSet<string>()), [entryOnly], null);
        var s = GoldScore.ByRow([right, wrong, none, npHit, npEmpty, npEntry]);
        Assert.Equal((1, 2, 1), (s.TruePositives, s.FalsePositives, s.FalseNegatives));
        Assert.Equal(2.0 / 3, s.NoMatchRate, 3);
        Assert.Equal(2.0 / 3, GoldScore.Of([npHit, npEmpty, npEntry]).NoMatchRate, 3);
    }

    [Fact]
    public void A_withdrawn_gold_id_is_answered_by_its_registered_successor_and_counted()
    {
        // Crossref gold (2023) gives Harvard Medical School's record, which ROR has since withdrawn with Harvard University
        // as its successor; returning the successor is right, anything else is not.
        var row = new GoldRow(1, "Department of Immunology, Harvard Medical School", new HashSet<string> { "03wevmz92" });
        Assert.False(fixture.Registry.Get("03wevmz92")!.IsActive);
        var hit = AffiliationGold.Score(row, [M("03vek6s52")], fixture.Registry);
        Assert.Equal((1, 0, 0, 1), (hit.TruePositives, hit.FalsePositives, hit.FalseNegatives, hit.SuccessorMatches));
        var miss = AffiliationGold.Score(row, [M("0190ak572")], fixture.Registry);
        Assert.Equal((0, 1, 1, 0), (miss.TruePositives, miss.FalsePositives, miss.FalseNegatives, miss.SuccessorMatches));
        Assert.Equal(1, AffiliationGold.Score(row, fixture.Resolver.Resolve(row.Affiliation), fixture.Registry).TruePositives);
    }
}
