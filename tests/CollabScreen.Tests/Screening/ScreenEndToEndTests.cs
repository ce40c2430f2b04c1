using System.Text.Json;
using System.Text.Json.Nodes;

namespace CollabScreen.Tests.Screening;

/// <summary>
/// End to end through the CLI on a small corpus in the current OpenAlex schema (documented fields: primary_location,
/// authorships[].raw_affiliation_strings, institutions with ROR ids, topics, keywords, abstract_inverted_index),
/// with real institution names and ROR ids: Microsoft Research Asia (a corporate lab) writes person
/// re-identification papers with Beihang University and Harbin Institute of Technology, and a face-perception
/// psychology paper with Nanjing University.
/// </summary>
[Collection("Console")]
public class ScreenEndToEndTests
{
    private const string Msra = "https://ror.org/0300m5276", Beihang = "https://ror.org/00wk2mp56",
        Hit = "https://ror.org/01yqg2h08", Nju = "https://ror.org/01rxvg760", Tsinghua = "https://ror.org/03cve4549";

    internal static JsonObject Author(string id, string name, string position, string raw, string? ror, string? instName, string country = "CN") => new()
    {
        ["author_position"] = position,
        ["author"] = new JsonObject { ["id"] = $"https://openalex.org/{id}", ["display_name"] = name, ["orcid"] = null },
        ["institutions"] = ror is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["id"] = "https://openalex.org/I" + Math.Abs(ror.GetHashCode() % 100000000), ["display_name"] = instName, ["ror"] = ror,
            ["country_code"] = country, ["type"] = ror == Msra ? "company" : "education", ["lineage"] = new JsonArray(),
        }),
        ["countries"] = new JsonArray(country),
        ["is_corresponding"] = position == "first",
        ["raw_author_name"] = name,
        ["raw_affiliation_strings"] = new JsonArray(raw),
    };

    internal static JsonObject Abstract(string text)
    {
        var index = new JsonObject();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (index[words[i]] is not JsonArray positions) index[words[i]] = positions = new JsonArray();
            positions.Add(i);
        }
        return index;
    }

    internal static JsonObject Work(string id, string title, int year, string abstractText, JsonArray authors, params (string Topic, string Field)[] topics) => new()
    {
        ["id"] = $"https://openalex.org/{id}",
        ["doi"] = $"https://doi.org/10.1109/{id.ToLowerInvariant()}",
        ["title"] = title,
        ["display_name"] = title,
        ["publication_year"] = year,
        ["publication_date"] = $"{year}-06-15",
        ["type"] = "article",
        ["primary_location"] = new JsonObject { ["source"] = new JsonObject { ["display_name"] = "IEEE Transactions on Image Processing", ["type"] = "journal" } },
        ["authorships"] = authors,
        ["topics"] = new JsonArray(topics.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = "https://openalex.org/T10000", ["display_name"] = t.Topic, ["score"] = 0.99,
            ["field"] = new JsonObject { ["display_name"] = t.Field },
        }).ToArray()),
        ["keywords"] = new JsonArray(),
        ["referenced_works"] = new JsonArray(),
        ["abstract_inverted_index"] = Abstract(abstractText),
    };

    internal static string Corpus(string dir)
    {
        var works = new[]
        {
            Work("W9000000001", "Part-aligned bilinear representations for person re-identification", 2018,
                "Person re-identification matches pedestrians across non-overlapping surveillance cameras. We propose part-aligned bilinear representations and evaluate on Market-1501 and DukeMTMC-reID.",
                new JsonArray(
                    Author("A9000000001", "Yumin Suh", "first", "Microsoft Research Asia, Beijing, China", Msra, "Microsoft Research Asia (China)"),
                    Author("A9000000002", "Wei Zhang", "last", "School of Computer Science and Engineering, Beihang University, Beijing 100191, China", Beihang, "Beihang University")),
                ("Video Surveillance and Tracking Methods", "Computer Science")),
            Work("W9000000002", "Unsupervised domain adaptive person re-identification with mutual mean-teaching", 2021,
                "Unsupervised domain adaptive person re-identification transfers a re-ID model from a labelled source domain to an unlabelled target domain of pedestrian images.",
                new JsonArray(
                    Author("A9000000003", "Li Na", "first", "School of Computer Science and Technology, Harbin Institute of Technology, Harbin 150001, China", Hit, "Harbin Institute of Technology"),
                    Author("A9000000004", "Chen Yu", "last", "Microsoft Research Asia, Beijing, China", Msra, "Microsoft Research Asia (China)")),
                ("Video Surveillance and Tracking Methods", "Computer Science")),
            Work("W9000000003", "Cross-camera person re-identification with attention pyramids", 2022,
                "We study person re-identification across cameras and propose attention pyramids for pedestrian retrieval.",
                new JsonArray(
                    // The source's id says Tsinghua; the printed affiliation says Harbin Institute of Technology.
                    Author("A9000000005", "Zhao Lei", "first", "School of Computer Science and Technology, Harbin Institute of Technology, Harbin, China", Tsinghua, "Tsinghua University"),
                    Author("A9000000004", "Chen Yu", "last", "Microsoft Research Asia, Beijing, China", Msra, "Microsoft Research Asia (China)")),
                ("Video Surveillance and Tracking Methods", "Computer Science")),
            Work("W9000000004", "Holistic face perception in infancy: looking-time evidence", 2020,
                "Developmental psychology studies of face perception show that infants process upright faces holistically. Using looking-time measures with 6-month-old infants we test the face inversion effect.",
                new JsonArray(
                    Author("A9000000006", "Liu Fang", "first", "Department of Psychology, School of Social and Behavioral Sciences, Nanjing University, Nanjing, China", Nju, "Nanjing University"),
                    Author("A9000000007", "Wang Jun", "last", "Microsoft Research Asia, Beijing, China", Msra, "Microsoft Research Asia (China)")),
                ("Face Recognition and Perception", "Psychology")),
            Work("W9000000005", "Efficient sparse attention for long-document summarisation", 2022,
                "We propose sparse attention for summarising long documents.",
                new JsonArray(Author("A9000000004", "Chen Yu", "first", "Microsoft Research Asia, Beijing, China", Msra, "Microsoft Research Asia (China)")),
                ("Topic Modeling", "Computer Science")),
        };
        var path = Path.Combine(dir, "works-current-schema.jsonl");
        File.WriteAllLines(path, works.Select(w => w.ToJsonString()));
        return path;
    }

    private static Dictionary<string, JsonElement> Screen(out string err, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-e2e-").FullName;
        var corpus = Corpus(dir);
        var output = Path.Combine(dir, "findings.jsonl");
        var (code, _, e) = CliRunner.Run([
            "screen", "--no-db", "--input", corpus, "--registry", SharedData.Path("ror/ror-records.jsonl.gz"),
            "--format", "jsonl", "--all", "--output", output, "--institution", Msra, .. extra]);
        err = e;
        Assert.True(code == 0, e);
        return File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(o => o.GetProperty("work").GetString()!);
    }

    private static IEnumerable<string> Rules(JsonElement f) => f.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!);

    [Fact]
    public void Corporate_lab_reid_papers_with_Beihang_and_HIT_are_high_and_face_perception_with_Nanjing_is_not_flagged_for_topic()
    {
        var findings = Screen(out var err);
        Assert.Equal(5, findings.Count);
        Assert.Contains("read 5 works", err);

        foreach (var (id, partner) in new[] { ("W9000000001", Beihang), ("W9000000002", Hit), ("W9000000003", Hit) })
        {
            var f = findings[$"https://openalex.org/{id}"];
            // The "high" rule fires; Beihang and HIT are Seven Sons (ASPI) and §1286-listed, so the default
            // policy's critical rule (Military/Seven Sons/legally designated co-author on a surveillance topic) fires too.
            Assert.Contains("listed-coauthor-surveillance-topic", Rules(f));
            Assert.Contains("military-coauthor-surveillance-topic", Rules(f));
            Assert.Equal("critical", f.GetProperty("severity").GetString());
            Assert.Contains(f.GetProperty("topics").EnumerateArray(), t => t.GetProperty("topic").GetString() == "person-reidentification");
            var inst = f.GetProperty("institutions").EnumerateArray().First(i => i.GetProperty("ror").GetString() == partner);
            var lists = inst.GetProperty("listings").EnumerateArray().Select(l => l.GetProperty("list").GetString()).ToHashSet();
            Assert.Contains("aspi-cdut", lists);
            Assert.Contains("ndaa-1286", lists);
            Assert.Contains(inst.GetProperty("listings").EnumerateArray(), l => l.GetProperty("category").GetString() == "Seven Sons of National Defence");
            Assert.Contains(inst.GetProperty("listings").EnumerateArray(), l => l.GetProperty("list").GetString() == "aspi-cdut"
                && l.GetProperty("list_version").GetString() == "MISP galaxy china-defence-universities v1"); // every finding names the list version
            var msra = f.GetProperty("institutions").EnumerateArray().First(i => i.GetProperty("ror").GetString() == Msra);
            Assert.Empty(msra.GetProperty("listings").EnumerateArray());
        }

        // W1 uses DukeMTMC-reID, derived from the withdrawn DukeMTMC, with a listed co-author.
        var w1 = findings["https://openalex.org/W9000000001"];
        var duke = w1.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("dataset").GetString() == "dukemtmc-reid");
        Assert.Equal("dukemtmc", duke.GetProperty("derived_from_withdrawn").GetString());
        Assert.Equal("use", duke.GetProperty("context").GetString());
        Assert.Equal("before-withdrawal", duke.GetProperty("status_at_publication").GetString()); // 2018 paper, withdrawn 2019-06
        Assert.Contains("withdrawn-dataset-listed-coauthor", Rules(w1));
        Assert.Contains("surveillance-topic-withdrawn-dataset", Rules(w1));

        // Source and resolver agree on W1 and W2 ...
        Assert.Equal("both", findings["https://openalex.org/W9000000001"].GetProperty("institutions").EnumerateArray()
            .First(i => i.GetProperty("ror").GetString() == Beihang).GetProperty("asserted_by").GetString());
        // ... and disagree on W3: both institutions are shown and the disagreement is written out.
        var w3 = findings["https://openalex.org/W9000000003"].GetProperty("institutions").EnumerateArray().ToList();
        var hitByResolver = w3.Single(i => i.GetProperty("ror").GetString() == Hit);
        Assert.Equal("resolver", hitByResolver.GetProperty("asserted_by").GetString());
        Assert.Contains("OpenAlex asserts Tsinghua University", hitByResolver.GetProperty("disagreement").GetString());
        var tsinghua = w3.Single(i => i.GetProperty("ror").GetString() == Tsinghua);
        Assert.Equal("source", tsinghua.GetProperty("asserted_by").GetString());
        Assert.Contains("Harbin Institute of Technology", tsinghua.GetProperty("disagreement").GetString());

        // Face perception with Nanjing University: listed co-author (ASPI, Civilian), no surveillance topic.
        var w4 = findings["https://openalex.org/W9000000004"];
        Assert.Empty(w4.GetProperty("topics").EnumerateArray());
        Assert.DoesNotContain(Rules(w4), r => r.Contains("topic"));
        Assert.Equal(["civilian-coauthor"], Rules(w4));
        Assert.Equal("low", w4.GetProperty("severity").GetString());

        // The unrelated paper is not flagged at all.
        Assert.Equal("none", findings["https://openalex.org/W9000000005"].GetProperty("severity").GetString());
    }

    [Fact]
    public void Summary_per_partner_and_per_author_of_the_screened_lab()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-e2e-").FullName;
        var corpus = Corpus(dir);
        var (code, output, err) = CliRunner.Run("screen", "--no-db", "--input", corpus, "--registry", SharedData.Path("ror/ror-records.jsonl.gz"),
            "--format", "jsonl", "--summary", "--institution", Msra);
        Assert.True(code == 0, err);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var hit = rows.Single(r => r.GetProperty("kind").GetString() == "institution" && r.GetProperty("ror").GetString() == Hit);
        Assert.Equal(2, hit.GetProperty("papers").GetInt32());
        Assert.Equal(1, hit.GetProperty("years").GetProperty("2021").GetInt32());
        Assert.Equal(2, hit.GetProperty("topics").GetProperty("person-reidentification").GetInt32());
        Assert.DoesNotContain(rows, r => r.GetProperty("kind").GetString() == "institution" && r.GetProperty("ror").GetString() == Msra);
        var chen = rows.Single(r => r.GetProperty("kind").GetString() == "author" && r.GetProperty("author").GetString() == "Chen Yu");
        Assert.Equal(2, chen.GetProperty("papers").GetInt32()); // W2, W3 flagged; W5 not
        Assert.Equal(2, chen.GetProperty("listed_partners").GetProperty("Harbin Institute of Technology").GetInt32());
    }

    [Reporting.ChromiumFact]
    public async Task Html_report_of_the_corpus_opens_in_chromium_with_its_charts_and_prints_to_pdf()
    {
        var dir = Directory.CreateTempSubdirectory("collabscreen-e2e-html-").FullName;
        var corpus = Corpus(dir);
        var html = Path.Combine(dir, "report.html");
        var pdf = Path.Combine(dir, "report.pdf");
        var (code, _, err) = CliRunner.Run("screen", "--no-db", "--input", corpus, "--registry", SharedData.Path("ror/ror-records.jsonl.gz"),
            "--institution", Msra, "--format", "html", "--output", html, "--pdf", pdf);
        Assert.True(code == 0, err);
        Assert.True(new FileInfo(pdf).Length > 10_000);

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(CollabScreen.Reporting.PdfPrinter.LaunchOptions(CollabScreen.Reporting.PdfPrinter.FindChromium()!));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        Assert.Equal(4, await page.Locator("#findings tbody.finding").CountAsync()); // W5 is not flagged
        Assert.True(await page.Locator("#timeline rect.bar").CountAsync() >= 3);
        // Listed partners: Beihang, HIT, Nanjing University, and Tsinghua (asserted by OpenAlex on W3, ASPI Civilian).
        Assert.Equal(4, await page.Locator("#network line.edge").CountAsync());
        Assert.Contains("Microsoft Research Asia", await page.TextContentAsync("#network .home"));
        Assert.Contains("Beihang University", await page.TextContentAsync("#network"));
        Assert.Contains("person-reidentification", await page.TextContentAsync("#bars-topics"));
        Assert.Contains("OpenAlex asserts Tsinghua University", await page.ContentAsync());
        // For people reviewing the layout: a full-page picture beside the other temporary files.
        await page.SetViewportSizeAsync(1400, 900);
        await page.ClickAsync("#expand");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "collabscreen-e2e-report.png"), FullPage = true });
    }
}
