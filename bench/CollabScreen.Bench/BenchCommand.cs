using System.CommandLine;

using CollabScreen.Cli;

namespace CollabScreen.Bench;

/// <summary>`collabscreen-bench ...` (bench/CollabScreen.Bench): accuracy and throughput benchmarks on real data; they print their figures.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("collabscreen-bench", "Benchmarks on real data (accuracy and throughput). Example: dotnet run --project bench/CollabScreen.Bench -c Release -- affiliations --gold FILE.csv --registry ror.jsonl.gz");
        // Each benchmark adds its subcommand here.
        command.Subcommands.Add(BenchScreenCommand.Create());
        command.Subcommands.Add(TopicsBench.Create());
        command.Subcommands.Add(BenchAffiliationsCommand.Create());
        command.Subcommands.Add(BenchDatasetsCommand.Create());
        return command;
    }
}
