namespace CollabScreen.Tests.Reference.Updates;

/// <summary>The CLI side of lists update: thin over ListUpdater; exit 1 naming URL and fault; lists shows the version in force.</summary>
[Collection("Console")]
public sealed class ListsUpdateCommandTests : IDisposable
{
    private readonly LocalListServer server = new();
    private readonly string dir = Directory.CreateTempSubdirectory("collabscreen-update-cli-").FullName;

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private (int Code, string Out, string Err) Update(params string[] more) => CliRunner.Run(
        ["lists", "update", "--lists-dir", dir, "--only", "csl", "--only", "dod-1260h-current",
         "--source", $"csl={server.Url("c/consolidated.csv")}", "--source", $"dod-1260h-current={server.Url("o/sanctions.csv")}", .. more]);

    [Fact]
    public void Update_fetches_then_reports_unchanged_then_a_fault_exits_1_naming_url_and_fault()
    {
        server.Serve("c/consolidated.csv", File.ReadAllBytes(SharedData.Path("watchlists/us-trade-csl-sample.csv")));
        server.Serve("o/sanctions.csv", File.ReadAllBytes(SharedData.Path("watchlists/us-dod-1260h.csv")));

        var (code, output, _) = Update();
        Assert.Equal(0, code);
        Assert.Contains("csl: updated to ", output);
        Assert.Contains("dod-1260h-current: updated to ", output);
        Assert.Contains("2 updated, 0 unchanged", output);

        var (listed, lists, _) = CliRunner.Run("lists", "--lists-dir", dir);
        Assert.Equal(0, listed);
        Assert.Matches(@"csl\s+legal designation\s+\d+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ sha256:[0-9a-f]{12}", lists);

        (code, output, _) = Update();
        Assert.Equal(0, code);
        Assert.Contains("csl: unchanged", output);
        Assert.Contains("1 conditional, 1 not modified", output);

        var text = File.ReadAllText(SharedData.Path("watchlists/us-trade-csl-sample.csv"));
        server.Serve("c/consolidated.csv", System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        server.Fail("c/consolidated.csv", LocalListServer.Fault.Status500);
        var (failed, fout, ferr) = Update();
        Assert.Equal(1, failed);
        Assert.Contains($"csl: FAILED {server.Url("c/consolidated.csv")}: HTTP 500", fout);
        Assert.Contains($"{server.Url("c/consolidated.csv")}: HTTP 500", ferr);
        Assert.Contains("the version in force is unchanged", ferr);
    }

    [Fact]
    public void Dry_run_says_what_would_change_and_writes_nothing()
    {
        server.Serve("c/consolidated.csv", File.ReadAllBytes(SharedData.Path("watchlists/us-trade-csl-sample.csv")));
        server.Serve("o/sanctions.csv", File.ReadAllBytes(SharedData.Path("watchlists/us-dod-1260h.csv")));
        var (code, output, _) = Update("--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("csl: would update to", output);
        Assert.Contains("  + 54th Research Institute of China", output);
        Assert.Empty(Directory.GetFiles(dir, "*.jsonl"));
    }
}
