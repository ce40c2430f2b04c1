using CollabScreen.Screening;
using Spectre.Console;

namespace CollabScreen.Reporting;

/// <summary>
/// A terminal table of findings (Spectre.Console), most severe first. Rows are kept until Complete because a
/// table needs its widths; colour only when writing to a terminal.
/// </summary>
public sealed class TableFindingWriter(TextWriter writer, bool terminal = false, int width = 160) : IFindingWriter
{
    private readonly List<Finding> _findings = [];

    public void Write(Finding finding) => _findings.Add(finding);

    public void Complete()
    {
        var console = Console(writer, terminal, width);
        if (_findings.Count == 0)
        {
            console.MarkupLine("[grey]No findings.[/]");
            writer.Flush();
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Severity");
        table.AddColumn("Year");
        table.AddColumn("Work");
        table.AddColumn(new TableColumn("Title") { Width = 40 });
        table.AddColumn("Listed co-author institutions");
        table.AddColumn("Topics / datasets");
        table.AddColumn("Rules");
        foreach (var f in _findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Year))
        {
            var listed = f.ListedInstitutions.GroupBy(i => i.Ror ?? i.Name).Select(g =>
                $"{Markup.Escape(g.First().Name)} [grey]({string.Join(", ", ReportText.ListingsShort(g.SelectMany(i => i.Listings)).Select(Markup.Escape))})[/]" +
                (g.Any(i => i.Disagreement is not null) ? " [yellow]⚠ source/resolver differ[/]" : ""));
            var signals = f.Topics.Select(t => Markup.Escape(t.Topic))
                .Concat(f.Datasets.Select(d => $"[magenta]{Markup.Escape(d.Name)}[/] [grey]({Markup.Escape(d.Status)})[/]"));
            table.AddRow(
                new Markup(SeverityMarkup(f.Severity)),
                new Text(f.Year?.ToString() ?? ""),
                new Text(ReportText.ShortWork(f.Work)),
                new Text(f.Title ?? "(no title)"),
                new Markup(string.Join("\n", listed)),
                new Markup(string.Join("\n", signals)),
                new Text(string.Join("\n", f.Rules)));
        }
        console.Write(table);
        // Needs checking: disputed pairs side by side; by default they do not raise severity.
        var disputed = _findings.SelectMany(f => f.NeedsChecking.Select(d => (f, d))).ToList();
        if (disputed.Count > 0)
        {
            console.MarkupLine($"[yellow]Needs checking[/] ({disputed.Count} disputed author–institution pair(s): the source asserts one institution, the author's own affiliation names another; not counted in severity by default)");
            foreach (var (f, d) in disputed)
                console.MarkupLine(Markup.Escape($"  {ReportText.ShortWork(f.Work)}  {d.Author}: source asserts {d.Source.Name}" +
                    $"{(d.Source.Listed ? " (listed)" : "")}; string \"{d.Affiliation}\" names " +
                    (d.String.Count == 0 ? "another institution" : string.Join(", ", d.String.Select(r => r.Name + (r.Listed ? " (listed)" : ""))))));
        }
        writer.Flush();
    }

    public static string SeverityMarkup(Severity s) => s switch
    {
        Severity.Critical => "[bold white on red]critical[/]",
        Severity.High => "[bold red]high[/]",
        Severity.Medium => "[yellow]medium[/]",
        Severity.Low => "[blue]low[/]",
        _ => "[grey]none[/]",
    };

    internal static IAnsiConsole Console(TextWriter writer, bool terminal, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = width;
        return console;
    }

    /// <summary>The --summary tables: co-author institutions, then authors of the screened institution.</summary>
    public static void WriteSummary(TextWriter writer, CollaborationSummary summary, bool terminal = false, int width = 160)
    {
        var console = Console(writer, terminal, width);
        var partners = new Table().Border(TableBorder.Rounded).Expand()
            .Title("Co-author institutions on flagged works");
        partners.AddColumn("Institution");
        partners.AddColumn("Listings");
        partners.AddColumn(new TableColumn("Papers").RightAligned());
        partners.AddColumn("Years");
        partners.AddColumn("Topics");
        partners.AddColumn("Max severity");
        foreach (var p in summary.Partners())
            partners.AddRow(new Text(p.Name + (p.Ror is null ? "" : "\n" + p.Ror)), new Text(string.Join("\n", p.Listings)),
                new Text(p.Papers.ToString()), new Text(Years(p.Years)), new Text(Counts(p.Topics)), new Markup(SeverityMarkup(p.MaxSeverity)));
        console.Write(partners);
        var authors = new Table().Border(TableBorder.Rounded).Expand()
            .Title(summary.Home is null ? "Authors at unlisted institutions on flagged works" : $"Authors of {Markup.Escape(summary.HomeName ?? summary.Home)} on flagged works");
        authors.AddColumn("Author");
        authors.AddColumn(new TableColumn("Papers").RightAligned());
        authors.AddColumn("Years");
        authors.AddColumn("Listed partners");
        authors.AddColumn("Topics");
        authors.AddColumn("Max severity");
        foreach (var a in summary.Authors())
            authors.AddRow(new Text(a.Author + (a.AuthorId is null ? "" : "\n" + a.AuthorId)), new Text(a.Papers.ToString()),
                new Text(Years(a.Years)), new Text(Counts(a.ListedPartners)), new Text(Counts(a.Topics)), new Markup(SeverityMarkup(a.MaxSeverity)));
        console.Write(authors);
        writer.Flush();
    }

    public static string Years(IReadOnlyDictionary<int, int> years) => SummaryText.Years(years);

    public static string Counts(IReadOnlyDictionary<string, int> counts) =>
        string.Join("\n", counts.Select(kv => $"{kv.Key} ({kv.Value})"));
}
