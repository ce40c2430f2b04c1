using System.CommandLine;
using CollabScreen.Sources;

namespace CollabScreen.Cli;

/// <summary>--id-column, --title-column, --abstract-column: the names of a plain CSV file's columns (default id, title, abstract).</summary>
public sealed class CsvColumnOptions
{
    public Option<string> Id { get; } = new("--id-column") { HelpName = "C", Description = "CSV input: column with the record id", DefaultValueFactory = _ => "id" };
    public Option<string> Title { get; } = new("--title-column") { HelpName = "C", Description = "CSV input: column with the title", DefaultValueFactory = _ => "title" };
    public Option<string> Abstract { get; } = new("--abstract-column") { HelpName = "C", Description = "CSV input: column with the abstract", DefaultValueFactory = _ => "abstract" };

    public IEnumerable<Option> All => [Id, Title, Abstract];

    public static CsvColumnOptions Create() => new();

    public CsvColumns Columns(ParseResult parse) => new(parse.GetValue(Id)!, parse.GetValue(Title)!, parse.GetValue(Abstract)!);
}
