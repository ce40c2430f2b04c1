using System.Diagnostics;
using CollabScreen.Sources;
using CollabScreen.Tests.Matching;

namespace CollabScreen.Tests.Reliability;

/// <summary>
/// Issues #19.3 and #19.15: resolver time grew with the square of a string's length (1 MB: over 100 s, a hung screen),
/// and one huge field multiplied memory. Strings are cut at a documented limit, with a warning naming the record.
/// </summary>
[Collection("Registry")]
public sealed class LongStringTests(RegistryFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-long-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A real affiliation string from the shared sample (NUDT, Changsha), repeated as a publisher's glued author list would be.
    private static readonly string Real = FirstNudtString();

    private static string FirstNudtString() =>
        WorkFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], new ReadReport())
            .SelectMany(w => w.Authorships).SelectMany(a => a.RawAffiliations)
            .First(r => r.Contains("National University of Defense Technology", StringComparison.Ordinal));

    private static string Repeated(int length)
    {
        var text = new System.Text.StringBuilder();
        while (text.Length < length) text.Append(Real).Append("; ");
        return text.ToString(0, length);
    }

    [Fact]
    public void A_megabyte_affiliation_resolves_in_bounded_time_as_its_first_4096_characters()
    {
        var huge = Repeated(1 << 20);
        var clock = Stopwatch.StartNew();
        var matches = fixture.Resolver.Resolve(huge);
        clock.Stop();

        // A hang guard, not a speed test: before the fix a 1 MB string took over 100 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"1 MB string took {clock.Elapsed.TotalSeconds:0.0} s");
        var cut = RecordLimits.CutAt(huge, RecordLimits.Affiliation);
        Assert.True(cut.Length <= RecordLimits.Affiliation && cut.Length > RecordLimits.Affiliation * 3 / 4);
        Assert.Equal(fixture.Resolver.Resolve(cut).Select(m => m.Ror), matches.Select(m => m.Ror));
        Assert.Contains(matches, m => m.Ror.EndsWith("05d2yfz11", StringComparison.Ordinal)); // NUDT still found
    }

    [Fact]
    public void An_over_long_field_in_a_works_file_is_cut_with_a_warning_naming_file_line_and_field()
    {
        var lines = InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 5);
        var at = lines.FindIndex(l => System.Text.Encoding.UTF8.GetString(l).Contains("\"raw_affiliation_string\": \"", StringComparison.Ordinal));
        var line = System.Text.Encoding.UTF8.GetString(lines[at]);
        var first = line.IndexOf("\"raw_affiliation_string\": \"", StringComparison.Ordinal) + "\"raw_affiliation_string\": \"".Length;
        Assert.True(first > 30);
        line = line[..first] + Repeated(200_000).Replace("\"", "") + line[first..];
        lines[at] = System.Text.Encoding.UTF8.GetBytes(line);
        var path = Path.Combine(_dir, "works.jsonl");
        File.WriteAllBytes(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
        var warnings = new List<ReadError>();

        var works = WorkFiles.Read([path], new ReadReport { OnWarning = warnings.Add }).ToList();

        Assert.Equal(5, works.Count);
        var warning = Assert.Single(warnings);
        Assert.Equal((path, at + 1L), (warning.Source, warning.Line));
        Assert.Matches(@"^field 'authorships\[\d+\]\.raw_affiliations': 2\d\d,\d\d\d characters, over the limit of 4,096", warning.Reason);
        Assert.All(works.SelectMany(w => w.Authorships).SelectMany(a => a.RawAffiliations), r => Assert.True(r.Length <= RecordLimits.Affiliation));
    }
}
