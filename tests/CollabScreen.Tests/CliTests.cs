namespace CollabScreen.Tests;

public class CliTests
{
    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("no-such-command");
        Assert.Equal(2, code);
        Assert.Contains("no-such-command", err);
    }

    [Fact]
    public void Help_lists_every_command_on_one_line_each()
    {
        var (code, stdout, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage: collabscreen COMMAND", stdout);
        foreach (var command in new[] { "works", "classify", "resolve", "lists", "runs", "diff", "report" })
            Assert.Matches($@"(?m)^  {command}\s+\S", stdout);
    }

    [Fact]
    public void Every_command_has_help_with_an_example()
    {
        var (_, overview, _) = CliRunner.Run("--help");
        var commands = overview.Split('\n').SkipWhile(l => !l.StartsWith("Commands:")).Skip(1)
            .TakeWhile(l => l.StartsWith("  ")).Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var (code, help, _) = CliRunner.Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("collabscreen " + command, help);
            Assert.Contains("xample", help);
        }
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (code, stdout, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        // In-process the entry assembly is the test host, so only the shape is checked here.
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }
}
