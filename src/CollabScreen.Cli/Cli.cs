using System.CommandLine;

namespace CollabScreen.Cli;

/// <summary>Exit codes and the one place where uncaught errors become a message for people.</summary>
public static class Cli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    public static int Run(Command root, string[] args)
    {
        var parsed = root.Parse(args);
        // --help wins over missing arguments: `collabscreen diff --help` shows help, not an error.
        var helpRequested = parsed.Action is Overview or System.CommandLine.Help.HelpAction;
        if (!helpRequested && UnknownOption(parsed, args) is { } unknown)
        {
            Console.Error.WriteLine($"collabscreen: {unknown}");
            Console.Error.WriteLine($"Run 'collabscreen {parsed.CommandResult.Command.Name} --help' for its options.");
            return Usage;
        }
        if (parsed.Errors.Count > 0 && !helpRequested)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"collabscreen: {error.Message}");
            Console.Error.WriteLine("Run 'collabscreen --help' or 'collabscreen COMMAND --help' for usage.");
            return Usage;
        }
        CollabScreen.Csv.NeutraliseFormulas = parsed.GetValue(CsvFormulasOption) != "keep";
        try
        {
            // Before anything is opened: an output that is an input or the database would destroy it.
            CollabScreen.Reporting.OutputFiles.RefuseOverwrite(OutputPaths(parsed), ReadPaths(parsed));
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        // A filter runs before the stack unwinds: outputs still open are dropped, not renamed over their targets.
        catch (Exception) when (CollabScreen.Reporting.OutputFiles.AbandonOpen()) { throw; }
        catch (CollabScreen.Reporting.OutputCollisionException e)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is UsageException or CollabScreen.Screening.Pipeline.ScreeningRequestException)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Usage;
        }
        catch (CollabScreen.Storage.StorageException e)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}{StoreAdvice(e.Problem)}");
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Failure;
        }
        finally { CollabScreen.Csv.NeutraliseFormulas = true; } // the default again for the next in-process run
    }

    /// <summary>Global: `--csv-formulas keep` writes CSV cells that start with =, +, -, @ as they are (default: neutralise with a leading ').</summary>
    public static readonly Option<string> CsvFormulasOption = CreateCsvFormulas();

    private static Option<string> CreateCsvFormulas()
    {
        var option = new Option<string>("--csv-formulas")
        {
            Recursive = true,
            Description = "CSV cells starting with =, +, -, @, tab or CR: 'neutralise' prefixes ' so spreadsheets show them as text (default), 'keep' writes them unchanged",
            DefaultValueFactory = _ => "neutralise",
        };
        option.AcceptOnlyFromAmong("neutralise", "keep");
        return option;
    }

    private static readonly string[] WrittenOptions = ["--output", "--pdf"];

    private static IEnumerable<(string, string)> OutputPaths(ParseResult parsed) =>
        parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
            .Where(o => WrittenOptions.Contains(o.Option.Name))
            .SelectMany(o => o.Tokens.Select(t => (o.Option.Name, t.Value)));

    /// <summary>Every other option or argument value that names an existing file, plus the run database the command would use.</summary>
    private static IEnumerable<(string, string)> ReadPaths(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        foreach (var child in command.Children)
        {
            var (name, tokens) = child switch
            {
                System.CommandLine.Parsing.OptionResult o when !WrittenOptions.Contains(o.Option.Name) => (o.Option.Name, o.Tokens),
                System.CommandLine.Parsing.ArgumentResult a => (a.Argument.Name, a.Tokens),
                _ => ("", (IReadOnlyList<System.CommandLine.Parsing.Token>)[]),
            };
            foreach (var t in tokens)
                if (File.Exists(t.Value)) yield return (name, t.Value);
        }
        var usesDb = command.Command.Options.Any(o => o.Name == "--db");
        var dbGiven = command.Children.OfType<System.CommandLine.Parsing.OptionResult>().Any(o => o.Option.Name == "--db" && o.Tokens.Count > 0);
        if (usesDb && !dbGiven) yield return ("the default database", CollabScreen.Storage.StoreLocation.DefaultSqlitePath);
    }

    /// <summary>The store's messages name no flags; this says which one to change.</summary>
    internal static string StoreAdvice(CollabScreen.Storage.StorageProblem problem) => problem switch
    {
        CollabScreen.Storage.StorageProblem.Location => "; fix --db",
        CollabScreen.Storage.StorageProblem.Missing => "; `collabscreen screen` creates it, or choose one with --db",
        CollabScreen.Storage.StorageProblem.NotAStore => "; choose another --db",
        CollabScreen.Storage.StorageProblem.Unreachable => "; check --db",
        CollabScreen.Storage.StorageProblem.Run => " (see `collabscreen runs`)",
        _ => "",
    };

    /// <summary>
    /// An argument that looks like an option (--name) but is none of the command's: without this, a mistyped option
    /// after --input is taken as one more input path ("input not found: --instituton"). Says the nearest real option.
    /// </summary>
    public static string? UnknownOption(ParseResult parsed, string[] args)
    {
        var names = new List<string>();
        for (var c = parsed.CommandResult.Command as Command; c is not null; c = null)
            foreach (var o in c.Options) { names.Add(o.Name); names.AddRange(o.Aliases); }
        foreach (var o in parsed.RootCommandResult.Command.Options) { names.Add(o.Name); names.AddRange(o.Aliases); }
        foreach (var arg in args)
        {
            if (arg == "--") break;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3) continue;
            var name = arg.Split('=', 2)[0];
            if (names.Contains(name)) continue;
            var best = names.Where(n => n.StartsWith("--", StringComparison.Ordinal))
                .Select(n => (n, d: Distance(name, n))).OrderBy(x => x.d).ThenBy(x => x.n, StringComparer.Ordinal).FirstOrDefault();
            return best.n is not null && best.d <= Math.Max(2, name.Length / 4)
                ? $"unknown option {name} (did you mean {best.n}?)"
                : $"unknown option {name}";
        }
        return null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
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

    /// <summary>The --input option of every command that reads works (see WorkFiles for the formats).</summary>
    public static Option<string[]> InputOption() => new("--input", "-i")
    {
        HelpName = "PATH",
        Description = "Works to read: OpenAlex files (.jsonl, .jsonl.gz, .json API page or array) or snapshot directories, " +
            "Web of Science exports (plain text or tab-delimited), Scopus CSV exports, or CSV files of works (id, title, abstract)",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<FileInfo?> OutputOption() => new("--output", "-o")
    {
        Description = "Write to FILE instead of standard output",
    };

    /// <summary>Opens --output (or stdout) as a UTF-8 writer; the caller disposes it.</summary>
    public static TextWriter OpenOutput(FileInfo? output)
    {
        if (output is null) return new ChunkedWriter(Console.Out);
        return new StreamWriter(CollabScreen.Reporting.OutputFiles.Create(output.FullName), new System.Text.UTF8Encoding(false), 1 << 16);
    }
}

/// <summary>
/// Buffers writes to standard output and passes them on in 64 KB chunks: Console.Out flushes on every write,
/// which costs a system call per line. Disposing flushes but leaves Console.Out open.
/// </summary>
internal sealed class ChunkedWriter(TextWriter inner) : TextWriter
{
    private readonly char[] _buffer = new char[1 << 16];
    private int _used;

    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (_used == _buffer.Length) Flush();
        _buffer[_used++] = value;
    }

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            if (_used == _buffer.Length) Flush();
            var n = Math.Min(chars.Length, _buffer.Length - _used);
            chars[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            chars = chars[n..];
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));
    public override void Write(string? value) => Write(value.AsSpan());

    public override void Flush()
    {
        if (_used > 0) inner.Write(_buffer, 0, _used);
        _used = 0;
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}

/// <summary>Bad usage that parsing could not catch (e.g. conflicting options); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
