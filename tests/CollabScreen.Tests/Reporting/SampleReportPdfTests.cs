using System.Diagnostics;
using System.Text.Json;
using CollabScreen.Reporting;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CollabScreen.Tests.Reporting;

/// <summary>
/// The report of the shared 1,000-work sample, as an office would send it: `screen --format html --pdf` through the CLI,
/// then the PDF read back with poppler (page count, "page N of M", run and scope on every page) and the HTML opened in
/// Chromium at 900 px (every listed partner drawn in the network, labels readable). Page images and a screenshot are
/// kept under TestResults/report-sample/ (not committed) to look at.
/// </summary>
[Collection("Console")]
public class SampleReportPdfTests(ITestOutputHelper output)
{
    private const string Home = "National University of Defense Technology";

    [PdfFact]
    public async Task Sample_report_prints_to_at_most_40_numbered_pages_and_its_network_draws_every_listed_partner()
    {
        var dir = Path.Combine(SharedData.RepoRoot, "TestResults", "report-sample");
        Directory.CreateDirectory(dir);
        foreach (var old in Directory.GetFiles(dir)) File.Delete(old);
        var html = Path.Combine(dir, "report.html");
        var pdf = Path.Combine(dir, "report.pdf");
        var jsonl = Path.Combine(dir, "findings.jsonl");
        string[] common = ["screen", "--input", SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"),
            "--registry", SharedData.Path("ror/ror-records.jsonl.gz"), "--institution", Home, "--scope", "all", "--no-db", "--no-progress"];
        var (code, _, err) = CliRunner.Run([.. common, "--format", "html", "--output", html, "--pdf", pdf]);
        Assert.True(code == 0, err);
        (code, _, err) = CliRunner.Run([.. common, "--format", "jsonl", "--output", jsonl]);
        Assert.True(code == 0, err);

        // The PDF: at most 40 pages, each with "page N of M", the scope and the run line.
        var text = Run("pdftotext", "-layout", pdf, "-");
        var pages = text.Split('\f').Where(p => p.Trim().Length > 0).ToList();
        output.WriteLine($"{pages.Count} pages");
        Assert.InRange(pages.Count, 3, 40);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Matches($@"page {i + 1} of {pages.Count}\b", pages[i]);
            Assert.Contains(Home, pages[i]);
            Assert.Matches(@"run not stored · \d{4}-\d\d-\d\d \d\d:\d\d UTC", pages[i]);
        }
        // No interactive chrome on paper: no sort glyphs, no filter boxes, no toggles.
        Assert.DoesNotContain("↕", text);
        Assert.DoesNotContain("Expand all", text);
        Assert.DoesNotContain("evidence ▸", text);
        // Page 1 is the summary and the start of the partner table, not a half-empty page.
        Assert.Contains("Flagged works by list", pages[0]);
        Assert.Contains("Co-author institutions", pages[0]);
        Run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", pdf, Path.Combine(dir, "page"));

        var findings = File.ReadLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(110, findings.Count);

        // The listed partners of the sample, from the JSONL: every one must be a node of the HTML network.
        var listed = findings.SelectMany(f => f.GetProperty("institutions").EnumerateArray())
            .Where(i => i.GetProperty("listings").GetArrayLength() > 0)
            .Select(i => i.GetProperty("name").GetString()!).Where(n => n != Home).Distinct().ToList();
        Assert.Contains("Northwestern Polytechnical University", listed);
        Assert.Contains("Air Force Medical University", listed);
        Assert.Contains("Commercial Aircraft Corporation of China", listed);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(PdfPrinter.LaunchOptions(PdfPrinter.FindChromium()!));
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 1200 } });
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        var drawn = await page.Locator("#network g.node.partner").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.name)");
        Assert.Equal(listed.Order(), drawn.Order());
        // Colour by kind of listing, with a legend: NUDT's peers of the Seven Sons are red, the Civilian universities blue.
        Assert.Equal("Military", await page.Locator("#network g.node.partner[data-name='Northwestern Polytechnical University']").GetAttributeAsync("data-kind"));
        Assert.Equal("OtherTracker", await page.Locator("#network g.node.partner[data-name='Tsinghua University']").GetAttributeAsync("data-kind"));
        Assert.Contains("Seven Sons", await page.Locator("#network-panel .legend, section.network .legend").First.TextContentAsync());
        // Labels readable at 900 px: at least 11 px tall on screen, and none overlapping another.
        var boxes = await page.Locator("#network text.nlab").EvaluateAllAsync<double[][]>(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })");
        Assert.True(boxes.Length >= listed.Count / 2, $"{boxes.Length} of {listed.Count} partners have a label beside their node");
        Assert.All(boxes, b => Assert.True(b[3] - b[1] >= 11, $"label height {b[3] - b[1]:0.0} px"));
        for (var a = 0; a < boxes.Length; a++)
            for (var b = a + 1; b < boxes.Length; b++)
                Assert.False(boxes[a][0] < boxes[b][2] - 1 && boxes[b][0] < boxes[a][2] - 1 && boxes[a][1] < boxes[b][3] - 1 && boxes[b][1] < boxes[a][3] - 1,
                    $"labels {a} and {b} overlap");
        // The centre label is on its own plate, not over the edges.
        Assert.Equal(1, await page.Locator("#network .home rect").CountAsync());
        await page.Locator("section.network").ScreenshotAsync(new() { Path = Path.Combine(dir, "network-900px.png") });

        // In print, a finding is one unbreakable block.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.StartsWith("avoid", await page.Locator("#findings tbody.finding").First.EvaluateAsync<string>("e => getComputedStyle(e).breakInside"));
        Assert.Equal("block", await page.Locator("#findings tbody.finding").First.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        output.WriteLine($"artefacts in {dir}");
    }

    private static string Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{exe} failed: {stderr}");
        return stdout;
    }
}

/// <summary>Skipped, with the reason, when Chromium or poppler's pdftotext/pdftoppm are missing (CI installs both).</summary>
public sealed class PdfFactAttribute : FactAttribute
{
    public PdfFactAttribute()
    {
        if (PdfPrinter.FindChromium() is null)
            Skip = "Chromium is not installed (looked for /usr/bin/chromium and CHROMIUM_PATH); install it with apt-get install chromium";
        else if (!OnPath("pdftotext") || !OnPath("pdftoppm"))
            Skip = "poppler-utils is not installed (pdftotext, pdftoppm read the PDF back); install it with apt-get install poppler-utils";
    }

    private static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, exe)));
}
