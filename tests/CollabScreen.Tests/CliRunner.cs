namespace CollabScreen.Tests;

/// <summary>Runs the CLI in-process with captured stdout/stderr. Tests using it must be in the "Console" collection.</summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    public static (int Code, string Out, string Err) Run(params string[] args) => Invoke(typeof(CollabScreen.Cli.Cli).Assembly, args);

    /// <summary>The benchmarks executable (bench/CollabScreen.Bench), run the same way: `Bench("topics", ...)`.</summary>
    public static (int Code, string Out, string Err) Bench(params string[] args) => Invoke(typeof(CollabScreen.Bench.BenchCommand).Assembly, args);

    private static (int Code, string Out, string Err) Invoke(System.Reflection.Assembly program, string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out; var oldErr = Console.Error;
            var stdout = new StringWriter(); var stderr = new StringWriter();
            Console.SetOut(stdout); Console.SetError(stderr);
            try
            {
                var entry = program.EntryPoint!;
                var code = (int)entry.Invoke(null, [args])!;
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }
}
