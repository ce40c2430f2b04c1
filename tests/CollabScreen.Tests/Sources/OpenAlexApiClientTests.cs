using System.Collections.Concurrent;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

public sealed class OpenAlexApiClientTests : IDisposable
{
    private readonly OpenAlexApiTestServer _server = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("collabscreen-api-cache-").FullName;
    private readonly ConcurrentQueue<TimeSpan> _sleeps = new();

    private static readonly OpenAlexApiQuery Nudt2024 = new()
    {
        Institution = OpenAlexInstitutionRef.Parse("https://ror.org/05d2yfz11"),
        From = new DateOnly(2024, 3, 1),
    };

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    private OpenAlexApiClient Client(int attempts = 5, bool cache = true, string? mailto = null, string? apiKey = null, TimeSpan? timeout = null) => new(new OpenAlexApiOptions
    {
        BaseUrl = _server.BaseUrl,
        CacheDirectory = cache ? _cache : null,
        Mailto = mailto,
        ApiKey = apiKey,
        Timeout = timeout ?? TimeSpan.FromSeconds(20),
        // Record the waits instead of sleeping: the test stays fast and can check what was asked.
        Retry = new OpenAlexApiRetry { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(1), Sleep = (d, _) => _sleeps.Enqueue(d) },
    });

    private List<string> FixtureIds() => Enumerable.Range(0, _server.Works.Count).Select(OpenAlexApiTestServer.FixtureId).ToList();

    [Fact]
    public void Cursor_paging_returns_every_work_once_in_order_across_three_pages()
    {
        using var client = Client(cache: false);
        var report = new ReadReport();
        var progress = new List<OpenAlexApiProgress>();
        var works = client.Works(Nudt2024, report, progress.Add).ToList();

        Assert.Equal(FixtureIds(), works.Select(w => w.Id));
        Assert.Equal(3, _server.PageCount);
        Assert.Equal(3, _server.Requests.Count);
        var first = OpenAlexApiTestServer.Query(_server.Requests.First());
        Assert.Equal("*", first["cursor"]);
        Assert.Equal("200", first["per-page"]);
        Assert.Equal("authorships.institutions.ror:05d2yfz11,from_publication_date:2024-03-01", first["filter"]);
        // Each later request carries the cursor the previous page handed out.
        Assert.Equal(OpenAlexApiTestServer.CursorFor(3), OpenAlexApiTestServer.Query(_server.Requests.ElementAt(1))["cursor"]);
        Assert.Equal(8, report.Read);
        Assert.Equal(new OpenAlexApiProgress(8, 8, 3, 0), progress[^1]);

        // Real-shaped records come through the reader field by field.
        var w = works[1];
        Assert.Equal("Occlusion-robust person re-identification with part-level attention", w.Title);
        Assert.Equal("https://ror.org/05d2yfz11", w.Authorships[0].Institutions[0].Ror);
        Assert.Equal("Department 2, National University of Defense Technology, City, Country", w.Authorships[0].RawAffiliations[0]);
        Assert.StartsWith("We study occlusion-robust person re-identification", w.Abstract);
        Assert.Equal(new DateOnly(2024, 4, 3), w.Date);
        Assert.Contains(w.Subjects, s => s.Kind == SubjectKind.Topic && s.Name == "Video Surveillance and Tracking Methods");
        Assert.Contains("cursor=", w.Origin.Source);
        Assert.Equal(2, w.Origin.Line);
    }

    [Fact]
    public void Recovers_from_429_with_retry_after_500s_and_a_dropped_connection()
    {
        _server.Fault = (n, target) => n switch
        {
            1 => new Reply.Json(429, """{"error":"Too Many Requests"}""", ("Retry-After", "7")),
            2 => new Reply.Json(500, """{"error":"Internal Server Error"}"""),
            4 => new Reply.DropMidBody(_server.Page(OpenAlexApiTestServer.Query(target)["cursor"])),
            5 => new Reply.Json(503, "Service Unavailable"),
            7 => new Reply.Hangup(),
            _ => null,
        };
        using var client = Client();
        var report = new ReadReport();
        var works = client.Works(Nudt2024, report).ToList();

        Assert.Equal(FixtureIds(), works.Select(w => w.Id));
        Assert.Equal(0, report.ErrorCount);
        // 3 pages + 5 faults reached the server. (.NET's handler itself retries a connection closed before any
        // response byte, so the hang-up may never reach the client's retry loop.)
        Assert.Equal(8, _server.Requests.Count);
        Assert.InRange(client.Transport.Requests, 3 + 4, 3 + 5);
        // The 429's Retry-After was honoured exactly; the other waits are small backoffs, one per failed attempt.
        Assert.Equal(TimeSpan.FromSeconds(7), _sleeps.First());
        Assert.Equal(client.Transport.Requests - 3, _sleeps.Count);
        Assert.All(_sleeps.Skip(1), d => Assert.True(d < TimeSpan.FromSeconds(1)));
        // A dropped page was never cached half-done: a second run reads all three pages from disk.
        using var again = Client();
        Assert.Equal(FixtureIds(), again.Works(Nudt2024, new ReadReport()).Select(w => w.Id));
        Assert.Equal(0, again.Transport.Requests);
    }

    [Fact]
    public void A_request_that_times_out_is_retried_and_a_silent_server_is_named()
    {
        _server.Fault = (n, _) => n == 2 ? new Reply.Stall(TimeSpan.FromSeconds(1.5)) : null;
        using (var client = Client(cache: false, timeout: TimeSpan.FromMilliseconds(500)))
        {
            Assert.Equal(FixtureIds(), client.Works(Nudt2024, new ReadReport()).Select(w => w.Id));
            // 3 pages + the stalled attempt (more only if a busy machine is slower than the timeout).
            Assert.True(client.Transport.Requests >= 3 + 1);
            Assert.True(_sleeps.Count >= 1);
        }

        _server.Fault = (_, _) => new Reply.Stall(TimeSpan.FromSeconds(1.5));
        using var silent = Client(attempts: 1, cache: false, timeout: TimeSpan.FromMilliseconds(300));
        var e = Assert.Throws<OpenAlexApiException>(() => silent.Works(Nudt2024, new ReadReport()).ToList());
        Assert.Contains("no complete answer within 0.3 s", e.Message);
        Assert.Contains("/works?filter=", e.Url);
    }

    [Fact]
    public void Json_that_is_not_an_openalex_list_fails_clearly_and_is_not_kept_in_the_cache()
    {
        _server.Fault = (n, _) => n == 1 ? new Reply.Json(200, """{"status":"maintenance"}""") : null;
        using (var client = Client())
        {
            var e = Assert.Throws<OpenAlexApiException>(() => client.Works(Nudt2024, new ReadReport()).ToList());
            Assert.Contains("not an OpenAlex list", e.Message);
        }
        using var again = Client();
        Assert.Equal(8, again.Works(Nudt2024, new ReadReport()).Count());
        Assert.Equal(3, again.Transport.Requests);
    }

    [Fact]
    public void Retry_after_as_an_http_date_is_honoured()
    {
        var when = DateTimeOffset.UtcNow.AddSeconds(30);
        _server.Fault = (n, _) => n == 1 ? new Reply.Json(503, "{}", ("Retry-After", when.ToString("R"))) : null;
        using var client = Client(cache: false);
        Assert.Equal(8, client.Works(Nudt2024, new ReadReport()).Count());
        var wait = Assert.Single(_sleeps);
        Assert.InRange(wait, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void Exhausted_retries_name_the_url_without_credentials()
    {
        _server.Fault = (_, _) => new Reply.Json(502, "Bad Gateway");
        using var client = Client(attempts: 3, cache: false, mailto: "office@example.org", apiKey: "SECRET-KEY");
        var e = Assert.Throws<OpenAlexApiException>(() => client.Works(Nudt2024, new ReadReport()).ToList());
        Assert.Equal(3, _server.Requests.Count);
        Assert.Contains($"{_server.BaseUrl}/works?filter=authorships.institutions.ror:05d2yfz11", e.Message);
        Assert.Contains("gave up after 3 attempt(s)", e.Message);
        Assert.Contains("HTTP 502", e.Message);
        Assert.DoesNotContain("SECRET-KEY", e.Message);
        Assert.DoesNotContain("office@example.org", e.Message);
        Assert.Equal(2, _sleeps.Count); // sleeps only between attempts
    }

    [Fact]
    public void A_client_error_is_not_retried_and_says_what_to_check()
    {
        _server.Fault = (_, _) => new Reply.Json(403, """{"error":"Invalid API key","message":"The api_key is not valid."}""");
        using var client = Client(cache: false, apiKey: "BAD");
        var e = Assert.Throws<OpenAlexApiException>(() => client.Works(Nudt2024, new ReadReport()).ToList());
        Assert.Single(_server.Requests);
        Assert.Contains("HTTP 403", e.Message);
        Assert.Contains("Invalid API key", e.Message);
        Assert.Contains("OPENALEX_API_KEY", e.Message);
    }

    [Fact]
    public void A_retry_after_beyond_the_limit_fails_at_once_instead_of_waiting_hours()
    {
        _server.Fault = (_, _) => new Reply.Json(429, "{}", ("Retry-After", "86400"));
        using var client = Client(cache: false);
        var e = Assert.Throws<OpenAlexApiException>(() => client.Works(Nudt2024, new ReadReport()).ToList());
        Assert.Single(_server.Requests);
        Assert.Contains("1440 min", e.Message);
        Assert.Empty(_sleeps);
    }

    [Fact]
    public void The_cache_makes_a_second_run_issue_zero_requests()
    {
        using (var first = Client()) Assert.Equal(8, first.Works(Nudt2024, new ReadReport()).Count());
        Assert.Equal(3, _server.Requests.Count);

        using var second = Client();
        var progress = new List<OpenAlexApiProgress>();
        var works = second.Works(Nudt2024, new ReadReport(), progress.Add).ToList();
        Assert.Equal(FixtureIds(), works.Select(w => w.Id));
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(0, second.Transport.Requests);
        Assert.Equal(3, progress[^1].PagesFromCache);
    }

    [Fact]
    public void An_interrupted_run_resumes_from_page_three_without_refetching_pages_one_and_two()
    {
        var page3 = OpenAlexApiTestServer.CursorFor(6);
        _server.Fault = (_, target) => OpenAlexApiTestServer.Query(target).GetValueOrDefault("cursor") == page3 ? new Reply.Hangup() : null;
        var got = new List<Work>();
        using (var first = Client(attempts: 3))
        {
            var e = Assert.Throws<OpenAlexApiException>(() => { foreach (var w in first.Works(Nudt2024, new ReadReport())) got.Add(w); });
            Assert.Contains("gave up after 3 attempt(s)", e.Message);
        }
        Assert.Equal(FixtureIds().Take(6), got.Select(w => w.Id)); // pages 1–2 were delivered before the failure
        // Pages 1 and 2, then only page 3 over and over until the attempts ran out.
        Assert.True(_server.Requests.Count >= 2 + 3);
        Assert.All(_server.Requests.Skip(2), r => Assert.Equal(page3, OpenAlexApiTestServer.Query(r)["cursor"]));

        _server.Fault = (_, _) => null; // the server is back
        while (_server.Requests.TryDequeue(out _)) { }
        using var second = Client();
        var works = second.Works(Nudt2024, new ReadReport()).ToList();
        Assert.Equal(FixtureIds(), works.Select(w => w.Id));
        var request = Assert.Single(_server.Requests);
        Assert.Equal(page3, OpenAlexApiTestServer.Query(request)["cursor"]);
    }

    [Fact]
    public void Mailto_and_api_key_are_sent_but_never_stored_in_the_cache()
    {
        using (var client = Client(mailto: "office@example.org", apiKey: "SECRET-KEY"))
            Assert.Equal(8, client.Works(Nudt2024, new ReadReport()).Count());
        Assert.All(_server.Requests, r =>
        {
            var q = OpenAlexApiTestServer.Query(r);
            Assert.Equal("office@example.org", q["mailto"]);
            Assert.Equal("SECRET-KEY", q["api_key"]);
        });
        var files = Directory.GetFiles(_cache, "*", SearchOption.AllDirectories);
        Assert.Equal(6, files.Length); // 3 pages, each .json + .url
        foreach (var file in files)
        {
            Assert.DoesNotContain("SECRET-KEY", Path.GetFileName(file));
            Assert.DoesNotContain("SECRET-KEY", File.ReadAllText(file));
            Assert.DoesNotContain("office@example.org", File.ReadAllText(file));
        }
        // The key is the URL without credentials, so a run with another key (or none) hits the same pages.
        var cache = new OpenAlexApiCache(_cache);
        var url = OpenAlexApiUrl.Works(_server.BaseUrl, Nudt2024, "*", 200);
        Assert.True(File.Exists(cache.PathOf(url)));
        Assert.Equal(url, File.ReadAllText(Path.ChangeExtension(cache.PathOf(url), ".url")).Trim());
        using var anonymous = Client();
        Assert.Equal(8, anonymous.Works(Nudt2024, new ReadReport()).Count());
        Assert.Equal(0, anonymous.Transport.Requests);
    }

    [Fact]
    public void A_bad_item_is_reported_with_url_and_position_and_skipped()
    {
        var works = OpenAlexApiTestServer.FixtureWorks().ToList();
        works[4] = System.Text.RegularExpressions.Regex.Replace(works[4], "\"publication_date\":\"[^\"]+\"", "\"publication_date\":\"2024-13-45\"");
        Assert.Contains("2024-13-45", works[4]);
        _server.Works = works;
        using var client = Client(cache: false);
        var report = new ReadReport();
        var got = client.Works(Nudt2024, report).Select(w => w.Id).ToList();
        Assert.Equal(FixtureIds().Where((_, i) => i != 4), got);
        Assert.Equal(1, report.Skipped);
        var error = Assert.Single(report.Errors);
        Assert.Equal(2, error.Line); // second work of page 2
        Assert.Contains("cursor=", error.Source);
        Assert.Contains("publication_date", error.Reason);
    }

    [Fact]
    public void An_institution_name_is_resolved_with_the_choice_and_the_runners_up()
    {
        using var client = Client(cache: false);
        var choice = client.ResolveInstitution("harbin institute of technology")!;
        Assert.Equal("search=harbin%20institute%20of%20technology&per-page=5", _server.Requests.Single().Split('?')[1]);
        Assert.Equal("I204983213", choice.Chosen.ShortId);
        Assert.Equal("https://ror.org/01yqg2h08", choice.Chosen.Ror);
        Assert.Equal(["Harbin Institute of Technology, Shenzhen", "Harbin Institute of Technology at Weihai"], choice.RunnersUp.Select(r => r.DisplayName));
        var lines = choice.Describe().ToList();
        Assert.StartsWith("institution \"harbin institute of technology\" → Harbin Institute of Technology (I204983213, https://ror.org/01yqg2h08, CN, education, 285,000 works)", lines[0]);
        Assert.Contains(lines, l => l.Contains("not chosen: Harbin Institute of Technology, Shenzhen (I4210109587"));

        var works = client.Works(Nudt2024 with { Institution = choice.Chosen.AsRef() }, new ReadReport()).ToList();
        Assert.Equal(8, works.Count);
        Assert.StartsWith("authorships.institutions.lineage:I204983213,", OpenAlexApiTestServer.Query(_server.Requests.ElementAt(1))["filter"]);
    }

    [Fact]
    public void Without_an_exact_name_the_most_relevant_result_is_chosen()
    {
        var candidates = new[]
        {
            new OpenAlexInstitutionCandidate("https://openalex.org/I1", "Alpha University", null, "US", "education", 10),
            new OpenAlexInstitutionCandidate("https://openalex.org/I2", "Alpha", null, "US", "company", 5),
        };
        Assert.Equal("I1", OpenAlexInstitutionChoice.Choose("alpha univ", candidates)!.Chosen.ShortId);
        Assert.Equal("I2", OpenAlexInstitutionChoice.Choose("ALPHA", candidates)!.Chosen.ShortId);
        Assert.Null(OpenAlexInstitutionChoice.Choose("alpha", []));
    }

    [Fact]
    public void Mixed_orcid_and_openalex_authors_are_resolved_to_ids_so_they_can_be_ored()
    {
        _server.Fault = (_, target) => target.StartsWith("/authors/orcid:0000-0002-1825-0097", StringComparison.Ordinal)
            ? new Reply.Json(200, """{"id":"https://openalex.org/A5023888391","orcid":"https://orcid.org/0000-0002-1825-0097","display_name":"Example"}""")
            : null;
        using var client = Client(cache: false);
        var query = new OpenAlexApiQuery { Authors = [OpenAlexAuthorRef.Parse("https://orcid.org/0000-0002-1825-0097"), OpenAlexAuthorRef.Parse("A5000010010")] };
        Assert.Equal(8, client.Works(query, new ReadReport()).Count());
        Assert.Equal("authorships.author.id:A5023888391|A5000010010", OpenAlexApiTestServer.Query(_server.Requests.ElementAt(1))["filter"]);
    }
}
