using CollabScreen.Reporting;
using CollabScreen.Review;
using CollabScreen.Storage;
using CollabScreen.Tests.Reporting;
using CollabScreen.Tests.Review;
using CollabScreen.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CollabScreen.Tests.Web;

/// <summary>
/// The whole review flow in headless Chromium against a real Kestrel on 127.0.0.1: an admin creates two
/// reviewers and a viewer; a reviewer filters the queue, opens a finding and dismisses it with a reason; the
/// second reviewer approves (four-eyes); a re-run shows it dismissed; the audit log shows every step; the viewer
/// cannot act. The shared sample's findings are medium at most, so four-eyes is set to cover medium here.
/// Screenshots of the queue and the finding page are kept in bin/…/artifacts/web/.
/// </summary>
public sealed class ReviewInChromiumTests
{
    [ChromiumFact]
    public async Task A_team_reviews_a_finding_end_to_end()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-e2e-").FullName;
        var db = Path.Combine(dir, "review.db");
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "web")).FullName;
        using (var store = FindingStore.Open(db))
        {
            ReviewBookContract.StoreRun(store, withAspi: false);
            new UserDirectory(store).Add("ada", Role.Admin, ReviewAppFactory.Password); // `users add ada --role admin`
        }
        var app = ReviewHost.Build(["--urls", "http://127.0.0.1:0", "--CollabScreen:Db", db, "--CollabScreen:FourEyes", "medium"],
            b => b.Logging.ClearProviders()); // CLI tests in this process read the console
        await app.StartAsync();
        try
        {
            var url = app.Urls.First();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(PdfPrinter.LaunchOptions(PdfPrinter.FindChromium()!));

            async Task<IPage> SignIn(string name, string password)
            {
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
                var page = await context.NewPageAsync();
                await page.GotoAsync(url + "/runs");
                Assert.EndsWith("/login?ReturnUrl=%2Fruns", page.Url);
                await page.FillAsync("input[name=name]", name);
                await page.FillAsync("input[name=password]", password);
                await page.ClickAsync("button:text('Sign in')");
                Assert.EndsWith("/runs", page.Url);
                return page;
            }

            var ada = await SignIn("ada", ReviewAppFactory.Password);
            foreach (var (name, role) in new[] { ("rita", "reviewer"), ("rob", "reviewer"), ("vera", "viewer") })
            {
                await ada.GotoAsync(url + "/admin/users");
                await ada.FillAsync("form[action='/admin/users'] input[name=name]", name);
                await ada.SelectOptionAsync("form[action='/admin/users'] select[name=role]", role);
                await ada.FillAsync("form[action='/admin/users'] input[name=password]", name + "'s passphrase");
                await ada.ClickAsync("form[action='/admin/users'] button");
                Assert.Contains($"Added {name} ({role})", await ada.ContentAsync());
            }

            var rita = await SignIn("rita", "rita's passphrase");
            await rita.ClickAsync("a:text('queue')");
            await rita.SelectOptionAsync("select[name=severity]", "medium");
            await rita.ClickAsync("button:text('Filter')");
            Assert.Contains("severity=medium", rita.Url);
            Assert.Equal(11, await rita.Locator("table a[href^='/findings/']").CountAsync());
            await rita.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "queue.png"), FullPage = true });
            var first = rita.Locator("table a[href^='/findings/']").First;
            var href = await first.GetAttributeAsync("href");
            await first.ClickAsync();
            Assert.Contains("Co-author institutions", await rita.ContentAsync());
            await rita.SelectOptionAsync("select[name=reason]", DismissReason.NotThisInstitutionsAuthor);
            await rita.FillAsync("textarea[name=note]", "the author is at a namesake institute");
            await rita.ClickAsync("button[value=dismiss]");
            Assert.EndsWith(href!, rita.Url);
            Assert.Equal(1, await rita.Locator("td .st-dismiss-pending").CountAsync());
            await rita.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "finding.png"), FullPage = true });

            var rob = await SignIn("rob", "rob's passphrase");
            await rob.GotoAsync(url + href);
            await rob.ClickAsync("button[value=approve]");
            Assert.Equal(1, await rob.Locator("td .st-dismissed").CountAsync());

            using (var store = FindingStore.Open(db)) ReviewBookContract.StoreRun(store, withAspi: false); // the re-run
            await rob.GotoAsync(url + "/runs/2/findings?status=dismissed");
            Assert.Equal(new[] { href! }, await rob.Locator("table a[href^='/findings/']").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));

            var vera = await SignIn("vera", "vera's passphrase");
            await vera.GotoAsync(url + href);
            Assert.Equal(0, await vera.Locator("button[value=dismiss]").CountAsync());
            var token = await vera.Locator("input[name=__csrf]").First.GetAttributeAsync("value");
            var forced = await vera.APIRequest.PostAsync(url + href + "/decisions", new() { Form = FormOf(vera, ("action", "reopen"), ("__csrf", token!)) });
            Assert.Equal(403, forced.Status);

            await vera.GotoAsync(url + "/audit");
            var audit = await vera.Locator("table").InnerTextAsync();
            Assert.Contains("Hash chain intact", await vera.ContentAsync());
            foreach (var step in new[] { "ada\tuser-add", "rita\tdismiss", "rob\tapprove", "system\trun-sync" })
                Assert.Contains(step, audit);
            Assert.DoesNotContain("vera\treopen", audit);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }
}
