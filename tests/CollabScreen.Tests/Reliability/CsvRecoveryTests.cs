using CollabScreen.Reference;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Reliability;

/// <summary>
/// Issue #19.6: one stray quote in a watchlist CSV silently dropped the rest of the file (46 of 93 entries kept,
/// exit 0) while the works CSV reader read the same file; #19.12: OFAC's primary file without its companions lost
/// 94% of the aliases without a word.
/// </summary>
public sealed class CsvRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-csv-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Ndaa = SharedData.Path("watchlists/us-ndaa-section-1286.csv");

    [Fact]
    public void A_stray_quote_inside_a_field_costs_no_entry_and_every_csv_input_reads_the_file_alike()
    {
        var clean = OpenSanctionsCsv.Read(Ndaa, "ndaa", null, new ListReadReport()).Entries.Select(e => e.Name).ToHashSet();
        var lines = File.ReadAllLines(Ndaa);
        var row = Array.FindIndex(lines, 40, l => l.StartsWith("Company,", StringComparison.Ordinal) && !l.Contains('"'));
        Assert.True(row > 0);
        lines[row] = lines[row].Replace("Company,", "Company,The \"Institute ", StringComparison.Ordinal); // a stray quote mid-field
        var damaged = Path.Combine(_dir, "ndaa.csv");
        File.WriteAllLines(damaged, lines);

        var report = new ListReadReport();
        var entries = OpenSanctionsCsv.Read(damaged, "ndaa", null, report).Entries;

        // Every entry of the clean file is still there (the edited row may now stand as an entry of its own).
        Assert.Empty(clean.Except(entries.Select(e => e.Name).Append(lines[row].Split(',')[1].Replace("The \"Institute ", ""))));
        Assert.Contains(entries, e => e.Name.StartsWith("The \"Institute ", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("quote", StringComparison.Ordinal));
        // The works CSV reader is the same reader: the same number of data rows.
        var csv = new ReadReport();
        var rows = CollabScreen.Sources.CsvRows.Read(new StringReader(File.ReadAllText(damaged)), damaged, csv).Count() - 1;
        Assert.Equal(rows, CollabScreen.Reference.CsvRows.Read(damaged).Count() - 1);
    }

    [Fact]
    public void A_row_broken_by_a_quote_is_reported_with_file_and_line_and_the_rest_of_the_file_is_kept()
    {
        var lines = File.ReadAllLines(Ndaa).ToList();
        var clean = OpenSanctionsCsv.Read(Ndaa, "ndaa", null, new ListReadReport()).Entries.Count;
        var quoted = lines.FindIndex(40, l => l.Contains(",\"", StringComparison.Ordinal));
        lines[quoted] = lines[quoted].Replace(",\"", ",\"x\"y", StringComparison.Ordinal); // text after a closing quote
        var damaged = Path.Combine(_dir, "ndaa.csv");
        File.WriteAllLines(damaged, lines);

        var report = new ListReadReport();
        var entries = OpenSanctionsCsv.Read(damaged, "ndaa", null, report).Entries;

        var problem = Assert.Single(report.Problems, p => p.Message.Contains("quote", StringComparison.Ordinal));
        Assert.Equal((damaged, quoted + 1L), (problem.File, problem.Line));
        Assert.Contains("closing quote", problem.Message);
        Assert.InRange(entries.Count, clean - 1, clean); // only that row is lost (its institution may have rows of other years)
    }

    [Fact]
    public void Ofac_primary_file_without_its_companions_says_which_files_are_missing()
    {
        var prim = Path.Combine(_dir, "cons_prim.csv");
        File.Copy(SharedData.Path("watchlists/ofac-nonsdn-cons_prim.csv"), prim);
        var report = new ListReadReport();

        var list = OfacNonSdnCsv.Read(prim, "ofac", report);

        Assert.Equal(363, list.Entries.Count);
        Assert.Contains(report.Problems, p => p.Message.StartsWith($"companion file {Path.Combine(_dir, "cons_alt.csv")} not found", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Message.StartsWith($"companion file {Path.Combine(_dir, "cons_add.csv")} not found", StringComparison.Ordinal));
    }
}

/// <summary>Issue #19.13 and a defect the corruption suite found: a WoS file joining two exports stopped at the first EF (500 of 950 read).</summary>
public sealed class WosRecordEndTests
{
    [Fact]
    public void A_file_joining_two_exports_is_read_past_the_first_EF()
    {
        var report = new ReadReport();
        var works = WorkFiles.Read([SharedData.Path("exports/wos-hydrogen-steel.txt")], report).ToList();
        Assert.Equal(950, works.Count); // the README's count; 500 before
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void A_record_without_ER_is_reported_and_neither_it_nor_the_next_is_lost()
    {
        var text = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Li, X\nTI First\nPY 2020\nUT WOS:000500000000001\n\n" +
                   "PT J\nAU Wang, W\nTI Second\nPY 2021\nUT WOS:000500000000002\nER\nEF\n";
        var warnings = new List<ReadError>();
        var report = new ReadReport { OnWarning = warnings.Add };
        var works = WosExport.ReadTagged(new StringReader(text), "x.txt", report).ToList();
        Assert.Equal(["First", "Second"], works.Select(w => w.Title));
        Assert.Equal(2021, works[1].Year);
        var w = Assert.Single(warnings);
        Assert.Equal(3, w.Line);
        Assert.Contains("no ER line", w.Reason);
    }
}
