namespace CollabScreen.Storage;

/// <summary>
/// The store cannot be opened or used: a bad --db value, an unreachable server, a file that is not a
/// database, a schema newer than this program. An IOException, so the CLI reports it as a failure (exit 1).
/// </summary>
public sealed class StorageException(string message, Exception? inner = null) : IOException(message, inner);
