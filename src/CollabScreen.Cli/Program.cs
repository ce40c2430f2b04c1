using System.CommandLine;
using CollabScreen.Cli;

var root = new RootCommand("""
    CollabScreen screens research output for surveillance-risk collaborations:
    co-authors at listed institutions, surveillance topics, withdrawn face/person datasets.

    Example:
      collabscreen works --input works.jsonl.gz --format jsonl
    """);
root.Subcommands.Add(WorksCommand.Create());
root.Subcommands.Add(ClassifyCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ResolveCommand.Create());
root.Subcommands.Add(ListsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(DiffCommand.Create());

return Cli.Run(root, args);
