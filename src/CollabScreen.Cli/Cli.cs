using System.CommandLine;

namespace CollabScreen.Cli;

/// <summary>Exit codes and the one place where uncaught errors become a message for people.</summary>
public static class Cli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"collabscreen: {error.Message}");
            Console.Error.WriteLine("Run 'collabscreen --help' or 'collabscreen COMMAND --help' for usage.");
            return Usage;
        }
        try
        {
            return parsed.Invoke();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Failure;
        }
    }

    /// <summary>A read report that prints every skipped record and warning to stderr as it happens.</summary>
    public static CollabScreen.Sources.ReadReport StderrReport() => new()
    {
        OnError = e => Console.Error.WriteLine($"error: {e}"),
        OnWarning = w => Console.Error.WriteLine($"warning: {w}"),
    };

    /// <summary>The --format option shared by every command that writes records.</summary>
    public static Option<string> FormatOption(string defaultFormat = "table", params string[] formats)
    {
        var allowed = formats.Length > 0 ? formats : ["table", "jsonl", "csv"];
        var option = new Option<string>("--format", "-f")
        {
            Description = $"Output format: {string.Join("|", allowed)}",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    public static Option<FileInfo?> OutputOption() => new("--output", "-o")
    {
        Description = "Write to FILE instead of standard output",
    };

    /// <summary>Opens --output (or stdout) as a UTF-8 writer; the caller disposes it.</summary>
    public static TextWriter OpenOutput(FileInfo? output)
    {
        if (output is null)
            return new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        output.Directory?.Create();
        return new StreamWriter(output.FullName, false, new System.Text.UTF8Encoding(false), 1 << 16);
    }
}

/// <summary>Bad usage that parsing could not catch (e.g. conflicting options); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
