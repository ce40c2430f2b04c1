using System.Text.Json;
using CollabScreen.Datasets;
using CollabScreen.Tests.Sources;

namespace CollabScreen.Tests.Datasets;

/// <summary>
/// `datasets link`, `datasets show` and `classify` end to end, against the loopback OpenAlex server, with
/// XDG_DATA_HOME pointed at a temporary directory (never the real home) for the duration of each test.
/// </summary>
[Collection("Console")]
public sealed class DatasetsLinkCommandTests : IDisposable
{
    private readonly OpenAlexApiTestServer server = new();
    private readonly string data = Directory.CreateTempSubdirectory("collabscreen-xdg-").FullName;
    private readonly string? savedXdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");

    public DatasetsLinkCommandTests() => Environment.SetEnvironmentVariable("XDG_DATA_HOME", data);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", savedXdg);
        server.Dispose();
        Directory.Delete(data, recursive: true);
    }

    private string LinksFile => Path.Combine(data, "collabscreen", "dataset-links.jsonl");

    private (int Code, string Out, string Err) Link(params string[] args) =>
        CliRunner.Run(["datasets", "link", "--api-url", server.BaseUrl, "--no-cache", "--retries", "0", .. args]);

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    [Fact]
    public void Link_writes_checked_ids_to_the_data_dir_and_classify_reports_citations()
    {
        server.Fault = DatasetLinkTests.WrongPaperForDukeReid;
        var (code, stdout, stderr) = Link("--dataset", "MS-Celeb-1M", "--dataset", "dukemtmc", "--dataset", "DukeMTMC-reID", "--mailto", "office@example.org");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^linked\s+ms-celeb-1m\s+doi:10\.1007/978-3-319-46487-9_6\s+W4390090001 ""MS-Celeb-1M: A Dataset and Benchmark for Large-Scale Face Recognition""$", lines[0]);
        Assert.Matches(@"^linked\s+ms-celeb-1m\s+doi:10\.48550/arXiv\.1607\.08221\s+W4390090002 ", lines[1]);
        Assert.Matches(@"^linked\s+dukemtmc\s+doi:10\.1007/978-3-319-48881-3_2\s+W4390090003 ", lines[2]);
        Assert.Matches(@"^not found\s+dukemtmc\s+doi:10\.48550/arXiv\.1609\.01775\s+OpenAlex has no work with this DOI$", lines[3]);
        Assert.Matches(@"^REFUSED\s+dukemtmc-reid\s+doi:10\.1109/ICCV\.2017\.405\s+refused: OpenAlex W4390090009 is titled ""Deep Residual Learning for Image Recognition""", lines[4]);
        Assert.Matches(@"^not found\s+dukemtmc-reid\s+doi:10\.48550/arXiv\.1701\.07717 ", lines[5]);
        Assert.Contains("looked up 6 DOI(s) of 3 dataset paper(s): 3 linked (3 OpenAlex id(s) for 2 dataset(s)), 1 refused (title mismatch), 2 not in OpenAlex, 0 failed (6 HTTP request(s), 0 from cache)", stderr);
        Assert.Contains($"3 link(s) in {LinksFile}", stderr);
        Assert.Equal("office@example.org", OpenAlexApiTestServer.Query(server.Requests.First())["mailto"]);

        // The file: one line per id, with the DOI, the credential-free API URL and the date.
        var saved = File.ReadAllLines(LinksFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["W4390090003", "W4390090001", "W4390090002"], saved.Select(s => s.GetProperty("openalex").GetString()![21..]));
        Assert.Equal(server.BaseUrl + "/works/doi:10.48550/arXiv.1607.08221", saved[2].GetProperty("source").GetString());
        Assert.Equal(Today, saved[2].GetProperty("looked_up").GetString());
        Assert.DoesNotContain("mailto", File.ReadAllText(LinksFile));

        // datasets show: the ids and where they came from.
        var (showCode, show, _) = CliRunner.Run("datasets", "show", "ms-celeb-1m");
        Assert.Equal(0, showCode);
        Assert.Contains($"  OpenAlex: https://openalex.org/W4390090002 (looked up by doi:10.48550/arXiv.1607.08221 on {Today}, source {server.BaseUrl}/works/doi:10.48550/arXiv.1607.08221; " +
                        "title \"MS-Celeb-1M: A Dataset and Benchmark for Large-Scale Face Recognition\")", show);
        Assert.Contains($"    links file: {LinksFile}", show);
        var (_, showJson, _) = CliRunner.Run("datasets", "show", "ms-celeb-1m", "--format", "jsonl");
        var record = JsonDocument.Parse(showJson).RootElement;
        Assert.Equal("MS-Celeb-1M: A Dataset and Benchmark for Large-Scale Face Recognition", record.GetProperty("paper_title").GetString());
        Assert.Equal(["https://openalex.org/W4390090001", "https://openalex.org/W4390090002"],
            record.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("openalex").GetString()));
        var (_, reid, _) = CliRunner.Run("datasets", "show", "dukemtmc-reid");
        Assert.Contains("  OpenAlex: not linked yet; run 'collabscreen datasets link'", reid);

        // classify: a current-schema OpenAlex work citing the arXiv record and DukeMTMC's paper.
        var input = Path.Combine(data, "citing.jsonl");
        File.WriteAllText(input, DatasetLinkTests.CitingWorkJson("https://openalex.org/W4390090002", "https://openalex.org/W4390090003", "https://openalex.org/W200000000") + "\n");
        var (classifyCode, classified, _) = CliRunner.Run("classify", "--input", input, "--format", "jsonl");
        Assert.Equal(0, classifyCode);
        var datasets = JsonDocument.Parse(classified.Split('\n')[0]).RootElement.GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal([("ms-celeb-1m", "mention"), ("ms-celeb-1m", "citation"), ("dukemtmc", "citation")],
            datasets.Select(d => (d.GetProperty("dataset").GetString(), d.GetProperty("via").GetString())));
        var cites = datasets[1];
        Assert.Equal(["https://openalex.org/W4390090002"], cites.GetProperty("cited_works").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal($"cites https://openalex.org/W4390090002 (the dataset paper, doi:10.48550/arXiv.1607.08221; OpenAlex id looked up {Today})",
            Assert.Single(cites.GetProperty("evidence").EnumerateArray()).GetString());
        Assert.False(cites.TryGetProperty("matched", out _)); // a citation carries no matched names
        Assert.StartsWith("title: '", datasets[0].GetProperty("evidence")[0].GetString());
    }

    [Fact]
    public void With_no_links_the_same_work_has_no_citation_hit()
    {
        var input = Path.Combine(data, "citing.jsonl");
        File.WriteAllText(input, DatasetLinkTests.CitingWorkJson("https://openalex.org/W4390090002", "https://openalex.org/W4390090003") + "\n");
        var (code, classified, _) = CliRunner.Run("classify", "--input", input, "--format", "jsonl");
        Assert.Equal(0, code);
        Assert.False(File.Exists(LinksFile));
        var datasets = JsonDocument.Parse(classified.Split('\n')[0]).RootElement.GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal(["mention"], datasets.Select(d => d.GetProperty("via").GetString()));
        var (_, list, _) = CliRunner.Run("datasets");
        Assert.Contains("No dataset paper is linked to an OpenAlex id yet: run 'collabscreen datasets link'", list);
    }

    [Fact]
    public void The_whole_registry_run_reports_every_unknown_DOI_and_links_the_rest()
    {
        var (code, stdout, stderr) = Link();
        Assert.Equal(0, code);
        var registry = DatasetRegistry.LoadBundled(linksPath: null);
        var expected = registry.Records.Where(DatasetPaperLinker.CanLink).Sum(r => r.PaperDois().Count());
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Length);
        Assert.Equal(expected, server.Requests.Count);
        Assert.Equal(3, lines.Count(l => l.StartsWith("linked ", StringComparison.Ordinal)));
        Assert.Equal(expected - 3, lines.Count(l => l.StartsWith("not found ", StringComparison.Ordinal)));
        Assert.Equal(3, File.ReadAllLines(LinksFile).Length);
        Assert.Matches(@"\d+ record\(s\) with a DOI or arXiv id but no paper_title were not looked up", stderr);
    }

    [Fact]
    public void A_DOI_without_an_answer_fails_the_run_but_keeps_its_earlier_link()
    {
        Assert.Equal(0, Link("--dataset", "ms-celeb-1m").Code);
        server.Fault = (_, target) => target.Contains("arXiv", StringComparison.Ordinal) ? new Reply.Json(503, "{}") : null;
        var (code, stdout, stderr) = Link("--dataset", "ms-celeb-1m");
        Assert.Equal(1, code);
        Assert.Matches(@"(?m)^FAILED\s+ms-celeb-1m\s+doi:10\.48550/arXiv\.1607\.08221\s+gave up after 1 attempt\(s\); last error: HTTP 503", stdout);
        Assert.Contains("2 link(s) in", stderr);
        Assert.Contains("(1 kept from earlier runs)", stderr);
        Assert.Contains("some DOIs got no answer from OpenAlex", stderr);
        Assert.Contains("https://openalex.org/W4390090002", File.ReadAllText(LinksFile));
    }

    [Fact]
    public void An_unreachable_OpenAlex_stops_the_run_after_three_failures_and_writes_nothing()
    {
        server.Fault = (_, _) => new Reply.Json(503, "{}");
        var (code, stdout, stderr) = Link();
        Assert.Equal(1, code);
        Assert.Equal(3, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("FAILED ", StringComparison.Ordinal)));
        Assert.Equal(3, server.Requests.Count);
        var all = DatasetRegistry.LoadBundled(linksPath: null).Records.Where(DatasetPaperLinker.CanLink).Sum(r => r.PaperDois().Count());
        Assert.Contains($"stopped after 3 failures in a row; {all - 3} DOI(s) not looked up", stderr);
        Assert.False(File.Exists(LinksFile));
    }

    [Fact]
    public void A_second_run_with_a_cache_asks_nothing_and_keeps_the_dates()
    {
        var cache = Path.Combine(data, "cache");
        var run = (string[])["datasets", "link", "--api-url", server.BaseUrl, "--cache", cache, "--dataset", "ms-celeb-1m"];
        Assert.Equal(0, CliRunner.Run(run).Code);
        var first = File.ReadAllText(LinksFile);
        var requests = server.Requests.Count;
        var (code, stdout, stderr) = CliRunner.Run(run);
        Assert.Equal(0, code);
        Assert.Equal(requests, server.Requests.Count);
        Assert.Contains("(0 HTTP request(s), 2 from cache)", stderr);
        Assert.Contains($"(from the cache, {Today})", stdout);
        Assert.Equal(first, File.ReadAllText(LinksFile));
    }

    [Fact]
    public void Classify_of_OpenAlex_works_says_whether_citations_could_be_seen()
    {
        var input = Path.Combine(data, "citing.jsonl");
        File.WriteAllText(input, DatasetLinkTests.CitingWorkJson("https://openalex.org/W4390090001") + "\n");
        var (_, _, before) = CliRunner.Run("classify", "--input", input, "--format", "jsonl");
        Assert.Contains("no dataset paper is linked to an OpenAlex id, so citations of them cannot be seen (run 'collabscreen datasets link')", before);
        Assert.Equal(0, Link("--dataset", "ms-celeb-1m").Code);
        File.AppendAllText(LinksFile, "{broken\n");
        var (code, _, after) = CliRunner.Run("classify", "--input", input, "--format", "jsonl");
        Assert.Equal(0, code);
        Assert.Contains("citations checked against the OpenAlex ids of 1 dataset paper(s)", after);
        Assert.Contains($"collabscreen: {LinksFile}:3: not valid JSON", after);
    }

    [Fact]
    public void Usage_errors_name_the_fix()
    {
        var (code, _, stderr) = Link("--dataset", "no-such-set");
        Assert.Equal(2, code);
        Assert.Contains("--dataset 'no-such-set': no such dataset", stderr);
        (code, _, stderr) = Link("--dataset", "lfw");
        Assert.Equal(2, code);
        Assert.Contains("--dataset 'lfw': the registry has no DOI or arXiv id for it", stderr);
        (code, _, stderr) = CliRunner.Run("datasets", "link", "--cache", data, "--no-cache");
        Assert.Equal(2, code);
        Assert.Contains("give --cache DIR or --no-cache, not both", stderr);
        Assert.Empty(server.Requests);
    }
}
