namespace CollabScreen.Storage;

/// <summary>What went wrong with a store, so a front end can add its own advice (the CLI names --db).</summary>
public enum StorageProblem
{
    /// <summary>Anything else: a failed statement, a full disk.</summary>
    Other,
    /// <summary>The location cannot be used as given: a bad URL or connection string, a directory.</summary>
    Location,
    /// <summary>A read-only open found no database at the location.</summary>
    Missing,
    /// <summary>The file or server is there but is not a usable CollabScreen store (not SQLite, another application's, newer schema).</summary>
    NotAStore,
    /// <summary>The server cannot be reached or refused the login.</summary>
    Unreachable,
    /// <summary>A run that was asked for is not stored, or not in a state the operation needs.</summary>
    Run,
}

/// <summary>
/// The store cannot be opened or used: a bad location, an unreachable server, a file that is not a
/// database, a schema newer than this program, a missing run. Messages name the database and what is wrong,
/// never a command-line flag (front ends add those from <see cref="Problem"/>). An IOException, so the CLI
/// reports it as a failure (exit 1).
/// </summary>
public sealed class StorageException(string message, Exception? inner = null, StorageProblem problem = StorageProblem.Other)
    : IOException(message, inner)
{
    public StorageException(string message, StorageProblem problem) : this(message, null, problem) { }

    public StorageProblem Problem { get; } = problem;
}
