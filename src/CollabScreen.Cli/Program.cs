using System.CommandLine;
using System.CommandLine.Help;
using CollabScreen.Cli;

// A named root (not RootCommand, which takes the binary's name) so that help says `collabscreen`.
var help = new HelpOption();
help.Action = new Overview((HelpAction)help.Action!);
var root = new Command("collabscreen", """
    CollabScreen screens research output for surveillance-risk collaborations:
    co-authors at listed institutions, surveillance topics, withdrawn face/person datasets.

    Example:
      collabscreen screen --input works.jsonl.gz --registry ror.jsonl.gz --format html --output report.html
    """)
{
    Options = { help, new VersionOption(), Cli.CsvFormulasOption },
};
root.Subcommands.Add(ScreenCommand.Create());
root.Subcommands.Add(WorksCommand.Create());
root.Subcommands.Add(ClassifyCommand.Create());
root.Subcommands.Add(ResolveCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(ListsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(WatchCommand.Create());

root.SetAction(_ =>
{
    Overview.Print(root, Console.Error);
    return Cli.Usage;
});

return Cli.Run(root, args);
