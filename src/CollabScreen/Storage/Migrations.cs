using System.Data.Common;

namespace CollabScreen.Storage;

/// <summary>One numbered schema change, e.g. 002_tool_version_and_severity_index.sql.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The numbered migrations of each dialect (embedded Storage/Migrations/{sqlite,postgres}/NNN_name.sql) and
/// the runner that brings a database up to date. Applied versions are rows of schema_migrations; each
/// migration commits together with its row, under a lock, so two processes opening one database at once
/// apply it once.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> For(StoreDialect dialect)
    {
        var prefix = $"migrations/{(dialect == StoreDialect.Sqlite ? "sqlite" : "postgres")}/";
        var assembly = typeof(Migrations).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var file = name[prefix.Length..^4];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"migration {name} is not named NNN_description.sql");
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            list.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
            if (list[i].Version != i + 1) throw new InvalidOperationException($"{dialect} migrations are not numbered 1..{list.Count} without gaps");
        return list;
    }

    public static int Latest(StoreDialect dialect) => For(dialect).Count;

    /// <summary>Applies pending migrations up to <paramref name="target"/> (default: all); returns the version reached.</summary>
    public static int Apply(DbConnection connection, StoreDialect dialect, int? target = null)
    {
        var migrations = For(dialect);
        var upTo = target ?? migrations.Count;
        using var tx = connection.BeginTransaction(); // SQLite: BEGIN IMMEDIATE, the write lock from the start
        if (dialect == StoreDialect.Postgres)
            Execute(connection, tx, "SELECT pg_advisory_xact_lock(7023194561)"); // serialises concurrent migrators
        Execute(connection, tx, dialect == StoreDialect.Sqlite
            ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
        var current = CurrentVersion(connection, tx);
        if (current > migrations.Count)
            throw new StorageException($"the database's schema is version {current}, newer than this CollabScreen knows ({migrations.Count}); use a newer CollabScreen or another database", StorageProblem.NotAStore);
        foreach (var migration in migrations.Where(m => m.Version > current && m.Version <= upTo))
        {
            Execute(connection, tx, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";
            Db.Add(record, "v", migration.Version);
            Db.Add(record, "n", migration.Name);
            Db.AddTime(record, dialect, "t", DateTimeOffset.UtcNow);
            record.ExecuteNonQuery();
            current = migration.Version;
        }
        tx.Commit();
        return current;
    }

    public static int CurrentVersion(DbConnection connection, DbTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(DbConnection connection, DbTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
