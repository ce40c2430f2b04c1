using Microsoft.Playwright;

namespace CollabScreen.Reporting;

/// <summary>
/// Prints an HTML report to PDF through a headless Chromium already on the machine (no browser download):
/// /usr/bin/chromium by default, or the CHROMIUM_PATH environment variable.
/// </summary>
public static class PdfPrinter
{
    public static string? FindChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        return null;
    }

    public static BrowserTypeLaunchOptions LaunchOptions(string executable) => new()
    {
        ExecutablePath = executable,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    };

    public static async Task PrintAsync(string htmlPath, string pdfPath)
    {
        var chromium = FindChromium() ?? throw new IOException("--pdf needs Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions(chromium));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pdfPath))!);
        // Every page says which run, what scope and when, and "page N of M" (the report writes these as <meta>).
        var run = await Meta(page, "collabscreen-run");
        var scope = await Meta(page, "collabscreen-scope");
        var date = await Meta(page, "collabscreen-date");
        const string style = "font-family:system-ui,Arial,sans-serif;font-size:8px;color:#475569;width:100%;padding:0 10mm;display:flex;justify-content:space-between";
        await page.PdfAsync(new PagePdfOptions
        {
            Path = pdfPath, Format = "A4", Landscape = true, PrintBackground = true, Scale = 0.8f,
            DisplayHeaderFooter = true,
            HeaderTemplate = $"<div style=\"{style}\"><span>CollabScreen · {E(scope)}</span><span>{E(run)} · {E(date)}</span></div>",
            FooterTemplate = $"<div style=\"{style}\"><span>{E(run)} · {E(date)}</span><span>page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>",
            Margin = new Margin { Top = "14mm", Bottom = "12mm", Left = "10mm", Right = "10mm" },
        });
    }

    private static async Task<string> Meta(IPage page, string name) =>
        await page.EvaluateAsync<string?>($"() => document.querySelector('meta[name=\"{name}\"]')?.content ?? ''") ?? "";

    private static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
}
