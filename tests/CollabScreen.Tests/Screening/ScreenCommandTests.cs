namespace CollabScreen.Tests.Screening;

/// <summary>`screen` options and errors on the shared 2022-schema sample (no registry: source ids only, fast).</summary>
[Collection("Console")]
public class ScreenCommandTests
{
    private static readonly string Sample = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    [Fact]
    public void Missing_input_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("screen");
        Assert.Equal(2, code);
        Assert.Contains("--input", err);
    }

    [Fact]
    public void Bad_policy_file_names_file_and_field()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("collabscreen-policy-").FullName, "strict.json");
        File.WriteAllText(path, """{ "rules": [ { "id": "x", "severity": "high", "when": { "listing": { "kind": "legal" } } } ] }""");
        var (code, _, err) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--policy", path);
        Assert.Equal(1, code);
        Assert.Contains(path, err);
        Assert.Contains("rules[0].when.listing.kind", err);
    }

    [Fact]
    public void Csv_and_closing_summary()
    {
        var (code, output, err) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--format", "csv", "--no-progress");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("work,doi,year,severity,rules", lines[0]);
        Assert.Matches(@"screen: read 1,000 works, skipped 0, flagged \d+ \(critical \d+, high \d+, medium \d+, low \d+\) in [\d.]+ s", err);
        Assert.Contains(lines, l => l.Contains("National University of Defense Technology"));
    }

    [Fact]
    public void All_emits_every_work()
    {
        var (code, output, _) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--format", "jsonl", "--all", "--no-progress");
        Assert.Equal(0, code);
        Assert.Equal(1000, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Html_to_file_is_one_self_contained_page_with_charts()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("collabscreen-html-").FullName, "report.html");
        var (code, output, _) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--format", "html", "--output", path, "--no-progress");
        Assert.Equal(0, code);
        Assert.Equal("", output);
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("id=\"timeline\"", html);
        Assert.Contains("id=\"network\"", html);
        Assert.Contains("Harbin Institute of Technology", html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void Every_run_is_stored_with_its_findings_exactly_as_written()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-store-").FullName;
        var db = Path.Combine(dir, "runs.db");
        var (code, output, err) = CliRunner.Run("screen", "--input", Sample, "--format", "jsonl", "--db", db, "--no-progress");
        Assert.Equal(0, code);
        Assert.Contains("stored as run 1", err);
        var (showCode, shown, showErr) = CliRunner.Run("runs", "show", "latest", "--db", db, "--format", "jsonl");
        Assert.True(showCode == 0, showErr);
        static HashSet<string> Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal(Lines(output), Lines(shown));
        var (_, runs, _) = CliRunner.Run("runs", "--db", db, "--format", "jsonl");
        Assert.Contains("\"works_read\":1000", runs.Replace(" ", ""));
    }

    [Fact]
    public void Db_and_no_db_together_are_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("screen", "--input", Sample, "--db", "x.db", "--no-db");
        Assert.Equal(2, code);
        Assert.Contains("--no-db", err);
    }

    [Fact]
    public void Csv_works_are_screened_for_topics()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("collabscreen-csv-").FullName, "papers.csv");
        File.WriteAllText(path, "id,title,abstract\nP1,Person re-identification with deep metric learning,We match pedestrians across cameras.\n" +
                                "P2,Soil moisture retrieval from SAR,We estimate soil moisture.\n");
        var (code, output, err) = CliRunner.Run("screen", "--no-db", "--input", path, "--format", "jsonl", "--no-progress");
        Assert.True(code == 0, err);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"work\":\"P1\"", line);
        Assert.Contains("\"severity\":\"low\"", line);
        Assert.Contains("person-reidentification", line);
    }

    [Fact]
    public void Parallel_screening_gives_the_same_output_in_the_same_order()
    {
        var (c1, one, _) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--format", "jsonl", "--all", "--threads", "1", "--no-progress");
        var (c4, four, _) = CliRunner.Run("screen", "--no-db", "--input", Sample, "--format", "jsonl", "--all", "--threads", "4", "--no-progress");
        Assert.Equal(0, c1);
        Assert.Equal(0, c4);
        Assert.Equal(one, four);
    }
}
