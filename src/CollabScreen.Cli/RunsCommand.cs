using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen runs` lists stored screening runs; `collabscreen runs show RUN` prints one with its findings.</summary>
public static class RunsCommand
{
    /// <summary>Severity columns of the CSV output, most severe first (the screen command's vocabulary).</summary>
    internal static readonly string[] Severities = ["critical", "high", "medium", "low", "none"];

    public static Command Create()
    {
        var command = new Command("runs", """
            List the stored screening runs (every `screen` run is stored with its inputs, options, list versions
            and findings), or show one run with its findings.

            The history lives in SQLite by default ($XDG_DATA_HOME/collabscreen/collabscreen.db, else
            ~/.local/share/collabscreen/collabscreen.db); --db chooses another file or a PostgreSQL database.

            Examples:
              collabscreen runs
              collabscreen runs --db audit.db --format csv --output runs.csv
              collabscreen runs --db postgres://screener:secret@db.example.org:5432/collabscreen
              collabscreen runs show 12
              collabscreen runs show latest --format jsonl      # the findings as `screen --format jsonl` wrote them
            """);
        var db = DbOption();
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Options.Add(db);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var dbValue = parse.GetValue(db);
            if (dbValue is null && !File.Exists(StoreLocation.DefaultSqlitePath))
            {
                Console.Error.WriteLine($"runs: no runs stored yet ({StoreLocation.DefaultSqlitePath} does not exist; `collabscreen screen` creates it)");
                return Cli.Ok;
            }
            using var store = FindingStore.OpenExisting(dbValue);
            var runs = store.ListRuns();
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
                WriteRuns(runs, parse.GetValue(format)!, writer);
            Console.Error.WriteLine($"runs: {runs.Count} run{(runs.Count == 1 ? "" : "s")} in {store.Location.Description}");
            return Cli.Ok;
        });
        command.Subcommands.Add(CreateShow());
        return command;
    }

    private static Command CreateShow()
    {
        var command = new Command("show", """
            Show one stored run: when it ran, the command, inputs, options and list versions, its counts, and its
            findings (most severe first in the table; in work order, as stored, in JSONL and CSV).

            RUN is a run number from `collabscreen runs`, or `latest`, or `previous` (the one before latest).

            Examples:
              collabscreen runs show 12
              collabscreen runs show latest --format jsonl --output findings.jsonl
              collabscreen runs show 3 --db postgres://screener:secret@localhost/collabscreen --format csv
            """);
        var run = RunArgument("RUN", "The run to show: a number from `collabscreen runs`, latest or previous");
        var db = DbOption();
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Arguments.Add(run);
        command.Options.Add(db);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            using var store = FindingStore.OpenExisting(parse.GetValue(db));
            var record = store.GetRun(ResolveRun(store, parse.GetValue(run)!)) ?? throw new InvalidOperationException("unreachable");
            var fmt = parse.GetValue(format)!;
            using var writer = Cli.OpenOutput(parse.GetValue(output));
            switch (fmt)
            {
                case "jsonl":
                    foreach (var f in store.FindingsOf(record.Id)) { writer.Write(f.Json.ReplaceLineEndings(" ")); writer.Write('\n'); }
                    break;
                case "csv":
                    Csv.WriteRow(writer, "run", "work", "doi", "title", "year", "severity", "rules");
                    foreach (var f in store.FindingsOf(record.Id))
                        Csv.WriteRow(writer, record.Id.ToString(CultureInfo.InvariantCulture), f.WorkId, f.Doi, f.Title,
                            f.Year?.ToString(CultureInfo.InvariantCulture), f.Severity, string.Join("; ", f.Rules));
                    break;
                default:
                    WriteRunDetails(record, writer);
                    writer.WriteLine();
                    // A table is for reading: most severe first (this holds the run's findings in memory).
                    var findings = store.FindingsOf(record.Id).OrderBy(f => SeverityRank(f.Severity)).ThenBy(f => f.WorkId, StringComparer.Ordinal).ToList();
                    writer.WriteLine($"{"SEVERITY",-9} {"WORK",-13} {"YEAR",4}  {"TITLE",-70}  RULES");
                    foreach (var f in findings)
                        writer.WriteLine($"{f.Severity,-9} {ShortWork(f.WorkId),-13} {f.Year?.ToString(CultureInfo.InvariantCulture) ?? "",4}  {Clip(f.Title, 70),-70}  {string.Join(", ", f.Rules)}");
                    break;
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The --db option of every command that reads or writes stored runs.</summary>
    public static Option<string?> DbOption() => new("--db")
    {
        Description = "Where runs are stored: a SQLite file (default $XDG_DATA_HOME/collabscreen/collabscreen.db), " +
                      "postgres://user:password@host:port/database, or an Npgsql connection string",
        HelpName = "DB",
    };

    internal static Argument<string> RunArgument(string name, string description) => new(name) { Description = description };

    /// <summary>A RUN argument to a run id (see <see cref="RunSelector"/>); a malformed one is a usage error (exit 2).</summary>
    internal static long ResolveRun(FindingStore store, string run)
    {
        try { return RunSelector.Resolve(store, run); }
        catch (FormatException e) { throw new UsageException(e.Message); }
    }

    internal static void WriteRuns(IReadOnlyList<RunRecord> runs, string format, TextWriter writer)
    {
        switch (format)
        {
            case "jsonl":
                foreach (var run in runs) { writer.Write(RunJson(run)); writer.Write('\n'); }
                break;
            case "csv":
                Csv.WriteRow(writer, ["run", "started", "finished", "works_read", "works_skipped", "findings", .. Severities, "inputs", "list_versions", "tool_version", "command"]);
                foreach (var r in runs)
                    Csv.WriteRow(writer, [r.Id.ToString(CultureInfo.InvariantCulture), Time(r.Started), Time(r.Finished),
                        r.WorksRead?.ToString(CultureInfo.InvariantCulture), r.WorksSkipped?.ToString(CultureInfo.InvariantCulture),
                        r.Findings.ToString(CultureInfo.InvariantCulture),
                        .. Severities.Select(s => r.FindingsBySeverity.GetValueOrDefault(s).ToString(CultureInfo.InvariantCulture)),
                        string.Join("; ", r.Inputs), r.ListVersionsJson, r.ToolVersion, r.Command]);
                break;
            default:
                writer.WriteLine($"{"RUN",5}  {"STARTED (UTC)",-16}  {"TOOK",8}  {"WORKS",9}  {"SKIPPED",7}  {"FINDINGS",8}  {"BY SEVERITY",-32}  INPUTS");
                foreach (var r in runs)
                    writer.WriteLine($"{r.Id,5}  {r.Started.UtcDateTime:yyyy-MM-dd HH:mm}  {Took(r),8}  {r.WorksRead?.ToString("N0", CultureInfo.InvariantCulture) ?? "",9}  " +
                                     $"{r.WorksSkipped?.ToString("N0", CultureInfo.InvariantCulture) ?? "",7}  {r.Findings,8:N0}  {BySeverity(r),-32}  {Clip(string.Join(" ", r.Inputs), 60)}");
                break;
        }
    }

    internal static void WriteRunDetails(RunRecord r, TextWriter writer)
    {
        writer.WriteLine($"Run {r.Id}");
        writer.WriteLine($"  started      {Time(r.Started)}");
        writer.WriteLine($"  finished     {(r.Finished is null ? "not finished (interrupted or still running)" : $"{Time(r.Finished)} (took {Took(r)})")}");
        writer.WriteLine($"  command      {r.Command}");
        writer.WriteLine($"  inputs       {(r.Inputs.Count == 0 ? "-" : string.Join(", ", r.Inputs))}");
        writer.WriteLine($"  options      {r.OptionsJson}");
        writer.WriteLine($"  lists        {r.ListVersionsJson}");
        writer.WriteLine($"  works        {(r.WorksRead is null ? "-" : $"{r.WorksRead:N0} read, {r.WorksSkipped:N0} skipped")}");
        writer.WriteLine($"  findings     {r.Findings:N0}{(r.Findings > 0 ? $" ({BySeverity(r)})" : "")}");
        writer.WriteLine($"  collabscreen {r.ToolVersion ?? "unknown"}");
    }

    private static string RunJson(RunRecord r)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("run", r.Id);
            json.WriteString("started", Time(r.Started));
            json.WriteString("finished", Time(r.Finished));
            json.WriteString("command", r.Command);
            json.WritePropertyName("options"); json.WriteRawValue(r.OptionsJson);
            json.WriteStartArray("inputs"); foreach (var i in r.Inputs) json.WriteStringValue(i); json.WriteEndArray();
            json.WritePropertyName("list_versions"); json.WriteRawValue(r.ListVersionsJson);
            if (r.WorksRead is long read) json.WriteNumber("works_read", read); else json.WriteNull("works_read");
            if (r.WorksSkipped is long skipped) json.WriteNumber("works_skipped", skipped); else json.WriteNull("works_skipped");
            json.WriteNumber("findings", r.Findings);
            json.WriteStartObject("by_severity");
            foreach (var (severity, count) in r.FindingsBySeverity.OrderBy(p => SeverityRank(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal))
                json.WriteNumber(severity, count);
            json.WriteEndObject();
            json.WriteString("tool_version", r.ToolVersion);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static int SeverityRank(string severity)
    {
        var i = Array.IndexOf(Severities, severity);
        return i < 0 ? Severities.Length : i;
    }

    internal static string BySeverity(RunRecord r) => string.Join(", ",
        r.FindingsBySeverity.OrderBy(p => SeverityRank(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value:N0} {p.Key}"));

    internal static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Took(RunRecord r)
    {
        if (r.Finished is not { } end) return "-";
        var span = end - r.Started;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.TotalSeconds:0.0}s";
    }

    internal static string ShortWork(string id) => id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? id[21..] : id;

    internal static string Clip(string? text, int max)
    {
        var t = (text ?? "").ReplaceLineEndings(" ");
        return t.Length > max ? t[..(max - 1)] + "…" : t;
    }

}
