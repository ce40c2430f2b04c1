using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Cli;

/// <summary>`collabscreen works`: read works and print them, so a user can inspect what will be screened.</summary>
public static class WorksCommand
{
    public static Command Create()
    {
        var command = new Command("works", "Read works (OpenAlex files or API) and print them, to inspect what will be screened.\n\n" +
            "Examples:\n" +
            "  collabscreen works --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --format jsonl\n" +
            "  collabscreen works --input snapshot/data/works --format csv --output works.csv\n" +
            "  collabscreen works --openalex --institution 05d2yfz11 --from 2024-03-01 --format jsonl --output nudt.jsonl\n" +
            "  collabscreen works --openalex --institution \"Harbin Institute of Technology\" --search \"person re-identification\" --max 50\n" +
            "  collabscreen works --openalex --author 0000-0002-1825-0097 --author A5023888391 --mailto you@example.org");
        var input = Cli.InputOption();
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Options.Add(input);
        command.Options.Add(format);
        var max = new Option<long?>("--max") { HelpName = "N", Description = "Stop after N works" };
        var openAlex = new OpenAlexQueryOptions();
        command.Options.Add(output);
        command.Options.Add(max);
        openAlex.AddTo(command);
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(input) ?? [];
            var limit = parse.GetValue(max);
            if (limit is < 0) throw new UsageException($"--max {limit}: must be 0 or more");
            var report = Cli.StderrReport();
            if (openAlex.IsRequested(parse))
            {
                if (paths.Length > 0) throw new UsageException("works: give --input PATH or --openalex, not both");
                openAlex.Query(parse); openAlex.ApiOptions(parse); // usage errors before --output is created
                var outputFile = parse.GetValue(output);
                var showProgress = !Console.IsErrorRedirected && (outputFile is not null || Console.IsOutputRedirected);
                string summary;
                try
                {
                    using var writer = Cli.OpenOutput(outputFile);
                    summary = openAlex.Fetch(parse, report, limit, showProgress, works => Write(works, parse.GetValue(format)!, writer));
                }
                catch (OpenAlexApiException e)
                {
                    Console.Error.WriteLine($"collabscreen: {e.Message}");
                    Console.Error.WriteLine($"works: stopped after {report.Read:N0} works, skipped {report.Skipped:N0} record(s)");
                    return Cli.Failure;
                }
                Console.Error.WriteLine($"works: {summary}");
                return report.HasErrors ? Cli.Failure : Cli.Ok;
            }
            openAlex.RejectWithoutOpenAlex(parse);
            if (paths.Length == 0) throw new UsageException("works: give --input PATH (an OpenAlex file or snapshot directory) or --openalex with --institution/--author/--search");
            IReadOnlyList<string> files;
            try { files = WorkFiles.ExpandPaths(paths); }
            catch (FileNotFoundException e) { throw new UsageException(e.Message); }
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
                Write(OpenAlexQueryOptions.Limit(WorkFiles.Read(files, report), limit), parse.GetValue(format)!, writer);
            Console.Error.WriteLine($"works: {report.Summary()}");
            return report.HasErrors ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    public static void Write(IEnumerable<Work> works, string format, TextWriter writer)
    {
        switch (format)
        {
            case "jsonl":
                using (var buffer = new MemoryStream())
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    foreach (var work in works)
                    {
                        WorkJson.Write(json, work);
                        json.Flush();
                        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                        writer.Write('\n');
                        buffer.SetLength(0);
                        json.Reset();
                    }
                }
                break;
            case "csv":
                Csv.WriteRow(writer, "id", "doi", "year", "date", "type", "venue", "title", "authors", "institutions", "ror_ids", "raw_affiliations", "references", "origin");
                foreach (var w in works)
                {
                    var institutions = w.Authorships.SelectMany(a => a.Institutions).ToList();
                    Csv.WriteRow(writer, w.Id, w.Doi, w.Year?.ToString(), w.Date?.ToString("yyyy-MM-dd"), w.Type, w.Venue, w.Title,
                        string.Join("; ", w.Authorships.Select(a => a.AuthorName)),
                        string.Join("; ", institutions.Select(i => i.Name).Distinct()),
                        string.Join("; ", institutions.Select(i => i.Ror).OfType<string>().Distinct()),
                        string.Join(" | ", w.Authorships.SelectMany(a => a.RawAffiliations).Distinct()),
                        w.ReferencedWorks.Count.ToString(), w.Origin.ToString());
                }
                break;
            default:
                writer.WriteLine($"{"WORK",-13} {"YEAR",4} {"AUTH",4} {"INST",4}  TITLE");
                foreach (var w in works)
                {
                    var id = w.Id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? w.Id[21..] : w.Id;
                    var inst = w.Authorships.SelectMany(a => a.Institutions).Select(i => i.Id).Distinct().Count();
                    var title = (w.Title ?? "(no title)").ReplaceLineEndings(" ");
                    if (title.Length > 90) title = title[..89] + "…";
                    writer.WriteLine($"{id,-13} {w.Year?.ToString() ?? "",4} {w.Authorships.Count,4} {inst,4}  {title}");
                }
                break;
        }
    }
}
