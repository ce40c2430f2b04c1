using CollabScreen.Reporting;
using Microsoft.Playwright;

namespace CollabScreen.Tests.Reporting;

/// <summary>Opens the HTML report in headless Chromium: content, charts, filtering, sorting, evidence, PDF.</summary>
public class HtmlInChromiumTests
{
    private static readonly string? Chromium = PdfPrinter.FindChromium();

    [ChromiumFact]
    public async Task Report_renders_in_chromium_with_charts_filter_sort_and_evidence()
    {
        var chromium = Chromium!;
        var findings = SampleFindings.Build();
        var dir = Directory.CreateTempSubdirectory("collabscreen-report-");
        var path = Path.Combine(dir.FullName, "report.html");
        File.WriteAllText(path, ReportWriterTests.Render(findings));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(PdfPrinter.LaunchOptions(chromium));
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(path).AbsoluteUri);

        Assert.Equal("CollabScreen report — Example Vision Lab, 2019–2022 (test corpus)", await page.TitleAsync());
        // Summary counts by severity.
        Assert.Equal("4", (await page.TextContentAsync(".card[data-severity=critical] .num"))?.Trim());
        Assert.Equal("0", (await page.TextContentAsync(".card[data-severity=medium] .num"))?.Trim()); // W103 (Civilian only) is low since issue #14
        // Timeline: one stacked bar per year and severity present, rendered with a real size.
        Assert.Equal(5, await page.Locator("#timeline rect.bar").CountAsync());
        var box = await page.Locator("#timeline").BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 80 }, "timeline is drawn");
        // Network: the screened institution and three listed partners, edges weighted by papers.
        Assert.Equal(3, await page.Locator("#network line.edge").CountAsync());
        Assert.Equal("2", await page.Locator("#network line.edge").First.GetAttributeAsync("data-papers"));
        Assert.Contains("Example Vision Lab", await page.TextContentAsync("#network .home"));
        Assert.Contains("Beihang University", await page.TextContentAsync("#network"));
        Assert.Contains("Seven Sons of National Defence", await page.TextContentAsync("#bars-lists"));
        Assert.Contains("person-reidentification", await page.TextContentAsync("#bars-topics"));
        // Findings table: filter by text and severity, sort by year.
        Assert.Equal(7, await page.Locator("#findings tbody.finding:visible").CountAsync());
        await page.FillAsync("#filter", "beihang");
        Assert.Equal(2, await page.Locator("#findings tbody.finding:visible").CountAsync());
        await page.FillAsync("#filter", "");
        await page.SelectOptionAsync("#sevfilter", "low"); // W103 and W104 (medium before issue #14: W103)
        Assert.Equal(2, await page.Locator("#findings tbody.finding:visible").CountAsync());
        await page.SelectOptionAsync("#sevfilter", "");
        await page.ClickAsync("#findings th[data-key=year]");
        Assert.Equal("2019", await page.Locator("#findings tbody.finding").First.GetAttributeAsync("data-year"));
        // Evidence opens on click and shows the listing source and the disagreement.
        var first = page.Locator("#findings tbody.finding").First;
        Assert.False(await first.Locator("tr.evidence").IsVisibleAsync());
        await first.Locator("button.toggle").ClickAsync();
        Assert.True(await first.Locator("tr.evidence").IsVisibleAsync());
        Assert.Contains("unitracker.aspi.org.au", await first.Locator("tr.evidence").InnerHTMLAsync());
        Assert.Contains("OpenAlex asserts Tsinghua University", await page.ContentAsync());
        Assert.Empty(errors);

        // Filters by disagreement and by author name; the ⚠ has its legend.
        await page.SelectOptionAsync("#disfilter", "1");
        Assert.Equal(1, await page.Locator("#findings tbody.finding:visible").CountAsync());
        Assert.StartsWith("unsupervised domain adaptation", await page.Locator("#findings tbody.finding:visible").First.GetAttributeAsync("data-title"));
        await page.SelectOptionAsync("#disfilter", "");
        await page.FillAsync("#authorfilter", "b. researcher");
        Assert.Equal(7, await page.Locator("#findings tbody.finding:visible").CountAsync());
        await page.FillAsync("#authorfilter", "nobody of that name");
        Assert.Equal(0, await page.Locator("#findings tbody.finding:visible").CountAsync());
        await page.FillAsync("#authorfilter", "");
        Assert.Contains("disagree", await page.TextContentAsync(".legend-warn"));
        // The listing timing column: HIT was listed on NDAA §1286 in May 2021, before W102's publication.
        Assert.Contains("publication", await page.Locator("#findings td.timing").AllTextContentsAsync() is var t ? string.Join(" ", t) : "");

        // A first click on severity puts the most severe first (the year sort above left the order oldest first).
        await page.ClickAsync("#findings th[data-key=sev]");
        Assert.Equal("critical", await page.Locator("#findings tbody.finding").First.GetAttributeAsync("data-severity"));
        Assert.Equal("none", await page.Locator("#findings tbody.finding").Last.GetAttributeAsync("data-severity"));
        await page.ClickAsync("#findings th[data-key=sev]");
        Assert.Equal("none", await page.Locator("#findings tbody.finding").First.GetAttributeAsync("data-severity"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "collabscreen-report.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task Report_prints_to_pdf()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-pdf-");
        var html = Path.Combine(dir.FullName, "report.html");
        File.WriteAllText(html, ReportWriterTests.Render(SampleFindings.Build()));
        var pdf = Path.Combine(dir.FullName, "report.pdf");
        await PdfPrinter.PrintAsync(html, pdf);
        var head = new byte[5];
        using (var s = File.OpenRead(pdf)) s.ReadExactly(head);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head));
        Assert.True(new FileInfo(pdf).Length > 10_000);
    }
}

/// <summary>A fact that is skipped, with the reason shown, when no Chromium is installed (CI installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (PdfPrinter.FindChromium() is null)
            Skip = "Chromium is not installed (looked for /usr/bin/chromium and CHROMIUM_PATH); install it with apt-get install chromium";
    }
}
