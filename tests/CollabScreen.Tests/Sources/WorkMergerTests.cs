using System.Text;
using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Reporting;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Sources;

/// <summary>One paper, one finding: records of one paper merged across inputs and formats; printed == stored.</summary>
public class WorkMergerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-merge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the engine on the files with a JSONL writer and a store; returns the printed lines and the stored rows.</summary>
    private async Task<(ScreeningOutcome Outcome, List<string> Printed, List<StoredFinding> Stored, List<string> Log)> Screen(bool all, params string[] files)
    {
        using var store = FindingStore.Open(Path.Combine(_dir, $"runs-{Guid.NewGuid():N}.db"));
        var text = new StringWriter();
        var storeSink = new StoreSink(store);
        var log = new List<string>();
        var request = new ScreeningRequest { Source = new FileSource(files), All = all, Threads = 2 };
        var outcome = await new ScreeningEngine(log.Add).RunAsync(request, [new WriterSink(new JsonlFindingWriter(text)), storeSink]);
        var printed = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return (outcome, printed, store.FindingsOf(storeSink.Run!.Id).ToList(), log);
    }

    [Fact]
    public async Task The_same_file_given_twice_gives_the_same_findings_as_once_and_the_store_holds_what_was_printed()
    {
        var file = SharedData.Path("exports/wos-bci-3.txt");
        var once = await Screen(all: true, file);
        var twice = await Screen(all: true, file, file);
        Assert.True(once.Printed.Count > 400, $"the export has {once.Printed.Count} works");
        Assert.Equal(once.Printed.Count, twice.Printed.Count);
        Assert.Equal(2 * once.Outcome.Report.Read, twice.Outcome.Report.Read); // every record read, each paper screened once
        Assert.Equal(once.Outcome.Report.Read + once.Outcome.Report.Merged, twice.Outcome.Report.Merged);
        Assert.Equal(twice.Printed.Count, twice.Stored.Count);
        Assert.Equal(twice.Printed.Select(WorkOf).Order(), twice.Stored.Select(s => s.WorkId).Order());
        // Each finding names the repeat's origin; the file is the same, so it is a warning naming both places.
        var first = JsonDocument.Parse(twice.Printed[0]).RootElement;
        var merged = Assert.Single(first.GetProperty("merged_from").EnumerateArray());
        Assert.Equal(first.GetProperty("work").GetString(), merged.GetProperty("work").GetString());
        Assert.Contains(twice.Log, l => l.Contains("repeats") && l.Contains(first.GetProperty("origin").GetString()!));
        // The export itself repeats some records (its merges are warnings too): once or twice, each paper is one finding.
        Assert.Equal(once.Printed.Count, once.Printed.Select(WorkOf).Distinct().Count());
    }

    private static string WorkOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("work").GetString()!;

    /// <summary>The raw lines of the first record of a real WoS export whose C1 names NUDT (a listed institution: it is flagged).</summary>
    private static List<string> NudtRecord()
    {
        var lines = File.ReadAllLines(SharedData.Path("exports/wos-bci-2.txt"));
        var record = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("PT ", StringComparison.Ordinal)) record = [];
            record.Add(line);
            if (line == "ER")
            {
                var text = string.Join("\n", record);
                if (text.Contains("Natl Univ Def Technol") && text.Contains("\nDI ") && text.Contains("\nPY ")) return record;
            }
        }
        throw new InvalidOperationException("no NUDT record with a DOI in wos-bci-2.txt");
    }

    /// <summary>Tag → values of a tagged record (continuation lines are further values of the tag).</summary>
    private static List<(string Tag, List<string> Values)> Fields(List<string> record)
    {
        var fields = new List<(string, List<string>)>();
        foreach (var line in record.Where(l => l != "ER"))
        {
            if (line.Length > 2 && line[..2] != "  ") fields.Add((line[..2], [line[3..].Trim()]));
            else if (fields.Count > 0) fields[^1].Item2.Add(line.Trim());
        }
        return fields;
    }

    [Fact]
    public async Task One_record_in_WoS_plain_WoS_tab_delimited_and_OpenAlex_is_one_finding_with_three_origins()
    {
        var record = NudtRecord();
        var plain = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(plain, "FN Clarivate Analytics Web of Science\nVR 1.0\n" + string.Join("\n", record) + "\n\nEF\n");

        // Tab-delimited: one header of tags, one row; multi-valued tags joined as WoS joins them there.
        var fields = Fields(record);
        var tab = Path.Combine(_dir, "tab.txt");
        File.WriteAllText(tab, string.Join("\t", fields.Select(f => f.Tag)) + "\n" + string.Join("\t", fields.Select(f =>
            f.Tag is "AU" or "AF" or "C1" or "CR" or "BA" or "BF" ? string.Join("; ", f.Values) : string.Join(" ", f.Values))) + "\n", new UTF8Encoding(false));

        // OpenAlex: the same paper as OpenAlex would give it (its own id, "Given Family" names, the printed strings).
        var parsed = WosExport.ReadTagged(new StreamReader(plain), plain, new ReadReport()).Single();
        var openAlex = Path.Combine(_dir, "openalex.jsonl");
        var json = new Dictionary<string, object?>
        {
            ["id"] = "https://openalex.org/W9000000001",
            ["doi"] = parsed.Doi!.ToUpperInvariant().Replace("HTTPS://DOI.ORG/", "https://doi.org/"),
            ["title"] = parsed.Title, ["publication_year"] = parsed.Year, ["type"] = "article",
            ["authorships"] = parsed.Authorships.Select((a, i) => new Dictionary<string, object?>
            {
                ["author_position"] = a.Position,
                ["author"] = new Dictionary<string, object?> { ["id"] = $"https://openalex.org/A900000000{i}", ["display_name"] = GivenFamily(a.AuthorName!) },
                ["institutions"] = Array.Empty<object>(),
                ["raw_affiliation_strings"] = a.RawAffiliations,
            }).ToList(),
        };
        File.WriteAllText(openAlex, JsonSerializer.Serialize(json) + "\n");

        var (outcome, printed, stored, _) = await Screen(all: false, plain, tab, openAlex);
        Assert.Equal(3, outcome.Report.Read);
        Assert.Equal(2, outcome.Report.Merged);
        var finding = JsonDocument.Parse(Assert.Single(printed)).RootElement;
        Assert.NotEqual("none", finding.GetProperty("severity").GetString());
        Assert.Equal(parsed.Id, finding.GetProperty("work").GetString());
        var origins = new[] { finding.GetProperty("origin").GetString()! }
            .Concat(finding.GetProperty("merged_from").EnumerateArray().Select(m => m.GetProperty("origin").GetString()!)).ToList();
        Assert.Equal(3, origins.Count);
        Assert.Equal([plain, tab, openAlex], origins.Select(o => o[..o.LastIndexOf(':')]));
        Assert.Contains("https://openalex.org/W9000000001", finding.GetProperty("merged_from").EnumerateArray().Select(m => m.GetProperty("work").GetString()));
        // The authors are paired across the records, not repeated: one evidence row per author and institution.
        var nudt = finding.GetProperty("institutions").EnumerateArray()
            .Where(i => i.GetProperty("name").GetString()!.Contains("Defense Technology") || i.GetProperty("name").GetString()!.Contains("Defence Technology")).ToList();
        Assert.NotEmpty(nudt);
        Assert.Equal(nudt.Count, nudt.Select(i => i.GetProperty("author").GetString()).Distinct().Count());
        var one = Assert.Single(stored);
        Assert.Equal(printed[0], one.Json);
    }

    private static string GivenFamily(string wosName) =>
        wosName.IndexOf(',') is var c and > 0 ? $"{wosName[(c + 1)..].Trim()} {wosName[..c].Trim()}" : wosName;

    [Theory]
    [InlineData("Zhang, Wei", "zhang")]
    [InlineData("Wei Zhang", "zhang")]
    [InlineData("Zhang W.", "zhang")]
    [InlineData("de Chazal, P", "dechazal")]
    [InlineData("Müller, Jörg", "muller")]
    public void Family_names_agree_across_the_forms_sources_print(string name, string family) =>
        Assert.Equal(family, WorkMerger.FamilyName(name));

    [Fact]
    public void Different_papers_with_a_short_shared_title_are_not_merged()
    {
        Work W(string id, string author) => new(id, null, "Editorial", null, 2020, null, null, null,
            [new Authorship(author, null, null, "first", [], [])], [], [], new Origin("x", 1));
        var works = WorkMerger.MergeAll([W("a", "Smith, J"), W("b", "Smith, J")], new ReadReport());
        Assert.Equal(2, works.Count);
    }
}
