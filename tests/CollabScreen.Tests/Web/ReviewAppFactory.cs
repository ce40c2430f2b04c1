using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CollabScreen.Review;
using CollabScreen.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CollabScreen.Tests.Web;

/// <summary>
/// The review workspace in process (WebApplicationFactory) over a fresh store: a temp SQLite file, or a
/// PostgreSQL schema of its own. Accounts: admin "ada", reviewers "ann" and "ben", viewer "vic".
/// </summary>
public sealed class ReviewAppFactory : WebApplicationFactory<CollabScreen.Web.Program>
{
    public const string Password = "a long test passphrase";
    private readonly string? _dir;
    private readonly string? _schema;
    private readonly Dictionary<string, string> _settings;

    public string Db { get; }

    public ReviewAppFactory(bool postgres = false, Dictionary<string, string>? settings = null)
    {
        if (postgres) Db = Storage.TestPostgres.CreateSchema(out _schema);
        else
        {
            _dir = Directory.CreateTempSubdirectory("collabscreen-web-").FullName;
            Db = Path.Combine(_dir, "review.db");
        }
        _settings = settings ?? [];
        using var store = FindingStore.Open(Db);
        var users = new UserDirectory(store);
        users.Add("ada", Role.Admin, Password);
        users.Add("ann", Role.Reviewer, Password);
        users.Add("ben", Role.Reviewer, Password);
        users.Add("vic", Role.Viewer, Password);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CollabScreen:Db", Db);
        builder.ConfigureLogging(l => l.ClearProviders()); // CLI tests in this process read the console
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }

    public FindingStore OpenStore() => FindingStore.Open(Db);

    public HttpClient Browser(bool https = false) => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
    });

    /// <summary>A browser signed in as <paramref name="name"/> (through the login form, with its antiforgery token).</summary>
    public async Task<HttpClient> SignedIn(string name, bool https = false)
    {
        var client = Browser(https);
        var response = await PostForm(client, "/login", "/login", new() { ["name"] = name, ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public HttpClient Api(string name)
    {
        using var store = OpenStore();
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new UserDirectory(store).IssueToken(name));
        return client;
    }

    /// <summary>Loads <paramref name="page"/>, takes its form token, and posts the fields (with the token) to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostForm(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields[CollabScreen.Web.Html.CsrfField] = await CsrfToken(client, page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> CsrfToken(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var m = Regex.Match(html, "name=\"__csrf\" value=\"([^\"]+)\"");
        Assert.True(m.Success, $"no form token on {page}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (_dir is not null) try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        if (_schema is not null) Storage.TestPostgres.DropSchema(_schema);
    }
}
