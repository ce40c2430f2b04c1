using CollabScreen.Review;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Tests.Storage;

namespace CollabScreen.Tests.Web;

/// <summary>A run's page shows the report's charts and network for its stored findings, with no script or inline style (CSP).</summary>
public abstract class RunOverviewContract : IDisposable
{
    protected abstract bool Postgres { get; }

    private ReviewAppFactory? _app;
    private ReviewAppFactory App => _app ??= new ReviewAppFactory(Postgres);

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public async Task The_run_page_draws_the_reports_charts_and_network_without_script_or_inline_style()
    {
        long run;
        using (var store = App.OpenStore())
        {
            var sink = new StoreSink(store); // the shared sample screened for real: documents FindingJson reads back
            var request = new ScreeningRequest { Source = new FileSource([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")]), Threads = 2 };
            await new ScreeningEngine().RunAsync(request, [sink]);
            run = sink.Run!.Id;
        }
        var vic = await App.SignedIn("vic");
        var response = await vic.GetAsync($"/runs/{run}");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"bars-lists\"", page);
        Assert.Contains("id=\"network\"", page);
        Assert.Contains("Flagged works by list", page);
        Assert.Contains("<rect x=", page); // bars drawn: the sample's findings have listed partners
        Assert.Contains("<svg class=\"swatch\"", page); // legend swatches as SVG, not style attributes
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain(" style=", page);
    }
}

public sealed class SqliteRunOverviewTests : RunOverviewContract
{
    protected override bool Postgres => false;
}

[PostgresTests]
public sealed class PostgresRunOverviewTests : RunOverviewContract
{
    protected override bool Postgres => true;
}
