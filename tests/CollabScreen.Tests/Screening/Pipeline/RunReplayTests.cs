using System.Text.RegularExpressions;
using CollabScreen.Reporting;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Screening.Pipeline;

/// <summary>A stored run rendered again (RunReplay, `collabscreen report`) gives what the screen gave.</summary>
[Collection("Console")]
public class RunReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Screens inputs into a store and JSONL and HTML at once; returns the run id and both outputs.</summary>
    private async Task<(long Run, string Jsonl, string Html)> Screen(FindingStore store, bool all, params string[] inputs)
    {
        var jsonl = new StringWriter();
        var html = new StringWriter();
        var sink = new StoreSink(store);
        var request = new ScreeningRequest { Source = new FileSource(WorkFiles.ExpandPaths(inputs.Select(SharedData.Path).ToArray())), All = all };
        var outcome = await new ScreeningEngine().RunAsync(request, [new WriterSink(new JsonlFindingWriter(jsonl)), new HtmlSink(html), sink]);
        Assert.Equal(RunOutcome.Finished, outcome.Status);
        return (sink.Run!.Id, jsonl.ToString(), html.ToString());
    }

    private static async Task<(string Jsonl, string Html)> Replay(FindingStore store, long run)
    {
        var jsonl = new StringWriter();
        var html = new StringWriter();
        await RunReplay.RunAsync(store, run, [new WriterSink(new JsonlFindingWriter(jsonl)), new HtmlSink(html)]);
        return (jsonl.ToString(), html.ToString());
    }

    /// <summary>The finding rows of an HTML report (title and links), in report order.</summary>
    private static List<string> FindingRows(string html) =>
        Regex.Matches(html, "<div class=\"title\">.*?</div><div class=\"sub\">.*?</div>").Select(m => m.Value).ToList();

    [Fact]
    public async Task Flagged_findings_of_several_inputs_come_back_as_the_same_jsonl_and_html()
    {
        using var store = FindingStore.Open(Path.Combine(_dir, "runs.db"));
        // Two inputs, so that the store's work-id order differs from the screen's input order.
        var (run, jsonl, html) = await Screen(store, false, "exports/wos-bci-2.txt", "exports/wos-ai-medical-4.txt");
        var (again, againHtml) = await Replay(store, run);
        Assert.True(jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 200);
        Assert.Equal(jsonl, again);
        var rows = FindingRows(html);
        Assert.True(rows.Count > 200);
        Assert.Equal(rows, FindingRows(againHtml));
    }

    [Fact]
    public async Task Every_finding_of_the_openalex_sample_survives_read_and_write()
    {
        using var store = FindingStore.Open(Path.Combine(_dir, "runs.db"));
        var (run, jsonl, _) = await Screen(store, true, "openalex/works-sample-2022schema.jsonl.gz");
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.All(lines, l => Assert.Equal(l, FindingJson.Serialize(FindingJson.Read(l))));
        Assert.Equal(jsonl, (await Replay(store, run)).Jsonl);
    }

    [Fact]
    public void Report_command_reproduces_the_screen_jsonl_and_names_a_missing_run()
    {
        var db = Path.Combine(_dir, "cli.db");
        var input = SharedData.Path("exports/wos-bci-6.txt");
        var (code, screened, err) = CliRunner.Run("screen", "--input", input, "--format", "jsonl", "--db", db, "--no-progress");
        Assert.True(code == 0, err);
        var (rcode, reported, rerr) = CliRunner.Run("report", "latest", "--format", "jsonl", "--db", db);
        Assert.True(rcode == 0, rerr);
        Assert.NotEmpty(screened);
        Assert.Equal(screened, reported);
        var html = Path.Combine(_dir, "r.html");
        Assert.Equal(0, CliRunner.Run("report", "1", "--format", "html", "-o", html, "--db", db).Code);
        Assert.Equal(screened.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, FindingRows(File.ReadAllText(html)).Count);
        var (missing, _, merr) = CliRunner.Run("report", "7", "--db", db);
        Assert.Equal(1, missing);
        Assert.Contains("no run 7", merr);
        Assert.Equal(2, CliRunner.Run("report", "seven", "--db", db).Code);
    }

    [Fact]
    public void A_stored_finding_that_is_not_a_finding_is_named()
    {
        var e = Assert.Throws<FormatException>(() => FindingJson.Read("""{"work":"W1","severity":"severe"}"""));
        Assert.Contains("W1", e.Message);
        Assert.Contains("severity", e.Message);
        Assert.Throws<FormatException>(() => FindingJson.Read("[1]"));
        Assert.Throws<FormatException>(() => FindingJson.Read("{\"severity\":\"low\"}"));
    }
}
