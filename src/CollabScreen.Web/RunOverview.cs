using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Storage;

namespace CollabScreen.Web;

/// <summary>
/// A run's overview as the HTML report draws it (flagged works by list, by topic, per year, and the co-author
/// institution network), from the stored findings read back through <see cref="RunReplay"/>. A finished run does
/// not change, so each is drawn once and kept (a few runs at most).
/// </summary>
internal sealed partial class RunOverview(FindingStore store)
{
    private const int Kept = 8;
    private readonly ConcurrentDictionary<long, string> _drawn = new();

    public async Task<string> ChartsOf(RunRecord run)
    {
        if (run.Finished is not null && _drawn.TryGetValue(run.Id, out var html)) return html;
        var collect = new Collect();
        var outcome = await RunReplay.RunAsync(store, run.Id, [collect]);
        var w = new StringWriter();
        HtmlReport.Charts(w, outcome.Run, collect.Flagged);
        HtmlReport.Network(w, outcome.Run, collect.Flagged, collect.Summary!);
        html = WithoutInlineStyle(w.ToString());
        if (run.Finished is not null)
        {
            if (_drawn.Count >= Kept) _drawn.Clear();
            _drawn[run.Id] = html;
        }
        return html;
    }

    /// <summary>
    /// The report's legends colour their swatches with style attributes, which the workspace's Content Security
    /// Policy refuses: a swatch becomes a small SVG square filled with the same colour (only #hex colours pass).
    /// </summary>
    internal static string WithoutInlineStyle(string html) =>
        StyledText().Replace(Swatch().Replace(html, m => $"<svg class=\"swatch\" width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{m.Groups[1].Value}\"/></svg>"), "<b>");

    [GeneratedRegex("<i style=\"background:(#[0-9a-fA-F]{3,8})\"></i>")]
    private static partial Regex Swatch();

    [GeneratedRegex("<b style=\"color:#[0-9a-fA-F]{3,8}\">")]
    private static partial Regex StyledText();

    private sealed class Collect : FindingSink
    {
        public List<Finding> Flagged { get; } = [];
        public CollaborationSummary? Summary { get; private set; }

        public override ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel)
        {
            Summary = context.Aggregates;
            return default;
        }

        public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel)
        {
            if (item.Finding.Flagged) Flagged.Add(item.Finding);
            return default;
        }
    }
}
