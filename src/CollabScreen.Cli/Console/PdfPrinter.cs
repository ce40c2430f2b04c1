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
        await page.PdfAsync(new PagePdfOptions
        {
            Path = pdfPath, Format = "A4", Landscape = true, PrintBackground = true,
            Margin = new Margin { Top = "12mm", Bottom = "12mm", Left = "10mm", Right = "10mm" },
        });
    }
}
