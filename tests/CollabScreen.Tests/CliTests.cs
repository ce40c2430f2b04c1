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
}
