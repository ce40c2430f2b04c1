using System.CommandLine;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen report RUN`: a stored run rendered again, the same output `screen` gave.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", """
            Render a stored run again from the store, as `screen` wrote it: the same JSONL, CSV, table or HTML
            report (nothing is screened again; the findings are the stored ones).

            Examples:
              collabscreen report latest --format html -o report.html --pdf report.pdf
              collabscreen report 12 --format jsonl
            """);
        var run = RunsCommand.RunArgument("RUN", "Run number (see `collabscreen runs`), latest or previous");
        var format = Cli.FormatOption("table", "table", "jsonl", "csv", "html");
        var output = Cli.OutputOption();
        var pdf = new Option<FileInfo?>("--pdf") { HelpName = "FILE", Description = "Also print the HTML report to this PDF (needs Chromium)" };
        var summary = new Option<bool>("--summary") { Description = "Print aggregates per co-author institution and per author instead of findings" };
        var db = RunsCommand.DbOption();
        command.Arguments.Add(run);
        foreach (var o in new Option[] { format, output, pdf, summary, db }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            using var store = FindingStore.OpenExisting(parse.GetValue(db));
            var id = RunsCommand.ResolveRun(store, parse.GetValue(run)!);
            using var outputs = new Outputs(parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(pdf), parse.GetValue(summary));
            var outcome = RunReplay.RunAsync(store, id, outputs.Sinks).GetAwaiter().GetResult();
            outputs.Complete(outcome.Status, "report");
            return Cli.Ok;
        });
        return command;
    }
}
