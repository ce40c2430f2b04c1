using System.Data.Common;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CollabScreen.Storage;

/// <summary>
/// Stored screening history: runs and their findings, in SQLite (a file; the default) or PostgreSQL (same
/// schema, same SQL but for JSON and time binding). Opening brings the schema up to date with the numbered
/// migrations. Each call uses its own connection, so a store can be shared and long reads stream.
/// </summary>
public sealed class FindingStore : IDisposable
{
    private const string RunColumns = "id, started, finished, command, options, inputs, list_versions, works_read, works_skipped, tool_version";

    // PostgreSQL: this store's own connection pool, closed by Dispose. SQLite opens the file per call.
    private readonly NpgsqlDataSource? _postgres;

    private FindingStore(StoreLocation location, int schemaVersion, NpgsqlDataSource? postgres)
    {
        Location = location;
        SchemaVersion = schemaVersion;
        _postgres = postgres;
    }

    public StoreLocation Location { get; }

    /// <summary>The schema version after opening (the number of migrations applied).</summary>
    public int SchemaVersion { get; }

    /// <summary>The version written into new runs: this library's informational version.</summary>
    public static string ToolVersion { get; } =
        typeof(FindingStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Opens (creating if needed) the store named by a --db value: null for the default SQLite file
    /// (<see cref="StoreLocation.DefaultSqlitePath"/>), a SQLite file path, <c>postgres://user:pass@host:port/db</c>,
    /// or an Npgsql connection string. Throws StorageException with a message for people when it cannot.
    /// </summary>
    public static FindingStore Open(string? db = null) => Open(StoreLocation.Parse(db), create: true);

    /// <summary>Like Open, but a SQLite file must already exist (for commands that only read history).</summary>
    public static FindingStore OpenExisting(string? db) => Open(StoreLocation.Parse(db), create: false);

    internal static FindingStore Open(StoreLocation location, bool create, int? migrateTo = null)
    {
        if (location.SqlitePath is { } path)
        {
            if (Directory.Exists(path))
                throw new StorageException($"--db {path} is a directory; give a database file, e.g. {System.IO.Path.Combine(path, "collabscreen.db")}");
            if (!File.Exists(path))
            {
                if (!create) throw new StorageException($"no database at {path}; `collabscreen screen` creates it, or choose one with --db");
                try { Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new StorageException($"cannot create the directory for {path}: {e.Message}", e);
                }
            }
        }
        var postgres = location.Dialect == StoreDialect.Postgres ? NpgsqlDataSource.Create(location.ConnectionString) : null;
        try
        {
            using var connection = Connect(location, postgres);
            if (location.Dialect == StoreDialect.Sqlite && IsOtherApplicationsDatabase(connection))
                throw new StorageException($"{location.SqlitePath} is a SQLite database of another application (it has tables but no schema_migrations); CollabScreen leaves it alone, choose another --db");
            var version = Migrations.Apply(connection, location.Dialect, migrateTo);
            return new FindingStore(location, version, postgres);
        }
        catch (DbException e)
        {
            postgres?.Dispose();
            throw Failure(location, "cannot prepare", e);
        }
        catch
        {
            postgres?.Dispose();
            throw;
        }
    }

    /// <summary>Records the start of a run; the returned record carries the new run id.</summary>
    /// <param name="command">The command line as the user typed it.</param>
    /// <param name="optionsJson">The options, a JSON object.</param>
    /// <param name="inputs">Input files, directories or query descriptions.</param>
    /// <param name="listVersionsJson">A JSON object: list id → version (or retrieval date) screened against.</param>
    public RunRecord BeginRun(string command, string optionsJson, IEnumerable<string> inputs, string listVersionsJson, DateTimeOffset? started = null)
    {
        RequireJson(optionsJson, JsonValueKind.Object, nameof(optionsJson));
        RequireJson(listVersionsJson, JsonValueKind.Object, nameof(listVersionsJson));
        var inputList = inputs.ToList();
        var at = Truncate(started ?? DateTimeOffset.UtcNow);
        using var connection = Connect(Location, _postgres);
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO runs (started, command, options, inputs, list_versions, tool_version)
            VALUES (@started, @command, @options, @inputs, @lists, @tool) RETURNING id
            """;
        Db.AddTime(insert, Location.Dialect, "started", at);
        Db.Add(insert, "command", command);
        Db.AddJson(insert, Location.Dialect, "options", optionsJson);
        Db.AddJson(insert, Location.Dialect, "inputs", JsonSerializer.Serialize(inputList));
        Db.AddJson(insert, Location.Dialect, "lists", listVersionsJson);
        Db.Add(insert, "tool", ToolVersion);
        var id = Convert.ToInt64(Guard(() => insert.ExecuteScalar(), "cannot record a run in"));
        return new RunRecord(id, at, null, command, optionsJson, inputList, listVersionsJson, null, null,
            new Dictionary<string, long>(), ToolVersion);
    }

    /// <summary>
    /// Stores findings (each under its own RunId) in one transaction with prepared statements: on PostgreSQL
    /// <see cref="PostgresInsertRows"/> rows per statement (a round trip per batch, not per row); SQLite runs in
    /// process, where one row per statement is fastest. A second finding for a work already stored in that
    /// run is ignored (the first is kept). All or nothing: a bad finding or a missing run stores none of the
    /// call's findings. Returns how many were stored. The transaction lasts as long as the enumeration: while
    /// screening, pass batches (say every 1,000 findings), not the lazy screening stream itself, so a SQLite
    /// file is not locked against other writers for the whole run.
    /// </summary>
    public int AddFindings(IEnumerable<StoredFinding> findings)
    {
        using var connection = Connect(Location, _postgres);
        using var tx = connection.BeginTransaction();
        var batchRows = Location.Dialect == StoreDialect.Postgres ? PostgresInsertRows : 1;
        using var batch = new FindingInsert(connection, tx, Location.Dialect, batchRows);
        FindingInsert? single = null;
        var pending = new List<StoredFinding>(batchRows);
        var stored = 0;
        try
        {
            foreach (var f in findings)
            {
                RequireJson(f.Json, JsonValueKind.Object, $"finding {f.WorkId}");
                pending.Add(f);
                if (pending.Count < batchRows) continue;
                stored += Insert(batch, pending);
                pending.Clear();
            }
            if (pending.Count > 0)
            {
                single = new FindingInsert(connection, tx, Location.Dialect, 1);
                foreach (var f in pending) stored += Insert(single, [f]);
            }
            Guard(() => { tx.Commit(); return 0; }, "cannot store findings in");
        }
        finally { single?.Dispose(); }
        return stored;
    }

    /// <summary>Rows per INSERT statement on PostgreSQL: 8 parameters each, far below its limit of 65,535.</summary>
    internal const int PostgresInsertRows = 64;

    private int Insert(FindingInsert insert, List<StoredFinding> rows)
    {
        try { return insert.Execute(rows); }
        catch (DbException e) when (IsForeignKeyViolation(e))
        {
            var runs = string.Join(", ", rows.Select(r => r.RunId).Distinct().Where(id => GetRun(id) is null));
            throw new StorageException($"cannot store findings: run {runs} does not exist in {Location.Description}", e);
        }
        catch (DbException e) { throw Failure(Location, "cannot store findings in", e); }
    }

    /// <summary>A prepared INSERT of a fixed number of findings, reused for every batch of that size.</summary>
    private sealed class FindingInsert : IDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter[][] _rows;
        private bool _prepared;

        public FindingInsert(DbConnection connection, DbTransaction tx, StoreDialect dialect, int rows)
        {
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _rows = new DbParameter[rows][];
            var values = new List<string>(rows);
            for (var i = 0; i < rows; i++)
            {
                values.Add($"(@run{i}, @work{i}, @doi{i}, @title{i}, @year{i}, @severity{i}, @rules{i}, @document{i})");
                // Typed, so a first row with nulls prepares the statement with the right parameter types.
                _rows[i] =
                [
                    Typed(Db.Add(_command, $"run{i}", 0L), System.Data.DbType.Int64),
                    Typed(Db.Add(_command, $"work{i}", ""), System.Data.DbType.String),
                    Typed(Db.Add(_command, $"doi{i}", ""), System.Data.DbType.String),
                    Typed(Db.Add(_command, $"title{i}", ""), System.Data.DbType.String),
                    Typed(Db.Add(_command, $"year{i}", 0), System.Data.DbType.Int32),
                    Typed(Db.Add(_command, $"severity{i}", ""), System.Data.DbType.String),
                    Db.AddJson(_command, dialect, $"rules{i}", "[]"),
                    Db.AddJson(_command, dialect, $"document{i}", "{}"),
                ];
            }
            _command.CommandText = $"""
                INSERT INTO findings (run_id, work_id, doi, title, year, severity, rules, document)
                VALUES {string.Join(",\n", values)}
                ON CONFLICT (run_id, work_id) DO NOTHING
                """;
        }

        public int Execute(List<StoredFinding> findings)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                var (f, p) = (findings[i], _rows[i]);
                p[0].Value = f.RunId;
                p[1].Value = f.WorkId;
                p[2].Value = (object?)f.Doi ?? DBNull.Value;
                p[3].Value = (object?)f.Title ?? DBNull.Value;
                p[4].Value = (object?)f.Year ?? DBNull.Value;
                p[5].Value = f.Severity;
                p[6].Value = JsonSerializer.Serialize(f.Rules);
                p[7].Value = f.Json;
            }
            if (!_prepared) { _command.Prepare(); _prepared = true; }
            return _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();

        private static DbParameter Typed(DbParameter p, System.Data.DbType type)
        {
            p.DbType = type;
            return p;
        }
    }

    /// <summary>Records the end of a run with its work counts; returns the completed record.</summary>
    public RunRecord FinishRun(long runId, long worksRead, long worksSkipped, DateTimeOffset? finished = null)
    {
        using (var connection = Connect(Location, _postgres))
        using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE runs SET finished = @finished, works_read = @read, works_skipped = @skipped WHERE id = @id";
            Db.AddTime(update, Location.Dialect, "finished", Truncate(finished ?? DateTimeOffset.UtcNow));
            Db.Add(update, "read", worksRead);
            Db.Add(update, "skipped", worksSkipped);
            Db.Add(update, "id", runId);
            if (Guard(() => update.ExecuteNonQuery(), "cannot finish a run in") == 0)
                throw NoRun(runId);
        }
        return GetRun(runId) ?? throw NoRun(runId);
    }

    /// <summary>All runs, oldest first, with their finding counts by severity.</summary>
    public IReadOnlyList<RunRecord> ListRuns() => ReadRuns(null);

    /// <summary>One run, or null when there is no run with that id.</summary>
    public RunRecord? GetRun(long runId) => ReadRuns(runId).SingleOrDefault();

    /// <summary>A run's findings in work id order (byte order), streamed: enumerate once, dispose when done.</summary>
    public IEnumerable<StoredFinding> FindingsOf(long runId)
    {
        using var connection = Connect(Location, _postgres);
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT run_id, work_id, doi, title, year, severity, rules, document
            FROM findings WHERE run_id = @run ORDER BY work_id
            """;
        Db.Add(select, "run", runId);
        using var reader = Guard(() => select.ExecuteReader(), "cannot read findings from");
        while (reader.Read())
        {
            yield return new StoredFinding(
                reader.GetInt64(0),
                reader.GetString(1),
                Db.String(reader, 2),
                Db.String(reader, 3),
                reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4)),
                reader.GetString(5),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(6)) ?? [],
                reader.GetString(7));
        }
    }

    /// <summary>
    /// What changed from run A to run B: works flagged only in B (new), only in A (gone), and in both with a
    /// different severity, rules, institutions, listings, topics or datasets (changed). Streams both runs in
    /// work order (a merge), so memory holds the changes, not the runs.
    /// </summary>
    public RunDiff Diff(long runA, long runB)
    {
        var a = GetRun(runA) ?? throw NoRun(runA);
        var b = GetRun(runB) ?? throw NoRun(runB);
        var changes = new List<FindingChange>();
        long unchanged = 0;
        using var left = FindingsOf(runA).GetEnumerator();
        using var right = FindingsOf(runB).GetEnumerator();
        bool hasLeft = left.MoveNext(), hasRight = right.MoveNext();
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : WorkOrder.Compare(left.Current.WorkId, right.Current.WorkId);
            var change = FindingChange.Between(order <= 0 ? left.Current : null, order >= 0 ? right.Current : null);
            if (change is null) unchanged++; else changes.Add(change);
            if (order <= 0) hasLeft = left.MoveNext();
            if (order >= 0) hasRight = right.MoveNext();
        }
        return new RunDiff(a, b, changes, unchanged);
    }

    /// <summary>Closes the PostgreSQL connections this store pooled (SQLite holds nothing between calls).</summary>
    public void Dispose() => _postgres?.Dispose();

    private List<RunRecord> ReadRuns(long? only)
    {
        using var connection = Connect(Location, _postgres);
        var counts = new Dictionary<long, Dictionary<string, long>>();
        using (var count = connection.CreateCommand())
        {
            count.CommandText = only is null
                ? "SELECT run_id, severity, COUNT(*) FROM findings GROUP BY run_id, severity"
                : "SELECT run_id, severity, COUNT(*) FROM findings WHERE run_id = @id GROUP BY run_id, severity";
            if (only is not null) Db.Add(count, "id", only.Value);
            using var reader = Guard(() => count.ExecuteReader(), "cannot read runs from");
            while (reader.Read())
            {
                var run = reader.GetInt64(0);
                if (!counts.TryGetValue(run, out var bySeverity)) counts[run] = bySeverity = new Dictionary<string, long>();
                bySeverity[reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        using var select = connection.CreateCommand();
        select.CommandText = only is null
            ? $"SELECT {RunColumns} FROM runs ORDER BY id"
            : $"SELECT {RunColumns} FROM runs WHERE id = @id";
        if (only is not null) Db.Add(select, "id", only.Value);
        var runs = new List<RunRecord>();
        using (var reader = Guard(() => select.ExecuteReader(), "cannot read runs from"))
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                runs.Add(new RunRecord(
                    id,
                    Db.Time(reader, 1, Location.Dialect)!.Value,
                    Db.Time(reader, 2, Location.Dialect),
                    reader.GetString(3),
                    reader.GetString(4),
                    JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
                    reader.GetString(6),
                    Db.Long(reader, 7),
                    Db.Long(reader, 8),
                    counts.TryGetValue(id, out var bySeverity) ? bySeverity : new Dictionary<string, long>(),
                    Db.String(reader, 9)));
            }
        }
        return runs;
    }

    internal static DbConnection Connect(StoreLocation location, NpgsqlDataSource? postgres = null)
    {
        DbConnection connection = location.Dialect == StoreDialect.Sqlite
            ? new SqliteConnection(location.ConnectionString)
            : postgres?.CreateConnection() ?? new NpgsqlConnection(location.ConnectionString);
        try
        {
            connection.Open();
            if (connection is SqliteConnection)
            {
                // Touch the schema now so a file that is not SQLite fails here, with the file named.
                using var probe = connection.CreateCommand();
                probe.CommandText = "SELECT COUNT(*) FROM sqlite_master";
                probe.ExecuteScalar();
            }
            return connection;
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or InvalidOperationException)
        {
            connection.Dispose();
            throw Failure(location, "cannot open", e);
        }
    }

    // A PostgreSQL database is often shared with other schemas and tables; a SQLite file belongs to one program.
    private static bool IsOtherApplicationsDatabase(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FILTER (WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'), COUNT(*) FILTER (WHERE name = 'schema_migrations')
            FROM sqlite_master WHERE type = 'table'
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) > 0 && reader.GetInt64(1) == 0;
    }

    private static StorageException Failure(StoreLocation location, string what, Exception e)
    {
        var hint = location.Dialect switch
        {
            StoreDialect.Sqlite when e is SqliteException { SqliteErrorCode: 26 } => " (the file is not a SQLite database; choose another --db)",
            StoreDialect.Sqlite => "",
            _ when e is PostgresException { SqlState: "28P01" or "28000" } => " (check the user name and password in --db)",
            _ when e is PostgresException { SqlState: "3D000" } => " (the database does not exist; create it, e.g. createdb, or fix --db)",
            _ when e is PostgresException => "",
            _ => " (is the server running and reachable? check host and port in --db)",
        };
        var message = e is PostgresException pg ? pg.MessageText : e.Message;
        return new StorageException($"{what} {location.Description}: {message}{hint}", e);
    }

    private T Guard<T>(Func<T> action, string what)
    {
        try { return action(); }
        catch (DbException e) { throw Failure(Location, what, e); }
    }

    private StorageException NoRun(long runId) =>
        new($"no run {runId} in {Location.Description}; `collabscreen runs` lists the stored runs");

    private static bool IsForeignKeyViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 } or PostgresException { SqlState: "23503" };

    // PostgreSQL keeps microseconds; truncating here makes the returned record equal what is read back.
    private static DateTimeOffset Truncate(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    private static void RequireJson(string json, JsonValueKind kind, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != kind) throw new ArgumentException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}");
        }
        catch (JsonException e) { throw new ArgumentException($"{what} is not valid JSON: {e.Message}", e); }
    }
}
