using System.Diagnostics;

namespace CollabScreen.Tests;

/// <summary>
/// The CLI as a new user meets it: a mistyped option, options the docs and error messages offer, and wrong inputs
/// that used to pass as "0 works" or "0 ROR records". Each says what is wrong and how to fix it, with exit 1 or 2.
/// </summary>
[Collection("Console")]
public class CliInputErrorsTests
{
    private static readonly string Sample = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    [Fact]
    public void A_mistyped_option_is_named_with_the_option_meant()
    {
        var (code, _, err) = CliRunner.Run("screen", "--input", Sample, "--instituton", "Harvard", "--no-db");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --instituton (did you mean --institution?)", err);
        Assert.DoesNotContain("input not found", err);
        (code, _, err) = CliRunner.Run("works", "--input", Sample, "--formt", "jsonl");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --formt (did you mean --format?)", err);
    }

    [Fact]
    public void Screen_accepts_max_with_input()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("collabscreen-max-").FullName, "findings.jsonl");
        var (code, _, err) = CliRunner.Run("screen", "--input", Sample, "--max", "7", "--all", "--format", "jsonl", "--output", output, "--no-db", "--no-progress");
        Assert.True(code == 0, err);
        Assert.Equal(7, File.ReadLines(output).Count());
        Assert.Contains("read 7 works", err);
    }

    [Fact]
    public void Screen_accepts_the_csv_column_options_its_error_offers()
    {
        var csv = SharedData.Path("dataset-harms/dukemtmc_all.csv");
        var (code, _, err) = CliRunner.Run("screen", "--input", csv, "--max", "3", "--no-db", "--no-progress", "--format", "jsonl", "--all");
        Assert.NotEqual(0, code);
        Assert.Contains("--id-column", err); // the file has paperId, not id: the error says which option names it
        var output = Path.Combine(Directory.CreateTempSubdirectory("collabscreen-csv-").FullName, "findings.jsonl");
        (code, _, err) = CliRunner.Run("screen", "--input", csv, "--id-column", "paperId", "--max", "3", "--all", "--format", "jsonl", "--output", output, "--no-db", "--no-progress");
        Assert.True(code == 0, err);
        var first = File.ReadLines(output).First();
        Assert.Contains("\"work\": \"001973a77bf8fa82314de667af5b041d856b0069\"", first.Replace("\":\"", "\": \""));
    }

    [Fact]
    public void An_empty_directory_is_refused()
    {
        var empty = Directory.CreateTempSubdirectory("collabscreen-empty-").FullName;
        var (code, _, err) = CliRunner.Run("screen", "--input", empty, "--no-db", "--no-progress");
        Assert.Equal(2, code);
        Assert.Contains($"input {empty}: no works files in this directory", err);
    }

    [Fact]
    public void The_dataset_registry_given_as_works_is_refused()
    {
        var datasets = Path.Combine(SharedData.RepoRoot, "data", "datasets", "datasets.jsonl");
        var (code, _, err) = CliRunner.Run("screen", "--input", datasets, "--no-db", "--no-progress", "--all", "--format", "jsonl");
        Assert.Equal(1, code);
        Assert.Contains("not a works file (it looks like the dataset registry", err);
        Assert.Contains("read 0 works", err);
    }

    [Fact]
    public void A_works_file_given_as_registry_is_refused_with_the_fix()
    {
        var (code, _, err) = CliRunner.Run("screen", "--input", Sample, "--registry", Sample, "--no-db", "--no-progress");
        Assert.Equal(2, code);
        Assert.Contains("no usable ROR record", err);
        Assert.Contains("is it a works file?", err);
        Assert.Contains("ror-records.jsonl.gz", err);
    }

    [Fact]
    public void Bench_topics_with_a_wrong_data_directory_says_what_is_missing()
    {
        var wrong = Directory.CreateTempSubdirectory("collabscreen-nodata-").FullName;
        var (code, _, err) = CliRunner.Bench("topics", "--data", wrong);
        Assert.Equal(2, code);
        Assert.Contains("not the shared data directory (missing dataset-harms/msceleb1m_all.csv", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public void Api_options_without_openalex_are_named_in_good_grammar()
    {
        var (code, _, err) = CliRunner.Run("works", "--input", Sample, "--from", "2020-01-01");
        Assert.Equal(2, code);
        Assert.Contains("--from only works with --openalex", err);
        (code, _, err) = CliRunner.Run("works", "--input", Sample, "--from", "2020-01-01", "--to", "2021-01-01");
        Assert.Contains("--from, --to only work with --openalex", err);
    }

    [Fact]
    public void The_wrapper_rebuilds_for_a_source_change_but_not_for_what_a_test_build_writes_under_obj()
    {
        var root = SharedData.RepoRoot;
        var dir = Directory.CreateTempSubdirectory("collabscreen-wrapper-").FullName;
        var stamp = Path.Combine(dir, ".stamp");
        File.WriteAllText(stamp, "");
        // A stamp in the future: nothing in the checkout is newer, only the probes below (further in the future).
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddMinutes(10));
        // The wrapper's own change test, run as it is written in ./collabscreen.
        string Changed()
        {
            var script = $"here='{root}'; stamp='{stamp}'; source <(sed -n '/^changed()/,/^}}/p' '{Path.Combine(root, "collabscreen")}'); changed";
            var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output.Trim();
        }
        Assert.Equal("", Changed());
        // What `dotnet build` of the tests leaves: generated sources under obj/. Not a reason to rebuild.
        var generated = Path.Combine(root, "src", "CollabScreen", "obj", "wrapper-probe.g.cs");
        var source = Path.Combine(root, "src", "CollabScreen", "WrapperProbe.cs");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(generated)!);
            File.WriteAllText(generated, "// generated");
            File.SetLastWriteTimeUtc(generated, DateTime.UtcNow.AddMinutes(20));
            Assert.Equal("", Changed());
            // A real source change is.
            File.WriteAllText(source, "// edited");
            File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(20));
            Assert.EndsWith("WrapperProbe.cs", Changed());
        }
        finally { File.Delete(generated); File.Delete(source); }
    }
}
