using System.Text.Json;

namespace CollabScreen.Tests.Topics;

public class ClassifyCommandTests
{
    private static readonly string Duke = SharedData.Path("dataset-harms/dukemtmc_all.csv");
    private static readonly string Sample2022 = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    private static string TempCsv(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"classify-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Jsonl_has_one_object_per_record_in_order_with_exactly_the_contract_fields()
    {
        // Two real titles from the shared corpora and an OpenAlex trap title.
        var path = TempCsv("id,title,abstract\n" +
                           "a,Attention Network Robustification for Person ReID,\n" +
                           "b,The distributed human neural system for face perception.,\"Face perception, perhaps the most highly developed visual skill in humans, is mediated by a distributed neural system.\"\n" +
                           "c,CNN-based Density Estimation and Crowd Counting: A Survey,\n");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("classify", "--input", path, "--format", "jsonl");
            Assert.Equal(0, code);
            var records = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["a", "b", "c"], records.Select(r => r.GetProperty("id").GetString()));
            // "vetoed" (issue #14) is added only when a topic scored but was refused; nothing else may appear.
            Assert.All(records, r => Assert.Equal(["id", "topics", "datasets"], r.EnumerateObject().Select(p => p.Name).Where(n => n != "vetoed")));
            Assert.All(records, r => Assert.True(r.EnumerateObject().Count() <= 4));
            Assert.All(records, r => Assert.Equal(0, r.GetProperty("datasets").GetArrayLength()));
            var reid = records[0].GetProperty("topics")[0];
            Assert.Equal(["topic", "family", "score", "evidence"], reid.EnumerateObject().Select(p => p.Name));
            Assert.Equal("person-reidentification", reid.GetProperty("topic").GetString());
            Assert.Equal("person", reid.GetProperty("family").GetString());
            Assert.InRange(reid.GetProperty("score").GetDouble(), 0.9, 1.0);
            Assert.Equal("title: 'Person ReID'", reid.GetProperty("evidence")[0].GetString());
            Assert.Equal(0, records[1].GetProperty("topics").GetArrayLength()); // the trap: "topics": []
            Assert.Contains("\"topics\":[]", stdout);
            Assert.Equal("crowd-analysis", records[2].GetProperty("topics")[0].GetProperty("topic").GetString());
            Assert.Contains("2 of 3 flagged", stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_bad_csv_row_is_reported_with_file_and_line_counted_and_the_run_continues()
    {
        var path = TempCsv("id,title,abstract\n1,Gait recognition for person re-identification,\n2,\"Broken\" row,x\n3,Lipreading with LipsID,\n");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("classify", "-i", path, "-f", "jsonl");
            Assert.Equal(1, code);
            Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains($"{path}:3: unexpected text after a closing quote in field 2", stderr);
            Assert.Contains("skipped 1 record(s)", stderr);
            Assert.Contains("lip-reading", stdout);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Shared_dukemtmc_corpus_with_renamed_id_column_in_csv_format()
    {
        var (code, stdout, stderr) = CliRunner.Run("classify", "--input", Duke, "--id-column", "paperId", "--format", "csv");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,title,topics,families,max_score,max_severity,evidence", lines[0]);
        Assert.StartsWith("001973a77bf8fa82314de667af5b041d856b0069,Trajectory Factory:", lines[1]);
        Assert.Contains("pedestrian-tracking", lines[1]);
        Assert.Contains("read 1,393 works", stderr);
    }

    [Fact]
    public void OpenAlex_works_file_gives_a_record_per_work_and_the_table_lists_only_flagged_works()
    {
        var (code, stdout, _) = CliRunner.Run("classify", "--input", Sample2022, "--format", "jsonl");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        var mask = JsonDocument.Parse(lines.Single(l => l.Contains("W3142882742"))).RootElement;
        Assert.Equal("face-recognition", mask.GetProperty("topics")[0].GetProperty("topic").GetString());

        var (tableCode, table, _) = CliRunner.Run("classify", "--input", Sample2022);
        Assert.Equal(0, tableCode);
        Assert.StartsWith("W3142882742  Real-time face mask detection method based on yolov3", table);
        Assert.DoesNotContain("face perception", table);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, CliRunner.Run("classify").Code);
        var (code, _, err) = CliRunner.Run("classify", "--input", Sample2022, "--title-column", "name");
        Assert.Equal(2, code);
        Assert.Contains("CSV input only", err);
        Assert.Equal(2, CliRunner.Run("classify", "--input", "no-such-file.csv").Code);
        Assert.Equal(2, CliRunner.Run("classify", "--input", Duke, "--format", "xml").Code);
    }

    [Fact]
    public void A_missing_column_fails_with_the_option_to_use()
    {
        var (code, _, err) = CliRunner.Run("classify", "--input", Duke);
        Assert.Equal(1, code);
        Assert.Contains("the header has no id column 'id'", err);
        Assert.Contains("--id-column", err);
    }
}
