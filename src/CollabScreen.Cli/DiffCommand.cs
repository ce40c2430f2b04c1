using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Reporting;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen diff RUN_A RUN_B`: new, gone and changed findings between two stored runs, with what changed.</summary>
public static class DiffCommand
{
    public static Command Create()
    {
        var command = new Command("diff", """
            Compare two stored runs: findings that are new in RUN_B, gone since RUN_A, and changed (severity
            from → to, rules, co-author institutions, listings, topics or datasets added and removed). The header
            says which list versions, inputs and CollabScreen versions differ, which usually explains the changes
            (a list update, a new month of papers).

            The header also says when the two runs used a different policy or options (e.g. --all, --institution,
            --registry). Works that no rule flagged (severity none, stored by `screen --all`) are not findings:
            they are counted, never reported as new or gone.

            RUN_A and RUN_B are run numbers from `collabscreen runs`, or `latest` / `previous` (finished runs
            only). Only finished runs can be compared: a failed or cancelled run holds only part of its findings.

            Examples:
              collabscreen diff previous latest
              collabscreen diff 3 7 --format jsonl --output changes.jsonl
              collabscreen diff 3 7 --db postgres://screener:secret@db.example.org/collabscreen --format csv
            """);
        var runA = RunsCommand.RunArgument("RUN_A", "The earlier run: a number from `collabscreen runs`, latest or previous");
        var runB = RunsCommand.RunArgument("RUN_B", "The later run");
        var db = RunsCommand.DbOption();
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Arguments.Add(runA);
        command.Arguments.Add(runB);
        command.Options.Add(db);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            using var store = FindingStore.OpenExisting(parse.GetValue(db));
            var a = RunsCommand.ResolveRun(store, parse.GetValue(runA)!);
            var b = RunsCommand.ResolveRun(store, parse.GetValue(runB)!);
            var diff = store.Diff(a, b);
            var fmt = parse.GetValue(format)!;
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
            {
                switch (fmt)
                {
                    case "jsonl":
                        foreach (var c in diff.Changes) { writer.Write(FindingChangeJson.Serialize(c)); writer.Write('\n'); }
                        break;
                    case "csv":
                        WriteCsv(diff, writer);
                        break;
                    default:
                        WriteTable(diff, writer);
                        break;
                }
            }
            if (fmt != "table")
                foreach (var line in Header(diff)) Console.Error.WriteLine($"diff: {line}");
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The context lines: the two runs, what differs between them, and the counts.</summary>
    internal static IEnumerable<string> Header(RunDiff d)
    {
        yield return $"run {d.A.Id} ({Describe(d.A)}) → run {d.B.Id} ({Describe(d.B)})";
        if (d.ListVersionChanges.Count > 0) yield return "lists: " + string.Join("; ", d.ListVersionChanges);
        if (!d.InputChanges.IsEmpty)
            yield return "inputs: " + string.Join(" ", d.InputChanges.Added.Select(i => "+" + i).Concat(d.InputChanges.Removed.Select(i => "−" + i)));
        if (d.PolicyChange is { } policy) yield return "policy: " + policy.TrimStart('+', '−')[(policy.TrimStart('+', '−').IndexOf(' ') + 1)..];
        var options = d.OptionChanges.Where(c => c != d.PolicyChange).ToList();
        if (options.Count > 0) yield return "options: " + string.Join("; ", options);
        if (d.A.ToolVersion != d.B.ToolVersion) yield return $"collabscreen: {d.A.ToolVersion ?? "unknown"} → {d.B.ToolVersion ?? "unknown"}";
        if (d.UnflaggedA > 0 || d.UnflaggedB > 0)
            yield return $"not compared: works no rule flagged (severity none, stored by --all): {d.UnflaggedA:N0} in run {d.A.Id}, {d.UnflaggedB:N0} in run {d.B.Id}";
        yield return $"{d.New.Count()} new, {d.Gone.Count()} gone, {d.Changed.Count()} changed, {d.Unchanged} unchanged";
    }

    private static string Describe(RunRecord r) =>
        $"{r.Started.UtcDateTime:yyyy-MM-dd HH:mm} UTC, " +
        (r.WorksRead is long read ? $"{read:N0} works, " : "not finished, ") +
        $"{r.Findings:N0} finding{(r.Findings == 1 ? "" : "s")}";

    private static void WriteTable(RunDiff d, TextWriter writer)
    {
        foreach (var line in Header(d)) writer.WriteLine(line);
        foreach (var (kind, title) in new[] { (ChangeKind.New, "NEW"), (ChangeKind.Gone, "GONE"), (ChangeKind.Changed, "CHANGED") })
        {
            var changes = d.Changes.Where(c => c.Kind == kind).ToList();
            if (changes.Count == 0) continue;
            writer.WriteLine();
            writer.WriteLine($"{title} ({changes.Count})");
            foreach (var c in changes)
            {
                var severity = kind switch
                {
                    ChangeKind.New => c.SeverityTo,
                    ChangeKind.Gone => c.SeverityFrom,
                    _ => c.SeverityFrom == c.SeverityTo ? c.SeverityTo : $"{c.SeverityFrom} → {c.SeverityTo}",
                };
                writer.WriteLine($"  {severity,-16} {RunsCommand.ShortWork(c.WorkId),-13} {c.Year?.ToString(CultureInfo.InvariantCulture) ?? "",4}  {RunsCommand.Clip(c.Title, 80)}");
                writer.WriteLine($"  {"",-16} {c.Explain()}");
            }
        }
    }

    private static readonly string[] CsvHeader =
    [
        "change", "work", "doi", "title", "year", "severity_from", "severity_to", "rules_added", "rules_removed",
        "institutions_added", "institutions_removed", "listings_added", "listings_removed", "topics_added", "topics_removed",
        "datasets_added", "datasets_removed", "explanation",
    ];

    private static void WriteCsv(RunDiff d, TextWriter writer)
    {
        Csv.WriteRow(writer, CsvHeader);
        foreach (var c in d.Changes)
            Csv.WriteRow(writer, Kind(c.Kind), c.WorkId, c.Doi, c.Title, c.Year?.ToString(CultureInfo.InvariantCulture), c.SeverityFrom, c.SeverityTo,
                Join(c.Rules.Added), Join(c.Rules.Removed), Join(c.Institutions.Added), Join(c.Institutions.Removed),
                Join(c.Listings.Added), Join(c.Listings.Removed), Join(c.Topics.Added), Join(c.Topics.Removed),
                Join(c.Datasets.Added), Join(c.Datasets.Removed), c.Explain());
    }

    private static string Join(IReadOnlyList<string> items) => string.Join("; ", items);

    private static string Kind(ChangeKind kind) => FindingChangeJson.KindName(kind);
}
