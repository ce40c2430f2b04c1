using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CollabScreen.Cli;

/// <summary>
/// `collabscreen --help` (and `collabscreen` alone): one line a command, like ripgrep's short help.
/// The default help would print every command's whole description, examples and all; subcommands keep it.
/// </summary>
public sealed class Overview(HelpAction full) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parse)
    {
        if (parse.CommandResult.Command.Parents.Any()) return full.Invoke(parse);
        Print(parse.RootCommandResult.Command, Console.Out);
        return 0;
    }

    /// <summary>The first sentence of a description's first paragraph.</summary>
    internal static string Summary(string? description)
    {
        var paragraph = string.Join(' ', (description ?? "").Split('\n').Select(l => l.Trim()).TakeWhile(l => l.Length > 0));
        var end = paragraph.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? paragraph[..(end + 1)] : paragraph;
        return sentence.Length <= 110 ? sentence : sentence[..109] + "…";
    }

    public static void Print(Command root, TextWriter o)
    {
        o.WriteLine(root.Description?.Trim());
        o.WriteLine();
        o.WriteLine("Usage: collabscreen COMMAND [options]");
        o.WriteLine();
        o.WriteLine("Commands:");
        var width = root.Subcommands.Max(c => c.Name.Length) + 2;
        foreach (var command in root.Subcommands)
        {
            o.WriteLine($"  {command.Name.PadRight(width)}{Summary(command.Description)}");
        }
        o.WriteLine();
        o.WriteLine("Options:");
        o.WriteLine("  -h, --help    Show help (collabscreen COMMAND --help shows a command's options and examples)");
        o.WriteLine("  --version     Show the version");
    }
}
