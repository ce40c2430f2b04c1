using System.Text.Json;

namespace CollabScreen.Tests.Matching;

public class ResolveCommandTests
{
    private static readonly string Registry = SharedData.Path("ror/ror-records.jsonl.gz");

    [Fact]
    public void Jsonl_has_one_object_per_input_line_in_order_with_the_contract_fields()
    {
        var input = Path.Combine(Path.GetTempPath(), $"affs-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(input,
        [
            "College of Computer, National University of Defense Technology, Changsha 410000, China",
            "Optomechatronics Group",
            "National Defense University, Washington DC, USA",
        ]);
        var (code, stdout, stderr) = CliRunner.Run("resolve", "--input", input, "--registry", Registry, "--format", "jsonl");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("College of Computer", lines[0].GetProperty("input").GetString());
        var nudt = lines[0].GetProperty("matches")[0];
        Assert.Equal("https://ror.org/05d2yfz11", nudt.GetProperty("ror").GetString());
        Assert.Equal("National University of Defense Technology", nudt.GetProperty("name").GetString());
        Assert.Equal("CN", nudt.GetProperty("country").GetString());
        Assert.InRange(nudt.GetProperty("score").GetDouble(), 0.75, 1);
        Assert.Equal(1, nudt.GetProperty("features").GetProperty("country_match").GetDouble());
        var listing = nudt.GetProperty("listings").EnumerateArray().First(l => l.GetProperty("list").GetString() == "ndaa-1286");
        Assert.StartsWith("https://", listing.GetProperty("source_url").GetString());
        Assert.Equal(0, lines[1].GetProperty("matches").GetArrayLength());
        var ndu = lines[2].GetProperty("matches")[0];
        Assert.Equal("US", ndu.GetProperty("country").GetString());
        Assert.Equal(0, ndu.GetProperty("listings").GetArrayLength());
    }

    [Fact]
    public void Without_a_registry_the_watchlists_are_searched_and_table_explains()
    {
        var (code, stdout, _) = CliRunner.Run("resolve", "国防科技大学", "Optomechatronics Group");
        Assert.Equal(0, code);
        Assert.Contains("National University of Defense Technology", stdout);
        Assert.Contains("features:", stdout);
        Assert.Contains("listed: aspi-cdut", stdout);
        Assert.Contains("(no confident match)", stdout);
    }

    [Fact]
    public void Csv_has_a_header_and_a_row_per_match()
    {
        var (code, stdout, _) = CliRunner.Run("resolve", "Beihang University, Beijing, China", "--format", "csv");
        Assert.Equal(0, code);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("input,ror,name,country,score,matched,listings,features", rows[0]);
        Assert.Contains("https://ror.org/00wk2mp56", rows[1]);
    }

    [Fact]
    public void Usage_errors_name_the_problem()
    {
        var (code, _, err) = CliRunner.Run("resolve");
        Assert.Equal(2, code);
        Assert.Contains("--input", err);
        (code, _, err) = CliRunner.Run("resolve", "x", "--registry", "no-such-dump.jsonl.gz");
        Assert.Equal(2, code);
        Assert.Contains("no-such-dump.jsonl.gz", err);
    }

    [Fact]
    public void Bench_affiliations_prints_our_figures_beside_the_published_ones()
    {
        var gold = SharedData.Path("ror-matching-gold/ror-api-logs-2023-train.csv");
        var (code, stdout, stderr) = CliRunner.Bench("affiliations", "--gold", gold, "--registry", Registry, "--worst", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("CollabScreen, gold id in registry", stdout);
        Assert.Contains("semantic_scholar", stdout);
        Assert.Contains("strings/s on one core", stdout);
        Assert.Contains("registry is partial", stdout);
        Assert.Contains("FP line", stdout);
    }
}
