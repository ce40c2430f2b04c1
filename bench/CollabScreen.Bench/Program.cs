using System.CommandLine.Help;
using CollabScreen.Bench;

// The benchmarks are their own executable, so the product CLI stays option parsing over the library:
//   ./collabscreen bench topics --data ../shared/data      (the wrapper script runs this executable)
//   dotnet run --project bench/CollabScreen.Bench -c Release -- topics --data ../shared/data
var root = BenchCommand.Create();
root.Options.Add(new HelpOption());
return CollabScreen.Cli.Cli.Run(root, args);
