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
            "Reads CSV (header row; columns id, title, abstract unless renamed), OpenAlex works files, Web of Science or Scopus exports.\n\n" +
            "Examples:\n" +
            "  collabscreen classify --input papers.csv --format jsonl\n" +
            "  collabscreen classify --input ../shared/data/dataset-harms/dukemtmc_all.csv --id-column paperId\n" +
            "  collabscreen classify --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --format csv -o topics.csv\n" +
            "  collabscreen classify --input papers.csv --fulltext pdf-text/ --format jsonl   # datasets named in full texts too\n\n" +
            "Each record also lists the face/person datasets it names or cites (\"datasets\", see 'collabscreen datasets').");
        var input = Cli.InputOption();
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        var idColumn = new Option<string>("--id-column") { Description = "CSV column with the record id", DefaultValueFactory = _ => "id" };
        var titleColumn = new Option<string>("--title-column") { Description = "CSV column with the title", DefaultValueFactory = _ => "title" };
        var abstractColumn = new Option<string>("--abstract-column") { Description = "CSV column with the abstract", DefaultValueFactory = _ => "abstract" };
        var taxonomy = new Option<FileInfo?>("--taxonomy") { Description = "Use this taxonomy file instead of the bundled data/topics/taxonomy.json" };
        var fulltext = new Option<DirectoryInfo?>("--fulltext")
        {
            Description = "Directory of full texts named by record id (ID.txt or ID.tei.xml; OpenAlex ids as W123.txt); datasets named there are reported too",
        };
        foreach (var option in new Option[] { input, format, output, idColumn, titleColumn, abstractColumn, taxonomy, fulltext })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var paths = parse.GetValue(input) ?? [];
            if (paths.Length == 0) throw new UsageException("classify: give --input FILE (a CSV file or OpenAlex works file)");
            var csv = paths.All(IsCsv);
            var columns = new CsvColumns(parse.GetValue(idColumn)!, parse.GetValue(titleColumn)!, parse.GetValue(abstractColumn)!);
            if (!paths.Any(IsCsv) && columns != new CsvColumns())
                throw new UsageException("classify: --id-column, --title-column and --abstract-column apply to CSV input only");

            var classifier = parse.GetValue(taxonomy) is { } custom ? TopicClassifier.Load(custom.FullName) : TopicClassifier.LoadBundled();
            var report = Cli.StderrReport();
            var fulltextDir = parse.GetValue(fulltext);
            if (fulltextDir is { Exists: false }) throw new UsageException($"classify: --fulltext directory not found: {fulltextDir.FullName}");
            var registry = DatasetRegistry.LoadBundled();
            foreach (var problem in registry.Problems) Console.Error.WriteLine($"collabscreen: {problem}");
            var detector = new DatasetDetector(registry);
            IEnumerable<Work> works;
            try { works = WorkFiles.Read(WorkFiles.ExpandPaths(paths), report, columns); }
            catch (FileNotFoundException e) { throw new UsageException(e.Message); }

            // What the classifier refused to report, and why, written beside each record (kept only until written).
            var vetoes = new Dictionary<string, IReadOnlyList<VetoedTopic>>(StringComparer.Ordinal);
            long total = 0, flagged = 0, withDatasets = 0, withWithdrawn = 0, fullTexts = 0, fullTextErrors = 0;
            var classified = works.Select(w =>
            {
                var analysis = classifier.Analyze(w);
                var hits = analysis.Hits;
                vetoes[w.Id] = analysis.Vetoed;
                total++;
                if (hits.Count > 0) flagged++;
                string? text = null;
                if (fulltextDir is not null && FullText.FindFor(fulltextDir.FullName, w.Id) is { } file)
                {
                    try { text = FullText.Read(file); fullTexts++; }
                    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                    {
                        fullTextErrors++;
                        Console.Error.WriteLine($"collabscreen: {e.Message} (record {w.Id}: datasets from title and abstract only)");
                    }
                }
                var datasets = detector.Detect(w, text);
                if (datasets.Count > 0) withDatasets++;
                if (datasets.Any(d => DatasetRegistry.IsWithdrawn(d.Status) || d.DerivedFromWithdrawn is not null)) withWithdrawn++;
                return (Work: w, Topics: hits, Datasets: datasets);
            });
            using (var writer = Cli.OpenOutput(parse.GetValue(output)))
                Write(classified, parse.GetValue(format)!, writer, id => vetoes.Remove(id, out var v) ? v : []);
            Console.Error.WriteLine($"classify: {report.Summary()}; {flagged:N0} of {total:N0} flagged ({(total == 0 ? 0 : 100.0 * flagged / total):F1}%); " +
                                    $"{withDatasets:N0} name or cite a listed dataset, {withWithdrawn:N0} a withdrawn one or its derivative" +
                                    (fulltextDir is null ? "" : $"; {fullTexts:N0} full texts read, {fullTextErrors:N0} unreadable") +
                                    (csv ? "" : CitationNote(registry)));
            return report.HasErrors || fullTextErrors > 0 ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    /// <summary>OpenAlex lists references as work ids: without looked-up ids of the dataset papers no citation can be seen.</summary>
    private static string CitationNote(DatasetRegistry registry)
    {
        var linked = registry.Records.Count(r => r.Links.Count > 0 || r.OpenAlex.Count > 0);
        return linked > 0
            ? $"; citations checked against the OpenAlex ids of {linked:N0} dataset paper(s)"
            : "; no dataset paper is linked to an OpenAlex id, so citations of them cannot be seen (run 'collabscreen datasets link')";
    }

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IEnumerable<(Work Work, IReadOnlyList<TopicHit> Topics)> records, string format, TextWriter writer) =>
        Write(records.Select(r => (r.Work, r.Topics, (IReadOnlyList<DatasetHit>)[])), format, writer);

    public static void Write(IEnumerable<(Work Work, IReadOnlyList<TopicHit> Topics, IReadOnlyList<DatasetHit> Datasets)> records, string format, TextWriter writer,
        Func<string, IReadOnlyList<VetoedTopic>>? vetoedOf = null)
    {
        vetoedOf ??= _ => [];
        switch (format)
        {
            case "jsonl":
                using (var buffer = new MemoryStream())
                using (var json = new Utf8JsonWriter(buffer, JsonOptions))
                {
                    foreach (var (work, topics, datasets) in records)
                    {
                        WriteRecord(json, work.Id, topics, datasets, vetoedOf(work.Id));
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
                foreach (var (work, topics, _) in records)
                    Csv.WriteRow(writer, work.Id, work.Title,
                        string.Join(";", topics.Select(t => t.Topic)),
                        string.Join(";", topics.Select(t => t.Family).Distinct()),
                        topics.Count == 0 ? "" : topics.Max(t => t.Score).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                        topics.Count == 0 ? "" : topics.Max(t => t.Severity).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                        string.Join(" | ", topics.SelectMany(t => t.Evidence).Distinct()));
                break;
            default:
                // People read the table: only records with a topic, each topic on its own line with its best evidence.
                foreach (var (work, topics, datasets) in records)
                {
                    var vetoed = vetoedOf(work.Id);
                    if (topics.Count == 0 && datasets.Count == 0) continue;
                    var id = work.Id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? work.Id[21..] : work.Id;
                    var title = work.Title ?? "(no title)";
                    writer.WriteLine($"{id}  {(title.Length > 100 ? title[..97] + "..." : title)}");
                    foreach (var t in topics)
                        writer.WriteLine($"    {t.Topic,-30} {t.Family,-20} {t.Score,5:0.00}  {string.Join("; ", t.Evidence.Take(3))}" +
                                         (t.About is { Count: > 0 } about ? $"  (about: {string.Join("; ", about)})" : ""));
                    foreach (var v in vetoed)
                        writer.WriteLine($"    not reported: {v.Hit.Topic} ({string.Join("; ", v.Hit.Evidence.Take(3))}): {v.Reason}");
                    foreach (var d in datasets)
                        writer.WriteLine($"    dataset {d.Name} ({d.Via}, {d.Status}{(d.Withdrawn is null ? "" : " " + d.Withdrawn)}" +
                                         $"{(d.DerivedFromWithdrawn is null ? "" : ", derived from withdrawn " + d.DerivedFromWithdrawn)}{(d.Context == "use" ? "" : ", " + d.Context)})  {string.Join("; ", d.Evidence.Take(2))}");
                }
                break;
        }
    }

    /// <summary>
    /// One output record: {"id", "topics": [{"topic", "family", "score", "evidence"}], "datasets": [...]}.
    /// Kept separate so the dataset detector's hits can be added without touching the rest.
    /// </summary>
    public static void WriteRecord(Utf8JsonWriter json, string id, IReadOnlyList<TopicHit> topics, IReadOnlyList<DatasetHit> datasets,
        IReadOnlyList<VetoedTopic>? vetoed = null)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteStartArray("topics");
        foreach (var t in topics) WriteTopic(json, t);
        json.WriteEndArray();
        json.WriteStartArray("datasets");
        foreach (var d in datasets) WriteDataset(json, d);
        json.WriteEndArray();
        if (vetoed is { Count: > 0 })
        {
            // Topics that scored but were refused: the words that would have decided and the words (or absence) that vetoed.
            json.WriteStartArray("vetoed");
            foreach (var v in vetoed)
            {
                json.WriteStartObject();
                json.WriteString("topic", v.Hit.Topic);
                json.WriteNumber("score", Math.Round(v.Hit.Score, 3));
                json.WriteStartArray("evidence");
                foreach (var e in v.Hit.Evidence) json.WriteStringValue(e);
                json.WriteEndArray();
                json.WriteString("reason", v.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
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
        if (t.About is { Count: > 0 } about)
        {
            json.WriteStartArray("about");
            foreach (var e in about) json.WriteStringValue(e);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>A dataset hit, in the layout the Datasets library owns (<see cref="DatasetHitJson"/>).</summary>
    public static void WriteDataset(Utf8JsonWriter json, DatasetHit d) => DatasetHitJson.Write(json, d);
}
