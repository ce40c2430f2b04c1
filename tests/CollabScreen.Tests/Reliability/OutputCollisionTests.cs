using CollabScreen.Reporting;

namespace CollabScreen.Tests.Reliability;

/// <summary>Issue #19.2: `--output` equal to an input or to the database replaced it (a 4.1 GB store by 104 KB of JSONL).</summary>
[Collection("Console")]
public sealed class OutputCollisionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-out-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Works(int n = 20)
    {
        var path = Path.Combine(_dir, "works.jsonl");
        File.WriteAllBytes(path, InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), n).SelectMany(l => l.Append((byte)'\n')).ToArray());
        return path;
    }

    [Theory]
    [InlineData("screen")]
    [InlineData("works")]
    [InlineData("classify")]
    public void Output_equal_to_an_input_is_refused_with_exit_2_and_the_input_is_untouched(string command)
    {
        var input = Works();
        var before = File.ReadAllBytes(input);
        string[] args = command == "screen" ? ["screen", "--input", input, "--no-db", "--output", input] : [command, "--input", input, "--output", input];

        var run = CliRunner.Run(args);

        Assert.Equal(2, run.Code);
        Assert.Contains($"--output {input} is the same file as --input {input}", run.Err);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Output_equal_to_the_database_or_a_link_to_an_input_is_refused()
    {
        var input = Works();
        var db = Path.Combine(_dir, "runs.sqlite");
        Assert.Equal(0, CliRunner.Run("screen", "--input", input, "--db", db, "--format", "jsonl", "--output", Path.Combine(_dir, "first.jsonl")).Code);
        var stored = File.ReadAllBytes(db);

        var intoDb = CliRunner.Run("screen", "--input", input, "--db", db, "--format", "jsonl", "--output", db);
        Assert.Equal(2, intoDb.Code);
        Assert.Contains($"--output {db} is the same file as --db {db}", intoDb.Err);
        Assert.Equal(stored, File.ReadAllBytes(db));

        var link = Path.Combine(_dir, "link.jsonl");
        File.CreateSymbolicLink(link, input);
        var viaLink = CliRunner.Run("works", "--input", input, "--output", link);
        Assert.Equal(2, viaLink.Code);
        Assert.Contains($"--output {link} is the same file as --input {input}", viaLink.Err);

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, input);
        Assert.Equal(2, CliRunner.Run("works", "--input", input, "-o", relative).Code);
    }

    [Fact]
    public void An_output_replaces_its_target_only_on_success_and_leaves_no_temporary_file()
    {
        var target = Path.Combine(_dir, "report.jsonl");
        File.WriteAllText(target, "old\n");
        using (var writer = new StreamWriter(OutputFiles.Create(target)))
        {
            writer.Write("half a report");
            writer.Flush();
            Assert.Equal("old\n", File.ReadAllText(target)); // nothing replaced while writing
            OutputFiles.AbandonOpen(); // what the CLI's exception filter does when the command throws
        }
        Assert.Equal("old\n", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(_dir));

        var input = Works(5);
        Assert.Equal(0, CliRunner.Run("works", "--input", input, "--format", "jsonl", "--output", target).Code);
        Assert.Equal(5, File.ReadLines(target).Count());
        Assert.Equal(2, Directory.GetFiles(_dir).Length); // works.jsonl and report.jsonl, no .tmp left
    }
}
