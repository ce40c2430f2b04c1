using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>
/// Real screen output for the store's query tests: the shared OpenAlex sample (1,000 works) screened with
/// the bundled lists and policy as `screen --all` would store it (110 flagged, 890 of severity none), plus
/// the report tests' hand-made run (W100–W106), which brings topics and a dataset. Screened once per test run.
/// </summary>
public static class ScreenedSample
{
    private static readonly Lazy<IReadOnlyList<string>> Documents = new(() =>
    {
        var signals = CollabScreen.Screening.Pipeline.ScreeningSignals.Build(null, _ => { });
        var screener = new Screener(SeverityPolicy.LoadBundled());
        var works = OpenAlexFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], new ReadReport());
        return works.Select(w => FindingJson.Serialize(screener.Assess(signals.Collector.Collect(w))))
            .Concat(CollabScreen.Tests.Reporting.SampleFindings.Build().Select(FindingJson.Serialize))
            .ToList();
    });

    /// <summary>Every screened work (flagged or not) as a stored finding of the run.</summary>
    public static IReadOnlyList<StoredFinding> All(long runId) => Documents.Value.Select(d => StoredFinding.FromJson(runId, d)).ToList();

    /// <summary>Only the flagged works, as `screen` without --all stores them.</summary>
    public static IReadOnlyList<StoredFinding> Flagged(long runId) => All(runId).Where(f => f.Severity != FindingStore.Unflagged).ToList();
}
