using System.CommandLine;

namespace CollabScreen.Cli;

public static class WorksCommand
{
    public static Command Create()
    {
        var command = new Command("works", """
            Read works (OpenAlex files or API) and print them, to inspect what will be screened.

            Examples:
              collabscreen works --input ../shared/data/openalex/works-sample-2022schema.jsonl.gz --format jsonl
              collabscreen works --input snapshot/data/works --format csv --output works.csv
            """);
        var input = new Option<string[]>("--input", "-i") { Description = "OpenAlex file(s) or snapshot directories", AllowMultipleArgumentsPerToken = true };
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Options.Add(input);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            Console.Error.WriteLine("works: not yet implemented");
            return Cli.Failure;
        });
        return command;
    }
}
