using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CollabScreen.Tests.Sources;

/// <summary>`collabscreen works --openalex` end to end against the loopback server.</summary>
public sealed class OpenAlexApiCliTests : IDisposable
{
    private readonly OpenAlexApiTestServer _server = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("collabscreen-cli-cache-").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    private (int Code, string Out, string Err) Works(params string[] args) =>
        CliRunner.Run(["works", "--openalex", "--api-url", _server.BaseUrl, "--cache", _cache, .. args]);

    [Fact]
    public void Jsonl_from_the_api_matches_the_file_path_output()
    {
        var (code, stdout, stderr) = Works("--institution", "05d2yfz11", "--from", "2024-03-01", "--format", "jsonl", "--mailto", "office@example.org");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("https://openalex.org/W4390010002", second.GetProperty("id").GetString());
        Assert.Equal("https://ror.org/05d2yfz11", second.GetProperty("authorships")[0].GetProperty("institutions")[0].GetProperty("ror").GetString());
        Assert.Contains("read 8 works from 3 OpenAlex page(s) (0 from cache, 3 HTTP request(s))", stderr);
        var first = OpenAlexApiTestServer.Query(_server.Requests.First());
        Assert.Equal("authorships.institutions.ror:05d2yfz11,from_publication_date:2024-03-01", first["filter"]);
        Assert.Equal("office@example.org", first["mailto"]);

        // The same works read from a file print the same JSONL: the two paths share one writer.
        var file = Path.Combine(_cache, "same.jsonl");
        File.WriteAllLines(file, _server.Works);
        var (fileCode, fileOut, _) = CliRunner.Run("works", "--input", file, "--format", "jsonl");
        Assert.Equal(0, fileCode);
        Assert.Equal(fileOut.Split('\n').Select(StripOrigin), stdout.Split('\n').Select(StripOrigin));

        // Run again: everything from the cache, no request.
        var before = _server.Requests.Count;
        var (again, againOut, againErr) = Works("--institution", "05d2yfz11", "--from", "2024-03-01", "--format", "jsonl");
        Assert.Equal(0, again);
        Assert.Equal(stdout, againOut);
        Assert.Equal(before, _server.Requests.Count);
        Assert.Contains("(3 from cache, 0 HTTP request(s))", againErr);
    }

    private static string StripOrigin(string line) =>
        line.Length == 0 ? line : System.Text.RegularExpressions.Regex.Replace(line, "\"origin\":\\{[^}]*\\}", "");

    [Fact]
    public void An_institution_name_shows_the_choice_and_runners_up_on_stderr()
    {
        var (code, stdout, stderr) = Works("--institution", "Harbin Institute of Technology", "--search", "person re-identification", "--max", "4", "--format", "csv");
        Assert.Equal(0, code);
        Assert.Contains("institution \"Harbin Institute of Technology\" → Harbin Institute of Technology (I204983213", stderr);
        Assert.Contains("not chosen: Harbin Institute of Technology, Shenzhen (I4210109587", stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,doi,year,date,type,venue,title", rows[0]);
        Assert.Equal(1 + 4, rows.Length); // --max 4
        var works = OpenAlexApiTestServer.Query(_server.Requests.ElementAt(1));
        Assert.Equal("authorships.institutions.lineage:I204983213", works["filter"]);
        Assert.Equal("person re-identification", works["search"]);
        Assert.Equal(3, _server.Requests.Count); // search + 2 pages: --max stops fetching
    }

    [Fact]
    public void Table_output_by_authors_with_no_cache_stores_nothing()
    {
        var (code, stdout, _) = Works("--author", "A5000001", "--author", "https://openalex.org/A5000002", "--no-cache", "--cache", _cache);
        Assert.Equal(2, code); // --cache with --no-cache
        (code, stdout, _) = CliRunner.Run("works", "--openalex", "--api-url", _server.BaseUrl, "--no-cache", "--author", "A5000001", "--author", "https://openalex.org/A5000002");
        Assert.Equal(0, code);
        Assert.Contains("W4390010008", stdout);
        Assert.Equal("authorships.author.id:A5000001|A5000002", OpenAlexApiTestServer.Query(_server.Requests.First())["filter"]);
        Assert.Empty(Directory.GetFileSystemEntries(_cache));
    }

    [Theory]
    [InlineData("--input x.jsonl --openalex --search face", "not both")]
    [InlineData("--openalex --search face --from 2024-3-1", "--from '2024-3-1': not a date; use YYYY-MM-DD")]
    [InlineData("--openalex --from 2024-03-01", "select works with an institution, an author or a search text")]
    [InlineData("--openalex --search face --from 2024-05-01 --to 2024-01-01", "the date range is empty")]
    [InlineData("--openalex --author Jane", "--author: author 'Jane': not an ORCID")]
    [InlineData("--input x.jsonl --institution 05d2yfz11", "--institution only works with --openalex")]
    [InlineData("--openalex --search face --api-url ftp://example.org", "--api-url")]
    public void Bad_usage_exits_2_with_a_clear_message(string args, string message)
    {
        var (code, _, stderr) = CliRunner.Run(["works", .. args.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void A_network_failure_after_retries_exits_1_naming_the_url()
    {
        // A port that was just free: nothing listens there.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (code, stdout, stderr) = CliRunner.Run("works", "--openalex", "--api-url", $"http://127.0.0.1:{port}", "--no-cache",
            "--retries", "0", "--search", "face recognition", "--api-key", "SECRET-KEY");
        Assert.Equal(1, code);
        Assert.Contains($"http://127.0.0.1:{port}/works?search=face%20recognition&per-page=200&cursor=%2A", stderr);
        Assert.Contains("gave up after 1 attempt(s)", stderr);
        Assert.DoesNotContain("SECRET-KEY", stderr);
    }

    [Fact]
    public void An_unknown_institution_name_is_a_usage_error()
    {
        _server.Fault = (_, target) => target.StartsWith("/institutions", StringComparison.Ordinal)
            ? new Reply.Json(200, """{"meta":{"count":0,"db_response_time_ms":3,"page":1,"per_page":5},"results":[],"group_by":[]}""")
            : null;
        var (code, _, stderr) = Works("--institution", "No Such Place");
        Assert.Equal(2, code);
        Assert.Contains("\"No Such Place\": no OpenAlex institution has that name", stderr);
    }
}
