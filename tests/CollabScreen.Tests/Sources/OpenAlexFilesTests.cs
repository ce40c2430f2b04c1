using System.IO.Compression;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

public class OpenAlexFilesTests
{
    private static readonly string Sample2022 = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");
    private static readonly string CurrentFixture = Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", "works-current-schema.jsonl");

    private static List<Work> ReadAll(string path, out ReadReport report)
    {
        report = new ReadReport();
        return OpenAlexFiles.Read([path], report).ToList();
    }

    [Fact]
    public void Reads_every_work_of_the_2022_schema_sample()
    {
        var works = ReadAll(Sample2022, out var report);
        Assert.Equal(1000, works.Count);
        Assert.Equal(0, report.Skipped);
        Assert.False(report.HasErrors);
        Assert.Equal(1000, works.Select(w => w.Id).Distinct().Count());
        // The README says 915 works carry a ROR id.
        Assert.Equal(915, works.Count(w => w.Authorships.Any(a => a.Institutions.Any(i => i.Ror is not null))));
    }

    [Fact]
    public void A_2022_schema_record_field_by_field()
    {
        var work = ReadAll(Sample2022, out _).Single(w => w.Id == "https://openalex.org/W3143702215");
        Assert.Equal("https://doi.org/10.1021/acs.langmuir.0c03630", work.Doi);
        Assert.StartsWith("Rose Pistil Stigma", work.Title);
        Assert.Equal(2021, work.Year);
        Assert.Equal(new DateOnly(2021, 4, 2), work.Date);
        Assert.Equal("Langmuir", work.Venue);
        Assert.Equal("journal-article", work.Type);
        Assert.Equal(390, work.Origin.Line);
        Assert.Equal(34, work.ReferencedWorks.Count);
        Assert.Equal("https://openalex.org/W2157365090", work.ReferencedWorks[0]);
        Assert.Contains(work.Subjects, s => s.Kind == SubjectKind.Concept && s.Name == "Wetting");
        // Abstract rebuilt from the inverted index, in word order.
        Assert.StartsWith("Finger-like radial hierarchical micropillars with folded tips are observed on the surface", work.Abstract);
        Assert.Equal(156, work.Abstract!.Split(' ').Length);

        var second = work.Authorships[1];
        Assert.Equal("Yinlong Tan", second.AuthorName);
        Assert.Equal("middle", second.Position);
        Assert.Single(second.RawAffiliations);
        // Kept exactly as OpenAlex printed it, brackets included.
        Assert.StartsWith("[College of Liberal Arts and Science, National University of Defense Technology, Changsha 410073", second.RawAffiliations[0]);
        var nudt = Assert.Single(second.Institutions);
        Assert.Equal(new AssertedInstitution("https://openalex.org/I170215575", "https://ror.org/05d2yfz11", "National University of Defense Technology", "CN", "education"), nudt with { Type = nudt.Type });
        Assert.Equal("https://orcid.org/0000-0002-1350-7498", work.Authorships[0].Orcid);
    }

    [Fact]
    public void Unmatched_2022_institutions_are_raw_strings_not_assertions()
    {
        var work = ReadAll(Sample2022, out _).Single(w => w.Id == "https://openalex.org/W2100301546");
        var first = work.Authorships[0];
        Assert.Empty(first.Institutions);
        Assert.Equal(["Department of Neurosurgery, University Medical School, Mainz, Germany."], first.RawAffiliations);
    }

    [Fact]
    public void A_current_schema_record_field_by_field()
    {
        var works = ReadAll(CurrentFixture, out var report);
        Assert.Equal(2, works.Count);
        Assert.False(report.HasErrors);
        var w = works[0];
        Assert.Equal("https://openalex.org/W4390000001", w.Id);
        Assert.Equal("IEEE Transactions on Image Processing", w.Venue);
        Assert.Equal("article", w.Type);
        Assert.Equal(new DateOnly(2024, 3, 15), w.Date);
        Assert.Equal("Person re-identification under occlusion is hard. We use part attention.", w.Abstract);
        Assert.Contains(w.Subjects, s => s.Kind == SubjectKind.Topic && s.Name == "Video Surveillance and Tracking Methods" && s.Score == 0.99);
        Assert.Contains(w.Subjects, s => s.Kind == SubjectKind.Keyword && s.Name == "Person Re-identification");
        Assert.Contains(w.Subjects, s => s.Kind == SubjectKind.Concept && s.Name == "Re-identification");
        Assert.Equal(["https://openalex.org/W2204750386", "https://openalex.org/W2520433280"], w.ReferencedWorks);
        var hit = w.Authorships[1];
        Assert.Equal(["Harbin Institute of Technology, Harbin, China", "Peng Cheng Laboratory, Shenzhen, China"], hit.RawAffiliations);
        Assert.Equal("https://ror.org/01yqg2h08", Assert.Single(hit.Institutions).Ror);
        Assert.Equal("https://ror.org/00wk2mp56", Assert.Single(w.InstitutionAssertions).Ror);

        var preprint = works[1];
        Assert.Equal("Untitled preprint", preprint.Title); // title null → display_name
        Assert.Null(preprint.Venue);
        Assert.Null(preprint.Abstract);
        Assert.Equal("face perception", Assert.Single(preprint.Keywords).Name); // older `keyword` field
    }

    [Fact]
    public void An_api_page_and_an_array_are_read_as_json_documents()
    {
        var lines = File.ReadAllLines(CurrentFixture);
        var dir = Directory.CreateTempSubdirectory("cs-json-").FullName;
        var page = Path.Combine(dir, "page.json");
        File.WriteAllText(page, $"{{\"meta\":{{\"count\":2,\"next_cursor\":null}},\"results\":[{lines[0]},{lines[1]}]}}");
        var array = Path.Combine(dir, "array.json");
        File.WriteAllText(array, $"[{lines[1]}]");
        var report = new ReadReport();
        var works = OpenAlexFiles.Read([page, array], report).ToList();
        Assert.Equal(["https://openalex.org/W4390000001", "https://openalex.org/W4390000002", "https://openalex.org/W4390000002"], works.Select(w => w.Id));
        Assert.Equal(2, report.Files);
    }

    [Fact]
    public void A_snapshot_directory_is_read_recursively_as_one_stream()
    {
        var root = Directory.CreateTempSubdirectory("cs-snap-").FullName;
        var sample = ReadLinesOf(Sample2022).Take(30).ToList();
        WriteGz(Path.Combine(root, "works", "updated_date=2024-01-01", "part_000.gz"), sample.Take(10));
        WriteGz(Path.Combine(root, "works", "updated_date=2024-01-02", "part_000.gz"), sample.Skip(10).Take(10));
        WriteGz(Path.Combine(root, "works", "updated_date=2024-01-02", "part_001.gz"), sample.Skip(20));
        File.WriteAllText(Path.Combine(root, "works", "manifest"), "{\"entries\":[]}");
        var works = ReadAll(root, out var report);
        Assert.Equal(30, works.Count);
        Assert.Equal(3, report.Files);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void A_broken_line_in_the_middle_is_reported_and_every_good_line_kept()
    {
        var lines = ReadLinesOf(Sample2022).Take(9).ToList();
        lines.Insert(4, "{\"id\": \"https://openalex.org/W1\", \"title\": ");   // cut-off JSON
        lines.Insert(7, "not json at all");
        var path = WriteTemp("broken.jsonl", string.Join("\n", lines) + "\n");
        var works = ReadAll(path, out var report);
        Assert.Equal(9, works.Count);
        Assert.Equal(2, report.Skipped);
        Assert.Equal([5L, 8L], report.Errors.Select(e => e.Line));
        Assert.All(report.Errors, e => Assert.Equal(path, e.Source));
        Assert.Contains("malformed JSON", report.Errors[0].Reason);
    }

    [Fact]
    public void A_record_with_a_bad_field_names_the_field()
    {
        var path = WriteTemp("badfield.jsonl", "{\"id\":\"https://openalex.org/W1\",\"publication_date\":\"yesterday\"}\n{\"title\":\"no id\"}\n");
        var works = ReadAll(path, out var report);
        Assert.Empty(works);
        Assert.Contains("publication_date", report.Errors[0].Reason);
        Assert.Contains("'id'", report.Errors[1].Reason);
    }

    [Fact]
    public void A_truncated_gzip_is_reported_as_truncated_with_everything_before_kept()
    {
        var full = File.ReadAllBytes(Sample2022);
        var path = WriteTemp("cut.jsonl.gz", full.AsSpan(0, full.Length / 3).ToArray());
        var works = ReadAll(path, out var report);
        Assert.InRange(works.Count, 250, 400);
        Assert.Equal(ReadAll(Sample2022, out _).Take(works.Count).Select(w => w.Id), works.Select(w => w.Id));
        Assert.Contains(report.Errors, e => e.Reason.Contains("truncated"));
    }

    [Fact]
    public void A_concatenated_multi_member_gzip_is_read_whole_and_not_called_truncated()
    {
        var lines = ReadLinesOf(Sample2022).Take(20).ToList();
        var a = Path.GetTempFileName(); var b = Path.GetTempFileName();
        WriteGz(a, lines.Take(12)); WriteGz(b, lines.Skip(12));
        var path = WriteTemp("multi.jsonl.gz", [.. File.ReadAllBytes(a), .. File.ReadAllBytes(b)]);
        var works = ReadAll(path, out var report);
        Assert.Equal(20, works.Count);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void An_empty_file_is_a_warning_and_no_works()
    {
        var path = WriteTemp("empty.jsonl", "");
        var report = new ReadReport();
        Assert.Empty(OpenAlexFiles.Read([path], report));
        Assert.Equal(1, report.Warnings);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void A_non_json_file_is_given_up_after_a_few_lines()
    {
        var path = WriteTemp("notes.jsonl", string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"line {i}, not json")));
        var works = ReadAll(path, out var report);
        Assert.Empty(works);
        Assert.Equal(5, report.Skipped);
        Assert.Contains(report.Errors, e => e.Reason.Contains("not OpenAlex JSON Lines"));
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OpenAlexFiles.ExpandPaths(["/nonexistent/works.jsonl"]));
        Assert.Contains("/nonexistent/works.jsonl", e.Message);
    }

    internal static IEnumerable<string> ReadLinesOf(string gz)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line) yield return line;
    }

    private static void WriteGz(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var gz = new StreamWriter(new GZipStream(File.Create(path), CompressionLevel.Fastest));
        foreach (var line in lines) gz.Write(line + "\n");
    }

    internal static string WriteTemp(string name, string content) => WriteTemp(name, System.Text.Encoding.UTF8.GetBytes(content));

    internal static string WriteTemp(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cs-test-").FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
