using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Datasets;
using CollabScreen.Model;
using CollabScreen.Sources;
using CollabScreen.Topics;

namespace CollabScreen.Cli;

/// <summary>`collabscreen classify`: surveillance topics of each work in a CSV or OpenAlex file, with the words that decided.</summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var command = new Command("classify", "Find surveillance topics (face recognition, person re-identification, ...) in works, with the words that decided each one.\n" +
            "Reads CSV (header row; columns id, title, abstract unless renamed) or OpenAlex works files.\n\n" +
            "Examples:\n" +
            "  collabscreen classify --input papers.csv --format jsonl\n" +
            "  collabscreen classify --input ../shared/data/dataset-harms/dukemtmc_all.csv --id-column paperId\n" +
            "  collabscreen classify --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --format csv -o topics.csv");
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "A CSV file (.csv, .csv.gz) or OpenAlex works files (.jsonl, .jsonl.gz, .json, snapshot directories)",
            AllowMultipleArgumentsPerToken = true,
        };
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        var idColumn = new Option<string>("--id-column") { Description = "CSV column with the record id", DefaultValueFactory = _ => "id" };
        var titleColumn = new Option<string>("--title-column") { Description = "CSV column with the title", DefaultValueFactory = _ => "title" };
        var abstractColumn = new Option<string>("--abstract-column") { Description = "CSV column with the abstract", DefaultValueFactory = _ => "abstract" };
        var taxonomy = new Option<FileInfo?>("--taxonomy") { Description = "Use this taxonomy file instead of the bundled data/topics/taxonomy.json" };
        foreach (var option in new Option[] { input, format, output, idColumn, titleColumn, abstractColumn, taxonomy })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var paths = parse.GetValue(input) ?? [];
            if (paths.Length == 0) throw new UsageException("classify: give --input FILE (a CSV file or OpenAlex works file)");
            var csv = paths.Select(IsCsv).Distinct().ToArray();
            if (csv.Length > 1) throw new UsageException("classify: give either CSV files or OpenAlex files, not both");
            var columns = new CsvColumns(parse.GetValue(idColumn)!, parse.GetValue(titleColumn)!, parse.GetValue(abstractColumn)!);
            if (!csv[0] && columns != new CsvColumns())
                throw new UsageException("classify: --id-column, --title-column and --abstract-column apply to CSV input only");

            var classifier = parse.GetValue(taxonomy) is { } custom ? TopicClassifier.Load(custom.FullName) : TopicClassifier.LoadBundled();
            var report = Cli.StderrReport();
            IEnumerable<Work> works;
            if (csv[0])
            {
                foreach (var path in paths)
                    if (!File.Exists(path)) throw new UsageException($"classify: input file not found: {path}");
                works = paths.SelectMany(p => CsvWorkReader.Read(p, columns, report));
            }
            else
            {
                try { works = OpenAlexFiles.Read(OpenAlexFiles.ExpandPaths(paths), report); }
                catch (FileNotFoundException e) { throw new UsageException(e.Message); }
            }

            long total = 0, flagged = 0;
            var classified = works.Select(w =>
            {
                var hits = classifier.Classify(w);
                total++;
                if (hits.Count > 0) flagged++;
                return (Work: w, Topics: hits);
            });
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
                Write(classified, parse.GetValue(format)!, writer);
            Console.Error.WriteLine($"classify: {report.Summary()}; {flagged:N0} of {total:N0} flagged ({(total == 0 ? 0 : 100.0 * flagged / total):F1}%)");
            return report.HasErrors ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IEnumerable<(Work Work, IReadOnlyList<TopicHit> Topics)> records, string format, TextWriter writer)
    {
        switch (format)
        {
            case "jsonl":
                using (var buffer = new MemoryStream())
                using (var json = new Utf8JsonWriter(buffer, JsonOptions))
                {
                    foreach (var (work, topics) in records)
                    {
                        WriteRecord(json, work.Id, topics, []);
                        json.Flush();
                        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                        writer.Write('\n');
                        buffer.SetLength(0);
                        json.Reset();
                    }
                }
                break;
            case "csv":
                Csv.WriteRow(writer, "id", "title", "topics", "families", "max_score", "max_severity", "evidence");
                foreach (var (work, topics) in records)
                    Csv.WriteRow(writer, work.Id, work.Title,
                        string.Join(";", topics.Select(t => t.Topic)),
                        string.Join(";", topics.Select(t => t.Family).Distinct()),
                        topics.Count == 0 ? "" : topics.Max(t => t.Score).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                        topics.Count == 0 ? "" : topics.Max(t => t.Severity).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                        string.Join(" | ", topics.SelectMany(t => t.Evidence).Distinct()));
                break;
            default:
                // People read the table: only records with a topic, each topic on its own line with its best evidence.
                foreach (var (work, topics) in records)
                {
                    if (topics.Count == 0) continue;
                    var id = work.Id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? work.Id[21..] : work.Id;
                    var title = work.Title ?? "(no title)";
                    writer.WriteLine($"{id}  {(title.Length > 100 ? title[..97] + "..." : title)}");
                    foreach (var t in topics)
                        writer.WriteLine($"    {t.Topic,-30} {t.Family,-20} {t.Score,5:0.00}  {string.Join("; ", t.Evidence.Take(3))}");
                }
                break;
        }
    }

    /// <summary>
    /// One output record: {"id", "topics": [{"topic", "family", "score", "evidence"}], "datasets": [...]}.
    /// Kept separate so the dataset detector's hits can be added without touching the rest.
    /// </summary>
    public static void WriteRecord(Utf8JsonWriter json, string id, IReadOnlyList<TopicHit> topics, IReadOnlyList<DatasetHit> datasets)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteStartArray("topics");
        foreach (var t in topics) WriteTopic(json, t);
        json.WriteEndArray();
        json.WriteStartArray("datasets");
        foreach (var d in datasets) WriteDataset(json, d);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteTopic(Utf8JsonWriter json, TopicHit t)
    {
        json.WriteStartObject();
        json.WriteString("topic", t.Topic);
        json.WriteString("family", t.Family);
        json.WriteNumber("score", Math.Round(t.Score, 3));
        json.WriteStartArray("evidence");
        foreach (var e in t.Evidence) json.WriteStringValue(e);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Placeholder layout for a dataset hit; the dataset issue owns the final field list.</summary>
    public static void WriteDataset(Utf8JsonWriter json, DatasetHit d)
    {
        json.WriteStartObject();
        json.WriteString("dataset", d.Dataset);
        json.WriteString("name", d.Name);
        json.WriteString("via", d.Via);
        json.WriteString("status", d.Status);
        json.WriteString("context", d.Context);
        json.WriteStartArray("evidence");
        foreach (var e in d.Evidence) json.WriteStringValue(e);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
