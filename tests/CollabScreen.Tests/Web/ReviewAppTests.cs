using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CollabScreen.Review;
using CollabScreen.Storage;
using CollabScreen.Tests.Review;
using CollabScreen.Tests.Storage;

namespace CollabScreen.Tests.Web;

/// <summary>
/// The workspace over HTTP, in process: sign-in, roles, antiforgery, headers, encoding, the API's status codes and
/// the carry-over of a decision across two runs of the shared sample's real findings. Written once, run on
/// SQLite and (when COLLABSCREEN_TEST_POSTGRES is set) PostgreSQL.
/// </summary>
public abstract class ReviewAppContract : IDisposable
{
    protected abstract bool Postgres { get; }

    private ReviewAppFactory? _app;
    private ReviewAppFactory App => _app ??= new ReviewAppFactory(Postgres);

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    private (long Run, string Id) StoreRun(bool withAspi)
    {
        using var store = App.OpenStore();
        var run = ReviewBookContract.StoreRun(store, withAspi);
        var book = new ReviewBook(store);
        book.Sync(run);
        return (run, book.Queue(new QueueQuery(run)).Rows[0].Id);
    }

    [StoreFact]
    public async Task Nothing_answers_without_sign_in_but_login_and_health()
    {
        var anonymous = App.Browser();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
        foreach (var path in new[] { "/runs", "/runs/1", "/audit", "/audit.csv", "/admin/users", "/diff?a=1&b=2" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        }
        foreach (var path in new[] { "/api/runs", "/api/findings", "/api/audit", "/openapi/v1.json" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
    }

    [StoreFact]
    public async Task Sign_in_sets_a_strict_http_only_cookie_secure_over_https_and_a_wrong_password_is_refused()
    {
        var client = App.Browser(https: true);
        var wrong = await ReviewAppFactory.PostForm(client, "/login", "/login", new() { ["name"] = "ann", ["password"] = "not it at all" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync());
        var ok = await ReviewAppFactory.PostForm(client, "/login", "/login", new() { ["name"] = "ann", ["password"] = ReviewAppFactory.Password, ["returnUrl"] = "https://evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/runs", ok.Headers.Location!.OriginalString); // never an open redirect
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("collabscreen="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/runs")).StatusCode);

        var plain = App.Browser();
        var overHttp = await ReviewAppFactory.PostForm(plain, "/login", "/login", new() { ["name"] = "ann", ["password"] = ReviewAppFactory.Password });
        Assert.DoesNotContain("secure", overHttp.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("collabscreen=")), StringComparison.OrdinalIgnoreCase);
    }

    [StoreFact]
    public async Task Every_form_post_needs_the_antiforgery_token()
    {
        var (_, id) = StoreRun(withAspi: false);
        var login = await App.Browser().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "ann", ["password"] = ReviewAppFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        var ann = await App.SignedIn("ann");
        var bare = await ann.PostAsync($"/findings/{id}/decisions", new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "confirm" }));
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        var forged = await ann.PostAsync($"/findings/{id}/decisions", new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "confirm", ["__csrf"] = "CfDJ8forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var store = App.OpenStore())
            Assert.Equal(ReviewStatus.Open, new ReviewBook(store).Get(FindingKey.FromId(id)!)!.Status);
        var real = await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/decisions", new() { ["action"] = "confirm" });
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
        using (var store = App.OpenStore())
            Assert.Equal(ReviewStatus.Confirmed, new ReviewBook(store).Get(FindingKey.FromId(id)!)!.Status);
    }

    [StoreFact]
    public async Task Roles_are_enforced_on_the_server()
    {
        var (_, id) = StoreRun(withAspi: false);
        var vic = await App.SignedIn("vic");
        var page = await vic.GetStringAsync($"/findings/{id}");
        Assert.DoesNotContain("/decisions\"", page); // a viewer sees no decision form …
        var token = await ReviewAppFactory.CsrfToken(vic, "/runs");
        foreach (var action in new[] { $"/findings/{id}/decisions", $"/findings/{id}/comments", $"/findings/{id}/assign", "/admin/users" })
        {
            var response = await vic.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "confirm", ["body"] = "x", ["__csrf"] = token }));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // … and a forged post is refused
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await vic.GetAsync("/admin/users")).StatusCode);
        var ann = await App.SignedIn("ann");
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/admin/users")).StatusCode);
        var ada = await App.SignedIn("ada");
        var added = await ReviewAppFactory.PostForm(ada, "/admin/users", "/admin/users", new() { ["name"] = "cat", ["role"] = "reviewer", ["password"] = "cat's long passphrase" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ReviewAppFactory.PostForm(App.Browser(), "/login", "/login", new() { ["name"] = "cat", ["password"] = "cat's long passphrase" })).StatusCode);
    }

    [StoreFact]
    public async Task Pages_send_a_strict_policy_and_encode_every_value()
    {
        using (var store = App.OpenStore())
        {
            var run = store.BeginRun("screen", "{}", ["<b>input</b>"], "{}");
            var real = SampleFindings.For(run.Id, SampleFindings.Works[0], withAspi: true)!;
            var doc = JsonNode.Parse(real.Json)!;
            doc["title"] = "<script>alert(1)</script> & co";
            doc["institutions"]![0]!["affiliation"] = "<img src=x onerror=alert(2)>";
            store.AddFindings([StoredFinding.FromJson(run.Id, doc.ToJsonString())]);
            store.FinishRun(run.Id, 1, 0);
        }
        var ann = await App.SignedIn("ann");
        var queue = await ann.GetAsync("/runs/1/findings");
        var csp = queue.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("script-src", csp.Replace("default-src 'none'", "")); // no script source at all
        Assert.Equal("nosniff", queue.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await queue.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", html);
        Assert.DoesNotContain("<script", html);
        using var store2 = App.OpenStore();
        var id = new ReviewBook(store2).Queue(new QueueQuery(1)).Rows.Single().Id;
        var finding = await ann.GetStringAsync($"/findings/{id}");
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", finding);
        Assert.DoesNotContain("<img", finding);
        Assert.DoesNotContain("<script", finding);
        Assert.DoesNotContain(" style=", finding);
        Assert.Contains("https://unitracker.aspi.org.au/universities/", finding); // the listing's source, as evidence
        Assert.Contains("&lt;b&gt;input&lt;/b&gt;", await ann.GetStringAsync("/runs/1"));
    }

    [StoreFact]
    public async Task The_api_answers_201_403_401_and_pages_by_cursor()
    {
        var (run, id) = StoreRun(withAspi: true);
        var body = new { action = "dismiss", reason = "off-topic", note = "materials science" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync($"/api/findings/{id}/decisions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Api("vic").PostAsJsonAsync($"/api/findings/{id}/decisions", body)).StatusCode);
        var ann = App.Api("ann");
        var created = await ann.PostAsJsonAsync($"/api/findings/{id}/decisions", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/findings/{id}", created.Headers.Location!.OriginalString);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dismissed", item.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await ann.PostAsJsonAsync($"/api/findings/{id}/decisions", new { action = "dismiss" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.PostAsJsonAsync("/api/findings/bm9uZQ/decisions", body)).StatusCode);
        // A cookie does not open the API: no cross-site post can use a signed-in browser.
        var browser = await App.SignedIn("ann");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync($"/api/findings/{id}/decisions", body)).StatusCode);

        var vic = App.Api("vic");
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var page = await vic.GetFromJsonAsync<JsonElement>($"/api/findings?run={run}&limit=4" + (cursor is null ? "" : $"&cursor={cursor}"));
            keys.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        } while (cursor is not null);
        Assert.Equal(13, keys.Distinct().Count());
        var low = await vic.GetFromJsonAsync<JsonElement>($"/api/findings?run={run}&severity=low");
        Assert.Equal(2, low.GetProperty("items").GetArrayLength());
        var dismissed = await vic.GetFromJsonAsync<JsonElement>($"/api/findings?status=dismissed");
        Assert.Equal(id, dismissed.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString());
        var one = await vic.GetFromJsonAsync<JsonElement>($"/api/findings/{id}");
        Assert.Equal("off-topic", one.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Array, one.GetProperty("finding").GetProperty("institutions").ValueKind);
        var audit = await vic.GetFromJsonAsync<JsonElement>("/api/audit?limit=1000");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "dismiss" && e.GetProperty("actor").GetString() == "ann");
        var openapi = await vic.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/findings/{key}/decisions", openapi);
        Assert.Contains("CollabScreen review API", openapi);
    }

    [StoreFact]
    public async Task A_dismissal_made_in_the_browser_carries_over_to_the_next_run_and_the_audit_shows_each_step()
    {
        var (first, id) = StoreRun(withAspi: false);
        var ann = await App.SignedIn("ann");
        var dismissed = await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/decisions",
            new() { ["action"] = "dismiss", ["reason"] = DismissReason.FalseInstitutionMatch, ["note"] = "same name, other city" });
        Assert.Equal(HttpStatusCode.SeeOther, dismissed.StatusCode);
        long second;
        using (var store = App.OpenStore()) second = ReviewBookContract.StoreRun(store, withAspi: false); // not synced: the page does it
        var queue = await ann.GetStringAsync($"/runs/{second}/findings?status=dismissed");
        Assert.Contains($"/findings/{id}", queue);
        var diff = await ann.GetStringAsync($"/diff?a={first}&b={second}");
        Assert.Contains("0 changed, 11 unchanged", diff);
        long third;
        using (var store = App.OpenStore()) third = ReviewBookContract.StoreRun(store, withAspi: true);
        var reopenedQueue = await ann.GetStringAsync($"/runs/{third}/findings?status=reopened");
        Assert.Contains($"/findings/{id}", reopenedQueue);
        var diff2 = await ann.GetStringAsync($"/diff?a={second}&b={third}");
        Assert.Contains("st-reopened", diff2);
        var csv = await ann.GetStringAsync("/audit.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("seq,at,actor,action,finding_key", lines[0]);
        Assert.Contains(lines, l => l.Contains(",ann,dismiss,") && l.Contains(",open,dismissed,") && l.Contains("same name, other city"));
        Assert.Contains(lines, l => l.Contains(",system,carry-over-reopen,"));
        Assert.Contains("Hash chain intact", await ann.GetStringAsync("/audit"));
    }
}

public sealed class SqliteReviewAppTests : ReviewAppContract
{
    protected override bool Postgres => false;

    [Fact]
    public async Task Login_is_rate_limited_per_client()
    {
        using var app = new ReviewAppFactory(settings: new() { ["CollabScreen:LoginPermitsPerMinute"] = "3" });
        var client = app.Browser();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            codes.Add((await ReviewAppFactory.PostForm(client, "/login", "/login", new() { ["name"] = "ann", ["password"] = "wrong " + i })).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Four_eyes_in_the_browser_needs_a_second_reviewer()
    {
        using var app = new ReviewAppFactory(settings: new() { ["CollabScreen:FourEyes"] = "medium" });
        string id;
        using (var store = app.OpenStore())
        {
            var run = ReviewBookContract.StoreRun(store, withAspi: false);
            var book = new ReviewBook(store);
            book.Sync(run);
            id = book.Queue(new QueueQuery(run)).Rows[0].Id;
        }
        var ann = await app.SignedIn("ann");
        await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/decisions", new() { ["action"] = "dismiss", ["reason"] = "off-topic" });
        var self = await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/decisions", new() { ["action"] = "approve" });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        var ben = await app.SignedIn("ben");
        Assert.Contains("Approve dismissal", await ben.GetStringAsync($"/findings/{id}"));
        Assert.Equal(HttpStatusCode.SeeOther, (await ReviewAppFactory.PostForm(ben, $"/findings/{id}", $"/findings/{id}/decisions", new() { ["action"] = "approve" })).StatusCode);
        using var check = app.OpenStore();
        Assert.Equal(ReviewStatus.Dismissed, new ReviewBook(check).Get(FindingKey.FromId(id)!)!.Status);
    }
}

[PostgresTests]
public sealed class PostgresReviewAppTests : ReviewAppContract
{
    protected override bool Postgres => true;
}
