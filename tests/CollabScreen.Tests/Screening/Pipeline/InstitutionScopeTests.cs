using System.IO.Compression;
using System.Text.Json;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Screening.Pipeline;

/// <summary>--institution with --input scopes the run to works with an author there; counts checked against the JSON itself.</summary>
public class InstitutionScopeTests
{
    private static readonly string Sample = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    /// <summary>Works of the sample with at least one authorship institution of this OpenAlex id, read straight from the JSON.</summary>
    private static HashSet<string> WorksWithInstitution(string openAlexId)
    {
        var works = new HashSet<string>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Sample), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var w = doc.RootElement;
            if (w.GetProperty("authorships").EnumerateArray().Any(a => a.TryGetProperty("institutions", out var ins)
                    && ins.EnumerateArray().Any(i => i.TryGetProperty("id", out var id) && id.GetString() == openAlexId)))
                works.Add(w.GetProperty("id").GetString()!);
        }
        return works;
    }

    private sealed class Collect : FindingSink
    {
        public List<ScreenedWork> Items { get; } = [];
        public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken cancel) { Items.Add(item); return default; }
    }

    private static async Task<(ScreeningOutcome Outcome, Collect Seen)> Screen(string institution, WorkScope scope = WorkScope.Institution)
    {
        var seen = new Collect();
        var request = new ScreeningRequest { Source = new FileSource([Sample]), Institution = institution, Scope = scope, All = true, Threads = 2 };
        return (await new ScreeningEngine().RunAsync(request, [seen]), seen);
    }

    [Theory]
    [InlineData("https://openalex.org/I136199984", "Harvard University")]
    [InlineData("I19820366", "Chinese Academy of Sciences")]
    [InlineData("I27837315", "University of Michigan")]
    public async Task Only_works_with_an_author_at_the_institution_are_screened(string institution, string name)
    {
        var expected = WorksWithInstitution("https://openalex.org/" + RorId.Bare(institution)!.ToUpperInvariant());
        Assert.True(expected.Count >= 10, $"{name}: {expected.Count} works in the sample");
        var (outcome, seen) = await Screen(institution);
        Assert.Equal(expected.Order(), seen.Items.Select(i => i.Finding.Work).Order());
        Assert.Equal(1000 - expected.Count, outcome.Run.OutOfScope);
        Assert.Equal(expected.Count, outcome.Run.BySeverity.Values.Sum()); // the tally counts in-scope works only
        Assert.StartsWith($"{expected.Count:N0} of 1,000 input works have an author at {institution}", outcome.Run.ScopeLine);
        // The network and summaries are built from the in-scope works only.
        var partners = seen.Items.Where(i => i.Finding.Flagged).SelectMany(i => i.Finding.Institutions).Select(i => i.Ror ?? i.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var aggregates = new CollabScreen.Screening.CollaborationSummary(institution);
        foreach (var i in seen.Items) aggregates.Add(i.Finding);
        Assert.All(aggregates.Partners(), p => Assert.Contains(p.Key, partners));
    }

    [Fact]
    public async Task Scope_all_keeps_every_work_and_says_so()
    {
        var harvard = WorksWithInstitution("https://openalex.org/I136199984");
        var (outcome, seen) = await Screen("I136199984", WorkScope.All);
        Assert.Equal(1000, seen.Items.Count);
        Assert.Equal(0, outcome.Run.OutOfScope);
        Assert.Equal($"all 1,000 input works screened (--scope all); {harvard.Count:N0} have an author at I136199984", outcome.Run.ScopeLine);
    }

    [Fact]
    public async Task A_listed_institution_by_name_scopes_by_the_lists_and_an_unknown_one_stops_with_the_nearest_names()
    {
        // NUDT is on the bundled lists, so it is known by name without a registry; its ROR id is what the source asserts.
        var (outcome, seen) = await Screen("National University of Defense Technology");
        Assert.NotEmpty(seen.Items);
        Assert.All(seen.Items, i => Assert.Contains(i.Finding.Institutions, e => e.Name.Contains("Defense Technology", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(1000 - seen.Items.Count, outcome.Run.OutOfScope);

        var e = await Assert.ThrowsAsync<ScreeningRequestException>(() => Screen("Hogwarts School"));
        Assert.Contains("neither the registry nor the lists know", e.Message);
        Assert.Contains("nearest names:", e.Message);
    }

    [Fact]
    public void The_cli_exits_2_for_an_unknown_institution()
    {
        var (code, _, err) = CliRunner.Run("screen", "--input", Sample, "--no-db", "--no-progress", "--institution", "Hogwarts School of Witchcraft");
        Assert.Equal(2, code);
        Assert.Contains("nearest names", err);
    }
}
