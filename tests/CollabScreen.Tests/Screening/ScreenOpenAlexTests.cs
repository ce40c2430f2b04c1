using System.Text.Json;
using CollabScreen.Tests.Sources;

namespace CollabScreen.Tests.Screening;

/// <summary>`screen --openalex` against the loopback OpenAlex server: the same findings as screening the same works from a file.</summary>
public sealed class ScreenOpenAlexTests : IDisposable
{
    private readonly OpenAlexApiTestServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-screen-api-").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Api_and_file_screening_give_the_same_findings_and_the_query_reaches_OpenAlex()
    {
        var (code, stdout, stderr) = CliRunner.Run("screen", "--openalex", "--api-url", _server.BaseUrl, "--no-cache", "--no-db",
            "--institution", "05d2yfz11", "--from", "2024-03-01", "--to", "2024-12-31", "--format", "jsonl", "--all");
        Assert.True(code == 0, stderr);
        Assert.Equal("authorships.institutions.ror:05d2yfz11,from_publication_date:2024-03-01,to_publication_date:2024-12-31",
            OpenAlexApiTestServer.Query(_server.Requests.First())["filter"]);
        Assert.Contains("read 8 works from 3 OpenAlex page(s)", stderr);
        Assert.Contains("screen: read 8 works, skipped 0", stderr);

        var file = Path.Combine(_dir, "same.jsonl");
        File.WriteAllLines(file, _server.Works);
        var (fileCode, fileOut, _) = CliRunner.Run("screen", "--input", file, "--no-db", "--format", "jsonl", "--all", "--institution", "05d2yfz11");
        Assert.Equal(0, fileCode);
        static IEnumerable<string> WithoutOrigin(string jsonl) => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => { var o = System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject(); o.Remove("origin"); return o.ToJsonString(); });
        Assert.Equal(WithoutOrigin(fileOut), WithoutOrigin(stdout));
        Assert.Equal(8, WithoutOrigin(stdout).Count());
    }

    [Fact]
    public void Api_options_without_openalex_are_a_usage_error_but_institution_names_the_screened_one()
    {
        var sample = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");
        var (code, _, err) = CliRunner.Run("screen", "--input", sample, "--no-db", "--from", "2024-01-01");
        Assert.Equal(2, code);
        Assert.Contains("--from", err);
        (code, _, err) = CliRunner.Run("screen", "--input", sample, "--no-db", "--institution", "01yqg2h08", "--format", "csv", "--no-progress");
        Assert.True(code == 0, err);
        (code, _, err) = CliRunner.Run("screen", "--openalex", "--input", sample, "--no-db", "--institution", "01yqg2h08");
        Assert.Equal(2, code);
    }
}
