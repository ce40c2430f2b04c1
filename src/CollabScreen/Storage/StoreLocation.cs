using Microsoft.Data.Sqlite;
using Npgsql;

namespace CollabScreen.Storage;

public enum StoreDialect { Sqlite, Postgres }

/// <summary>
/// Where a store lives, parsed from a --db value: a SQLite file path, a <c>postgres://user:pass@host:port/db</c>
/// URL, or an Npgsql connection string (<c>Host=...;Database=...</c>). Description never contains a password.
/// </summary>
public sealed record StoreLocation(StoreDialect Dialect, string ConnectionString, string Description, string? SqlitePath)
{
    /// <summary>
    /// The default SQLite file: $XDG_DATA_HOME/collabscreen/collabscreen.db, else
    /// ~/.local/share/collabscreen/collabscreen.db.
    /// </summary>
    public static string DefaultSqlitePath => DefaultPath(Environment.GetEnvironmentVariable);

    internal static string DefaultPath(Func<string, string?> env)
    {
        var data = env("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(data) || !System.IO.Path.IsPathRooted(data)) // the XDG spec ignores relative values
        {
            var home = env("HOME");
            if (string.IsNullOrWhiteSpace(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            data = System.IO.Path.Combine(home, ".local", "share");
        }
        return System.IO.Path.Combine(data, "collabscreen", "collabscreen.db");
    }

    /// <summary>Parses a store location (null or empty: the default SQLite file). Throws StorageException with the fix.</summary>
    public static StoreLocation Parse(string? db)
    {
        if (string.IsNullOrWhiteSpace(db)) return Sqlite(DefaultSqlitePath);
        db = db.Trim();
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return PostgresUrl(db);
        if (db.Contains("://"))
            throw new StorageException($"'{Redact(db)}': unknown scheme; use a SQLite file path, postgres://user:password@host:port/database, or an Npgsql connection string (Host=...;Database=...)", StorageProblem.Location);
        if (LooksLikeConnectionString(db))
            return PostgresConnectionString(db);
        return Sqlite(db);
    }

    private static StoreLocation Sqlite(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            ForeignKeys = true,
            Pooling = false, // a CLI opens few connections; no pool keeps the file open after Dispose
            DefaultTimeout = (int)FindingStore.BusyTimeout.TotalSeconds, // Microsoft.Data.Sqlite's retries of a busy statement
        };
        return new StoreLocation(StoreDialect.Sqlite, builder.ConnectionString, $"SQLite {full}", full);
    }

    // "Host=x;Database=y" but not a file name that happens to contain '=' or ';'.
    private static bool LooksLikeConnectionString(string db) =>
        db.Contains('=') && db.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Split('=')[0].Trim() is var key && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));

    private static StoreLocation PostgresConnectionString(string db)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(db); }
        catch (ArgumentException e) { throw new StorageException($"not a valid PostgreSQL connection string ({e.Message}); example: Host=localhost;Port=5432;Username=me;Password=secret;Database=collabscreen", e, StorageProblem.Location); }
        return Postgres(builder);
    }

    private static StoreLocation PostgresUrl(string db)
    {
        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new StorageException($"'{Redact(db)}' is not a valid URL; expected postgres://user:password@host:port/database", StorageProblem.Location);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new StorageException($"'{Redact(db)}' names no database; expected postgres://user:password@host:port/database", StorageProblem.Location);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = database };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        // Query parameters (?sslmode=require&search_path=x) are connection string keywords, as libpq allows.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).Replace('_', ' ');
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try { builder[key] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new StorageException($"URL parameter '{key}={value}' is not a PostgreSQL connection setting ({e.Message})", e, StorageProblem.Location);
            }
        }
        return Postgres(builder);
    }

    private static StoreLocation Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Host))
            throw new StorageException("the PostgreSQL connection string names no Host", StorageProblem.Location);
        if (builder.Timeout == 15) builder.Timeout = 10; // Npgsql's default; an unreachable server should fail fast
        var where = $"{builder.Host}:{builder.Port}";
        var description = $"PostgreSQL database '{builder.Database ?? builder.Username ?? "(default)"}' at {where}"
            + (string.IsNullOrEmpty(builder.Username) ? "" : $" as {builder.Username}")
            + (string.IsNullOrEmpty(builder.SearchPath) ? "" : $" (schema {builder.SearchPath})");
        return new StoreLocation(StoreDialect.Postgres, builder.ConnectionString, description, null);
    }

    /// <summary>Hides the password in a URL or connection string before it goes into a message.</summary>
    internal static string Redact(string db)
    {
        var at = db.IndexOf('@');
        var scheme = db.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && at > scheme)
        {
            var colon = db.IndexOf(':', scheme + 3);
            if (colon >= 0 && colon < at) return db[..(colon + 1)] + "***" + db[at..];
        }
        return System.Text.RegularExpressions.Regex.Replace(db, @"(?i)(password|pwd)\s*=[^;]*", "$1=***");
    }
}
