using System.Text.Json;

namespace CollabScreen.Tests.Datasets;

[Collection("Console")]
public class DatasetsCommandTests
{
    [Fact]
    public void Datasets_lists_the_registry_with_status_and_withdrawal()
    {
        var (code, stdout, _) = CliRunner.Run("datasets");
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^ms-celeb-1m\s+dataset\s+withdrawn\s+2019-06\s+-?\s*MS-Celeb-1M$", stdout);
        Assert.Matches(@"(?m)^ms1mv2\s+dataset\s+available\s+ms-celeb-1m\s+MS1MV2$", stdout);
    }

    [Fact]
    public void Show_by_alias_gives_facts_and_sources()
    {
        var (code, stdout, _) = CliRunner.Run("datasets", "show", "MS1M-ArcFace");
        Assert.Equal(0, code);
        Assert.Contains("MS1MV2  [ms1mv2]", stdout);
        Assert.Contains("derived from: MS-Celeb-1M [ms-celeb-1m] (withdrawn 2019-06)", stdout);
        Assert.Contains("arXiv: https://arxiv.org/abs/1801.07698", stdout);
        Assert.Contains("source: https://github.com/deepinsight/insightface/wiki/Dataset-Zoo", stdout);
    }

    [Fact]
    public void Show_of_an_unknown_name_is_a_usage_error_with_suggestions()
    {
        var (code, _, stderr) = CliRunner.Run("datasets", "show", "DukeMTMC-xyz");
        Assert.Equal(2, code);
        Assert.Contains("no dataset named 'DukeMTMC-xyz'", stderr);
    }

    [Fact]
    public void Bench_datasets_reports_flag_agreement_and_no_mention_without_a_name()
    {
        var (code, stdout, _) = CliRunner.Bench("datasets", "--corpus", SharedData.Path("dataset-harms/dukemtmc_all.csv"), "--repeat", "1");
        Assert.Equal(0, code);
        Assert.Contains("flags: cites D1, cites D2, cites D3", stdout);
        Assert.Matches(@"cites D2 \(DukeMTMC-reID\): \d+ of \d+ papers naming DukeMTMC-reID carry the flag", stdout);
        Assert.Matches(@"check: all \d+ mentions are backed by a registry name", stdout);
        Assert.Matches(@"(?m)^  occluded-dukemtmc\s+dukemtmc\s+D8 ", stdout);
    }

    [Fact]
    public void Classify_fills_datasets_from_abstract_and_full_text()
    {
        var dir = Directory.CreateTempSubdirectory("classify-fulltext").FullName;
        var csv = Path.Combine(dir, "papers.csv");
        File.WriteAllText(csv, "id,title,abstract,year\n" +
            "p1,Person re-identification with part models,We evaluate on Market-1501.,2020\n" +
            "p2,A study of gait,,2018\n");
        var texts = Directory.CreateDirectory(Path.Combine(dir, "text")).FullName;
        File.WriteAllText(Path.Combine(texts, "p1.txt"), "Section 4. We train on DukeMTMC-reID and Market-1501 with a ResNet-50.");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("classify", "--input", csv, "--fulltext", texts, "--format", "jsonl");
            Assert.Equal(0, code);
            var records = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var ds = records[0].GetProperty("datasets").EnumerateArray().ToList();
            Assert.Equal(["market-1501", "dukemtmc-reid"], ds.Select(d => d.GetProperty("dataset").GetString()));
            var duke = ds[1];
            Assert.Equal(["dataset", "name", "via", "status", "withdrawn", "parent", "evidence", "status_at_publication", "context", "kind", "derived_from_withdrawn", "matched"],
                duke.EnumerateObject().Select(p => p.Name));
            Assert.Equal("dukemtmc", duke.GetProperty("parent").GetString());
            Assert.Equal("dukemtmc", duke.GetProperty("derived_from_withdrawn").GetString());
            Assert.Equal("after-withdrawal", duke.GetProperty("status_at_publication").GetString());
            Assert.StartsWith("fulltext: 'Section 4. We train on DukeMTMC-reID", duke.GetProperty("evidence")[0].GetString());
            Assert.Equal(0, records[1].GetProperty("datasets").GetArrayLength());
            Assert.Contains("1 full texts read", stderr);
        }
        finally { Directory.Delete(dir, true); }
    }
}
