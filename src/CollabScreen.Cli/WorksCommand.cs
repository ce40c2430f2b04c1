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
            "  collabscreen works --input snapshot/data/works --format csv --output works.csv");
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "OpenAlex files (.jsonl, .jsonl.gz, .json API page or array) or snapshot directories",
            AllowMultipleArgumentsPerToken = true,
        };
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Options.Add(input);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(input) ?? [];
            if (paths.Length == 0) throw new UsageException("works: give --input PATH (an OpenAlex file or snapshot directory)");
            var report = Cli.StderrReport();
            IReadOnlyList<string> files;
            try { files = OpenAlexFiles.ExpandPaths(paths); }
            catch (FileNotFoundException e) { throw new UsageException(e.Message); }
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
                Write(OpenAlexFiles.Read(files, report), parse.GetValue(format)!, writer);
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
