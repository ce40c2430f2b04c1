using System.Text;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Reliability;

/// <summary>Issue #19.7: no CSV output neutralised a cell starting with =, +, -, @, tab or CR (0 of 28).</summary>
[Collection("Console")]
public sealed class CsvInjectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-inject-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Payloads = ["=HYPERLINK(\"http://example.org\",\"x\")", "+SUM(1,1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"];

    /// <summary>Real works whose titles open with a formula payload (one payload per work).</summary>
    private string Works()
    {
        var lines = InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), Payloads.Length);
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var json = Encoding.UTF8.GetString(lines[i]);
            var escaped = System.Text.Json.JsonSerializer.Serialize(Payloads[i])[1..^1];
            Assert.Contains("\"title\": \"", json);
            text.Append(json.Replace("\"title\": \"", "\"title\": \"" + escaped, StringComparison.Ordinal)).Append('\n');
        }
        var path = Path.Combine(_dir, "works.jsonl");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static List<string> Cells(string csv) =>
        CollabScreen.Sources.CsvRows.Read(new StringReader(csv), "out.csv", new ReadReport()).SelectMany(r => r.Fields).ToList();

    private static void AssertNeutralised(string csv)
    {
        var cells = Cells(csv);
        Assert.All(cells, c => Assert.False(CollabScreen.Csv.LooksLikeFormula(c), $"cell runs as a formula: {c}"));
        foreach (var p in Payloads) Assert.Contains(cells, c => c.StartsWith("'" + p[..3], StringComparison.Ordinal));
    }

    [Fact]
    public void Every_csv_output_neutralises_formula_cells_by_default_and_keep_turns_it_off()
    {
        var input = Works();
        var db = Path.Combine(_dir, "runs.sqlite");

        var works = CliRunner.Run("works", "--input", input, "--format", "csv");
        Assert.Equal(0, works.Code);
        AssertNeutralised(works.Out);

        var classify = CliRunner.Run("classify", "--input", input, "--format", "csv");
        AssertNeutralised(classify.Out);

        var screen = CliRunner.Run("screen", "--input", input, "--format", "csv", "--all", "--db", db);
        Assert.Equal(0, screen.Code);
        AssertNeutralised(screen.Out);

        var show = CliRunner.Run("runs", "show", "1", "--db", db, "--format", "csv");
        Assert.Equal(0, show.Code);
        AssertNeutralised(show.Out);

        var raw = CliRunner.Run("works", "--input", input, "--format", "csv", "--csv-formulas", "keep");
        Assert.Contains(Cells(raw.Out), c => c.StartsWith("=HYPERLINK", StringComparison.Ordinal));
        Assert.True(CollabScreen.Csv.NeutraliseFormulas); // per run: the default again afterwards
    }

    [Theory]
    [InlineData("-0.25", "-0.25")]
    [InlineData("+3", "+3")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("a=b", "a=b")]
    [InlineData("@x, y", "\"'@x, y\"")]
    public void Numbers_stay_numbers_and_only_a_leading_formula_character_counts(string value, string written) =>
        Assert.Equal(written, CollabScreen.Csv.Field(value));
}
