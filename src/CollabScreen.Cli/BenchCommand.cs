using System.CommandLine;

namespace CollabScreen.Cli;

/// <summary>`collabscreen bench ...`: accuracy and throughput benchmarks on real data; they print their figures.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks on real data (accuracy and throughput). Example: collabscreen bench affiliations --gold FILE.csv --registry ror.jsonl.gz");
        // Each benchmark adds its subcommand here.
        command.Subcommands.Add(BenchScreenCommand.Create());
        command.Subcommands.Add(TopicsBench.Create());
        command.Subcommands.Add(BenchAffiliationsCommand.Create());
        command.Subcommands.Add(BenchDatasetsCommand.Create());
        return command;
    }
}
