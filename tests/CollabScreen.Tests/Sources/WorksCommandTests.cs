using System.Text.Json;

namespace CollabScreen.Tests.Sources;

public class WorksCommandTests
{
    private static readonly string Sample2022 = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    [Fact]
    public void Jsonl_prints_every_work_with_authorships_affiliations_rors_and_abstracts()
    {
        var (code, stdout, stderr) = CliRunner.Run("works", "--input", Sample2022, "--format", "jsonl");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        var nudt = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("id").GetString() == "https://openalex.org/W3143702215");
        var author = nudt.GetProperty("authorships")[1];
        Assert.Contains("National University of Defense Technology", author.GetProperty("raw_affiliations")[0].GetString());
        Assert.Equal("https://ror.org/05d2yfz11", author.GetProperty("institutions")[0].GetProperty("ror").GetString());
        Assert.StartsWith("Finger-like radial", nudt.GetProperty("abstract").GetString());
        Assert.Contains("read 1,000 works", stderr);
    }

    [Fact]
    public void Csv_has_a_header_and_a_row_per_work()
    {
        var (code, stdout, _) = CliRunner.Run("works", "-i", Sample2022, "-f", "csv");
        Assert.Equal(0, code);
        Assert.StartsWith("id,doi,year,date,type,venue,title", stdout);
        Assert.Contains("https://ror.org/05d2yfz11", stdout);
    }

    [Fact]
    public void A_broken_line_exits_1_keeps_the_good_records_and_names_file_and_line()
    {
        var lines = OpenAlexFilesTests.ReadLinesOf(Sample2022).Take(3).ToList();
        lines.Insert(1, "{broken");
        var path = OpenAlexFilesTests.WriteTemp("b.jsonl", string.Join("\n", lines));
        var (code, stdout, stderr) = CliRunner.Run("works", "-i", path, "-f", "jsonl");
        Assert.Equal(1, code);
        Assert.Equal(3, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"{path}:2:", stderr);
        Assert.Contains("skipped 1 record", stderr);
    }

    [Fact]
    public void A_missing_path_is_a_usage_error()
    {
        var (code, _, stderr) = CliRunner.Run("works", "-i", "/no/such/file.jsonl");
        Assert.Equal(2, code);
        Assert.Contains("/no/such/file.jsonl", stderr);
    }

    [Fact]
    public void No_input_is_a_usage_error()
    {
        var (code, _, stderr) = CliRunner.Run("works");
        Assert.Equal(2, code);
        Assert.Contains("--input", stderr);
    }
}
