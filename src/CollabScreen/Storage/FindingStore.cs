using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CollabScreen.Storage;

/// <summary>
/// Stored screening history: runs and their findings, in SQLite (a file; the default) or PostgreSQL (same
/// schema, same SQL but for JSON and time binding). Opening brings the schema up to date with the numbered
/// migrations. Each call uses its own connection, so a store can be shared and long reads stream.
/// Every operation is async with cancellation; the sync methods of the same name wait for them (for the CLI).
/// SQLite runs in WAL mode with write transactions that take the write lock at BEGIN (IMMEDIATE) and wait
/// up to the busy timeout for it, so concurrent writers queue instead of failing.
/// </summary>
public sealed class FindingStore : IDisposable
{
    private const string RunColumns = "id, started, finished, command, options, inputs, list_versions, works_read, works_skipped, tool_version, status, status_message";
    private const string FindingColumns = "f.run_id, f.work_id, f.doi, f.title, f.year, f.severity, f.rules, f.document";

    /// <summary>
    /// How long a SQLite writer waits for another's write lock before giving up. Long: writers queue one
    /// batch at a time, and 8 screens at once on a loaded 2-core machine made the last wait over 30 s.
    /// </summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromMinutes(5);

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
    /// Opens (creating if needed) the store at a location: null for the default SQLite file
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
                throw new StorageException($"{path} is a directory, not a database file (e.g. {System.IO.Path.Combine(path, "collabscreen.db")})", StorageProblem.Location);
            if (!File.Exists(path))
            {
                if (!create) throw new StorageException($"no database at {path}", StorageProblem.Missing);
                try { Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new StorageException($"cannot create the directory for {path}: {e.Message}", e, StorageProblem.Location);
                }
            }
        }
        var postgres = location.Dialect == StoreDialect.Postgres ? NpgsqlDataSource.Create(location.ConnectionString) : null;
        try
        {
            using var connection = Connect(location, postgres);
            if (location.Dialect == StoreDialect.Sqlite)
            {
                if (IsOtherApplicationsDatabase(connection))
                    throw new StorageException($"{location.SqlitePath} is a SQLite database of another application (it has tables but no schema_migrations); CollabScreen leaves it alone", StorageProblem.NotAStore);
                UseWal(connection);
            }
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

    // WAL: readers never block the writer nor it them; the mode is a property of the file, set once.
    private static void UseWal(DbConnection connection)
    {
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        if (string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase)) return;
        mode.CommandText = "PRAGMA journal_mode=WAL";
        mode.ExecuteScalar();
    }

    // ---- Runs -----------------------------------------------------------------------------------------

    /// <summary>Records the start of a run (status running); the returned record carries the new run id.</summary>
    /// <param name="command">The command line as the user typed it.</param>
    /// <param name="optionsJson">The options, a JSON object.</param>
    /// <param name="inputs">Input files, directories or query descriptions.</param>
    /// <param name="listVersionsJson">A JSON object: list id → version (or retrieval date) screened against.</param>
    public RunRecord BeginRun(string command, string optionsJson, IEnumerable<string> inputs, string listVersionsJson, DateTimeOffset? started = null) =>
        Wait(BeginRunAsync(command, optionsJson, inputs, listVersionsJson, started));

    public async Task<RunRecord> BeginRunAsync(string command, string optionsJson, IEnumerable<string> inputs, string listVersionsJson,
        DateTimeOffset? started = null, CancellationToken cancel = default)
    {
        RequireJson(optionsJson, JsonValueKind.Object, nameof(optionsJson));
        RequireJson(listVersionsJson, JsonValueKind.Object, nameof(listVersionsJson));
        var inputList = inputs.ToList();
        var at = Truncate(started ?? DateTimeOffset.UtcNow);
        var id = await Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancel);
            await using var tx = await BeginWriteAsync(connection, cancel);
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO runs (started, command, options, inputs, list_versions, tool_version, status)
                VALUES (@started, @command, @options, @inputs, @lists, @tool, 'running') RETURNING id
                """;
            Db.AddTime(insert, Location.Dialect, "started", at);
            Db.Add(insert, "command", command);
            Db.AddJson(insert, Location.Dialect, "options", optionsJson);
            Db.AddJson(insert, Location.Dialect, "inputs", JsonSerializer.Serialize(inputList));
            Db.AddJson(insert, Location.Dialect, "lists", listVersionsJson);
            Db.Add(insert, "tool", ToolVersion);
            var value = Convert.ToInt64(await insert.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture);
            await tx.CommitAsync(cancel);
            return value;
        }, "cannot record a run in");
        return new RunRecord(id, at, null, command, optionsJson, inputList, listVersionsJson, null, null,
            new Dictionary<string, long>(), ToolVersion, RunStatus.Running);
    }

    /// <summary>Records that a run finished, with its work counts: EndRun with <see cref="RunStatus.Finished"/>.</summary>
    public RunRecord FinishRun(long runId, long worksRead, long worksSkipped, DateTimeOffset? finished = null) =>
        EndRun(runId, RunStatus.Finished, worksRead, worksSkipped, message: null, finished);

    /// <summary>
    /// Records how a running run ended: finished, failed or cancelled, with the work counts so far and, for a
    /// failure or cancellation, why (for people). A run ends once: ending it again is an error.
    /// </summary>
    public RunRecord EndRun(long runId, RunStatus status, long? worksRead = null, long? worksSkipped = null, string? message = null, DateTimeOffset? ended = null) =>
        Wait(EndRunAsync(runId, status, worksRead, worksSkipped, message, ended));

    public async Task<RunRecord> EndRunAsync(long runId, RunStatus status, long? worksRead = null, long? worksSkipped = null,
        string? message = null, DateTimeOffset? ended = null, CancellationToken cancel = default)
    {
        if (status == RunStatus.Running) throw new ArgumentException("a run ends as finished, failed or cancelled", nameof(status));
        var updated = await Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancel);
            await using var tx = await BeginWriteAsync(connection, cancel);
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = """
                UPDATE runs SET finished = @finished, works_read = @read, works_skipped = @skipped, status = @status, status_message = @message
                WHERE id = @id AND status = 'running'
                """;
            Db.AddTime(update, Location.Dialect, "finished", Truncate(ended ?? DateTimeOffset.UtcNow));
            Db.Add(update, "read", worksRead);
            Db.Add(update, "skipped", worksSkipped);
            Db.Add(update, "status", status.Name());
            Db.Add(update, "message", message);
            Db.Add(update, "id", runId);
            var rows = await update.ExecuteNonQueryAsync(cancel);
            await tx.CommitAsync(cancel);
            return rows;
        }, "cannot end a run in");
        var run = await GetRunAsync(runId, cancel) ?? throw NoRun(runId);
        if (updated == 0)
            throw new StorageException($"run {runId} has already ended ({run.Status.Name()}); it cannot end again as {status.Name()}", StorageProblem.Run);
        return run;
    }

    /// <summary>All runs, oldest first, with their finding counts by severity.</summary>
    public IReadOnlyList<RunRecord> ListRuns() => Wait(ListRunsAsync());

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancel = default) => ReadRunsAsync(null, cancel);

    /// <summary>One run, or null when there is no run with that id.</summary>
    public RunRecord? GetRun(long runId) => Wait(GetRunAsync(runId));

    public async Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancel = default) =>
        (await ReadRunsAsync(runId, cancel)).SingleOrDefault();

    /// <summary>
    /// The finished run <paramref name="back"/> places from the newest (1: latest, 2: previous), or null when
    /// there are fewer finished runs. Running, failed and cancelled runs are never latest or previous.
    /// </summary>
    public RunRecord? LatestFinished(int back = 1) => Wait(LatestFinishedAsync(back));

    public async Task<RunRecord?> LatestFinishedAsync(int back = 1, CancellationToken cancel = default)
    {
        if (back < 1) throw new ArgumentOutOfRangeException(nameof(back), back, "1 is the latest run");
        var id = await Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancel);
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT id FROM runs WHERE status = 'finished' ORDER BY id DESC LIMIT 1 OFFSET @skip";
            Db.Add(select, "skip", back - 1);
            return Db.Long(await select.ExecuteScalarAsync(cancel));
        }, "cannot read runs from");
        return id is null ? null : await GetRunAsync(id.Value, cancel);
    }

    /// <summary>
    /// A run named by people: a run number (any status; a leading # is allowed), <c>latest</c> or <c>previous</c>
    /// (finished runs only). A name that is neither is a FormatException; a run that is not there a
    /// StorageException that says which runs there are.
    /// </summary>
    public RunRecord ResolveRun(string reference) => Wait(ResolveRunAsync(reference));

    public async Task<RunRecord> ResolveRunAsync(string reference, CancellationToken cancel = default)
    {
        var text = reference.Trim();
        var back = text.Equals("latest", StringComparison.OrdinalIgnoreCase) ? 1 : text.Equals("previous", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        if (back > 0)
        {
            if (await LatestFinishedAsync(back, cancel) is { } found) return found;
            var runs = await ListRunsAsync(cancel);
            var finished = runs.Count(r => r.Status == RunStatus.Finished);
            var others = runs.Where(r => r.Status != RunStatus.Finished).GroupBy(r => r.Status).OrderBy(g => g.Key)
                .Select(g => $"{g.Count()} {g.Key.Name()}").ToList();
            throw new StorageException(
                $"there is no {text.ToLowerInvariant()} run: {Location.Description} holds {finished} finished run{(finished == 1 ? "" : "s")}"
                + (others.Count > 0 ? $" (and {string.Join(", ", others)}, which are never latest or previous)" : ""), StorageProblem.Run);
        }
        if (!long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new FormatException($"'{reference}' is not a run: give a run number, latest or previous");
        if (await GetRunAsync(id, cancel) is { } run) return run;
        var all = await ListRunsAsync(cancel);
        var known = all.Count == 0 ? "it holds no runs yet" : $"its runs are {Ranges(all.Select(r => r.Id))}";
        throw new StorageException($"no run {id} in {Location.Description}; {known}", StorageProblem.Run);
    }

    // ---- Findings -------------------------------------------------------------------------------------

    /// <summary>
    /// Stores findings (each under its own RunId) in one transaction with prepared statements: on PostgreSQL
    /// <see cref="PostgresInsertRows"/> rows per statement (a round trip per batch, not per row); SQLite runs in
    /// process, where one row per statement is fastest. A second finding for a work already stored in that
    /// run is ignored (the first is kept). All or nothing: a bad finding or a missing run stores none of the
    /// call's findings. Returns how many were stored. The transaction lasts as long as the enumeration: while
    /// screening, pass batches (say every 1,000 findings), not the lazy screening stream itself, so a SQLite
    /// file is not locked against other writers for the whole run. Each finding's filterable values
    /// (<see cref="TermKind"/>) are stored with it.
    /// </summary>
    public int AddFindings(IEnumerable<StoredFinding> findings) => Wait(AddFindingsAsync(findings));

    public async Task<int> AddFindingsAsync(IEnumerable<StoredFinding> findings, CancellationToken cancel = default)
    {
        await using var connection = await Guard(() => ConnectAsync(cancel), "cannot store findings in");
        await using var tx = await Guard(() => BeginWriteAsync(connection, cancel), "cannot store findings in");
        var batchRows = Location.Dialect == StoreDialect.Postgres ? PostgresInsertRows : 1;
        await using var batch = new FindingInsert(connection, tx, Location.Dialect, batchRows);
        await using var terms = new TermInsert(connection, tx, Location.Dialect);
        FindingInsert? single = null;
        var pending = new List<Pending>(batchRows);
        var stored = 0;
        try
        {
            foreach (var f in findings)
            {
                cancel.ThrowIfCancellationRequested();
                pending.Add(new Pending(f, TermsOf(f)));
                if (pending.Count < batchRows) continue;
                stored += await InsertAsync(batch, terms, pending, cancel);
                pending.Clear();
            }
            if (pending.Count > 0)
            {
                single = new FindingInsert(connection, tx, Location.Dialect, 1);
                foreach (var p in pending) stored += await InsertAsync(single, terms, [p], cancel);
            }
            await Guard(async () => { await terms.FlushAsync(cancel); await tx.CommitAsync(cancel); return 0; }, "cannot store findings in");
        }
        finally
        {
            if (single is not null) await single.DisposeAsync();
        }
        return stored;
    }

    /// <summary>Rows per INSERT statement on PostgreSQL: 8 parameters each, far below its limit of 65,535.</summary>
    internal const int PostgresInsertRows = 64;

    private sealed record Pending(StoredFinding Finding, IReadOnlyCollection<(string Kind, string Term)> Terms);

    private static IReadOnlyCollection<(string, string)> TermsOf(StoredFinding f)
    {
        try
        {
            using var doc = JsonDocument.Parse(f.Json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException($"finding {f.WorkId} must be a JSON object");
            return FindingTerms.Of(doc.RootElement);
        }
        catch (JsonException e) { throw new ArgumentException($"finding {f.WorkId} is not valid JSON: {e.Message}", e); }
    }

    private async Task<int> InsertAsync(FindingInsert insert, TermInsert terms, List<Pending> rows, CancellationToken cancel)
    {
        try
        {
            var inserted = await insert.ExecuteAsync(rows, cancel);
            // Only the rows that were inserted bring their terms: an ignored duplicate must not add to the first.
            foreach (var key in inserted)
            {
                var p = rows.First(r => r.Finding.RunId == key.Run && r.Finding.WorkId == key.Work);
                foreach (var (kind, term) in p.Terms) await terms.AddAsync(key.Run, kind, term, key.Work, cancel);
            }
            return inserted.Count;
        }
        catch (DbException e) when (IsForeignKeyViolation(e))
        {
            var missing = new List<long>();
            foreach (var id in rows.Select(r => r.Finding.RunId).Distinct())
                if (await GetRunAsync(id, cancel) is null) missing.Add(id);
            throw new StorageException($"cannot store findings: run {string.Join(", ", missing)} does not exist in {Location.Description}", e, StorageProblem.Run);
        }
        catch (DbException e) { throw Failure(Location, "cannot store findings in", e); }
    }

    /// <summary>A prepared INSERT of a fixed number of findings, reused for every batch of that size; says which rows went in.</summary>
    private sealed class FindingInsert : IAsyncDisposable
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
                RETURNING run_id, work_id
                """;
        }

        public async Task<List<(long Run, string Work)>> ExecuteAsync(List<Pending> findings, CancellationToken cancel)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                var (f, p) = (findings[i].Finding, _rows[i]);
                p[0].Value = f.RunId;
                p[1].Value = f.WorkId;
                p[2].Value = (object?)f.Doi ?? DBNull.Value;
                p[3].Value = (object?)f.Title ?? DBNull.Value;
                p[4].Value = (object?)f.Year ?? DBNull.Value;
                p[5].Value = f.Severity;
                p[6].Value = JsonSerializer.Serialize(f.Rules);
                p[7].Value = f.Json;
            }
            if (!_prepared) { await _command.PrepareAsync(cancel); _prepared = true; }
            var inserted = new List<(long, string)>(findings.Count);
            await using var reader = await _command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel)) inserted.Add((reader.GetInt64(0), reader.GetString(1)));
            return inserted;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();

        private static DbParameter Typed(DbParameter p, System.Data.DbType type)
        {
            p.DbType = type;
            return p;
        }
    }

    /// <summary>
    /// Inserts finding_terms rows: SQLite one prepared row at a time; PostgreSQL buffered and sent as arrays
    /// (unnest), one round trip per <see cref="PostgresTermRows"/> terms.
    /// </summary>
    private sealed class TermInsert : IAsyncDisposable
    {
        private const int PostgresTermRows = 2048;
        private readonly DbCommand _command;
        private readonly StoreDialect _dialect;
        private readonly DbParameter _run, _kind, _term, _work;
        private readonly List<long> _runs = [];
        private readonly List<string> _kinds = [], _terms = [], _works = [];
        private bool _prepared;

        public TermInsert(DbConnection connection, DbTransaction tx, StoreDialect dialect)
        {
            _dialect = dialect;
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            if (dialect == StoreDialect.Sqlite)
            {
                _command.CommandText = "INSERT INTO finding_terms (run_id, kind, term, work_id) VALUES (@run, @kind, @term, @work) ON CONFLICT DO NOTHING";
                _run = Db.Add(_command, "run", 0L); _run.DbType = System.Data.DbType.Int64;
                _kind = Db.Add(_command, "kind", ""); _term = Db.Add(_command, "term", ""); _work = Db.Add(_command, "work", "");
            }
            else
            {
                _command.CommandText = """
                    INSERT INTO finding_terms (run_id, kind, term, work_id)
                    SELECT * FROM unnest(@run, @kind, @term, @work) ON CONFLICT DO NOTHING
                    """;
                _run = new NpgsqlParameter("run", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                _kind = new NpgsqlParameter("kind", NpgsqlDbType.Array | NpgsqlDbType.Text);
                _term = new NpgsqlParameter("term", NpgsqlDbType.Array | NpgsqlDbType.Text);
                _work = new NpgsqlParameter("work", NpgsqlDbType.Array | NpgsqlDbType.Text);
                _command.Parameters.Add(_run); _command.Parameters.Add(_kind); _command.Parameters.Add(_term); _command.Parameters.Add(_work);
            }
        }

        public async Task AddAsync(long run, string kind, string term, string work, CancellationToken cancel)
        {
            if (_dialect == StoreDialect.Sqlite)
            {
                (_run.Value, _kind.Value, _term.Value, _work.Value) = (run, kind, term, work);
                if (!_prepared) { await _command.PrepareAsync(cancel); _prepared = true; }
                await _command.ExecuteNonQueryAsync(cancel);
                return;
            }
            _runs.Add(run); _kinds.Add(kind); _terms.Add(term); _works.Add(work);
            if (_runs.Count >= PostgresTermRows) await FlushAsync(cancel);
        }

        public async Task FlushAsync(CancellationToken cancel)
        {
            if (_runs.Count == 0) return;
            (_run.Value, _kind.Value, _term.Value, _work.Value) = (_runs.ToArray(), _kinds.ToArray(), _terms.ToArray(), _works.ToArray());
            await _command.ExecuteNonQueryAsync(cancel);
            _runs.Clear(); _kinds.Clear(); _terms.Clear(); _works.Clear();
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    /// <summary>A run's findings in work id order (byte order), streamed: enumerate once, dispose when done.</summary>
    public IEnumerable<StoredFinding> FindingsOf(long runId) => FindingsOfAsync(runId).ToBlockingEnumerable();

    public async IAsyncEnumerable<StoredFinding> FindingsOfAsync(long runId, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        await using var connection = await ConnectAsync(cancel);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {FindingColumns} FROM findings f WHERE f.run_id = @run ORDER BY f.work_id";
        Db.Add(select, "run", runId);
        await using var reader = await Guard(() => select.ExecuteReaderAsync(cancel), "cannot read findings from");
        while (await reader.ReadAsync(cancel)) yield return ReadFinding(reader);
    }

    /// <summary>
    /// One page of a run's findings that match the query's filters, in work order, with the cursor of the
    /// next page and, when asked, facet counts. Every filter is served by an index (findings' primary key,
    /// (run, severity, work), finding_terms' primary key) except Text, a substring scan of the run.
    /// </summary>
    public FindingPage QueryFindings(FindingQuery query) => Wait(QueryFindingsAsync(query));

    public async Task<FindingPage> QueryFindingsAsync(FindingQuery query, CancellationToken cancel = default)
    {
        if (query.Limit < 1 || query.Limit > FindingQuery.MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"a page holds 1 to {FindingQuery.MaxLimit} findings");
        var after = query.After is null ? null : FindingQuery.WorkOf(query.After);
        return await Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancel);
            var findings = new List<StoredFinding>(Math.Min(query.Limit, 1024));
            string? next = null;
            await using (var select = connection.CreateCommand())
            {
                var where = Filter(select, query, after);
                select.CommandText = $"SELECT {FindingColumns} FROM findings f WHERE {where} ORDER BY f.work_id LIMIT @limit";
                Db.Add(select, "limit", query.Limit + 1); // one more says whether there is a next page
                await using var reader = await select.ExecuteReaderAsync(cancel);
                while (await reader.ReadAsync(cancel))
                {
                    if (findings.Count == query.Limit) { next = FindingQuery.CursorAfter(findings[^1].WorkId); break; }
                    findings.Add(ReadFinding(reader));
                }
            }
            if (!query.Facets) return new FindingPage(findings, next, null, null);
            var bySeverity = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = $"SELECT f.severity, COUNT(*) FROM findings f WHERE {Filter(count, query, null)} GROUP BY f.severity";
                await using var reader = await count.ExecuteReaderAsync(cancel);
                while (await reader.ReadAsync(cancel)) bySeverity[reader.GetString(0)] = reader.GetInt64(1);
            }
            var byList = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = $"""
                    SELECT l.term, COUNT(*) FROM finding_terms l JOIN findings f ON f.run_id = l.run_id AND f.work_id = l.work_id
                    WHERE l.run_id = @run AND l.kind = 'list' AND {Filter(count, query, null)} GROUP BY l.term
                    """;
                await using var reader = await count.ExecuteReaderAsync(cancel);
                while (await reader.ReadAsync(cancel)) byList[reader.GetString(0)] = reader.GetInt64(1);
            }
            return new FindingPage(findings, next, bySeverity, byList);
        }, "cannot query findings in");
    }

    /// <summary>The WHERE clause of a query over `findings f`, its parameters added to the command.</summary>
    private string Filter(DbCommand command, FindingQuery q, string? after)
    {
        var where = new StringBuilder("f.run_id = @run");
        Db.Add(command, "run", q.Run);
        if (after is not null)
        {
            where.Append(" AND f.work_id > @after");
            Db.Add(command, "after", after);
        }
        if (q.Severity.Count > 0)
        {
            var names = q.Severity.Select((s, i) => { Db.Add(command, $"sev{i}", s); return $"@sev{i}"; });
            where.Append($" AND f.severity IN ({string.Join(", ", names)})");
        }
        foreach (var (kind, value) in new[] { (TermKind.List, q.List), (TermKind.Institution, q.Institution), (TermKind.Topic, q.Topic), (TermKind.Dataset, q.Dataset) })
        {
            if (value is null) continue;
            // The cursor inside too, so the term's index range starts at the page, not at the run's first work.
            where.Append($" AND f.work_id IN (SELECT t.work_id FROM finding_terms t WHERE t.run_id = @run AND t.kind = '{kind}' AND t.term = @{kind}"
                + (after is null ? ")" : " AND t.work_id > @after)"));
            Db.Add(command, kind, value);
        }
        if (!string.IsNullOrEmpty(q.Text))
        {
            // LIKE with the wildcards of the text escaped; SQLite's LIKE ignores ASCII case, PostgreSQL needs ILIKE.
            var like = Location.Dialect == StoreDialect.Sqlite ? "LIKE" : "ILIKE";
            var pattern = "%" + q.Text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            Db.Add(command, "text", pattern);
            where.Append($"""
                 AND (f.title {like} @text ESCAPE '\' OR f.doi {like} @text ESCAPE '\' OR f.work_id {like} @text ESCAPE '\'
                      OR f.work_id IN (SELECT i.work_id FROM finding_terms i WHERE i.run_id = @run
                                       AND i.kind = 'institution' AND i.term {like} @text ESCAPE '\'))
                """);
        }
        return where.ToString();
    }

    private static StoredFinding ReadFinding(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        Db.String(reader, 2),
        Db.String(reader, 3),
        reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
        reader.GetString(5),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(6)) ?? [],
        reader.GetString(7));

    // ---- Diff -----------------------------------------------------------------------------------------

    /// <summary>
    /// What changed from run A to run B: works flagged only in B (new), only in A (gone), and in both with a
    /// different severity, rules, institutions, listings, topics or datasets (changed). Both runs must have
    /// finished (a failed or cancelled run holds only part of its findings). Rows of severity none (stored by
    /// a run that kept every work) are not findings: they are counted, not compared. Streams both runs in
    /// work order (a merge), so memory holds the changes, not the runs.
    /// </summary>
    public RunDiff Diff(long runA, long runB) => Wait(DiffAsync(runA, runB));

    public async Task<RunDiff> DiffAsync(long runA, long runB, CancellationToken cancel = default)
    {
        var a = await GetRunAsync(runA, cancel) ?? throw NoRun(runA);
        var b = await GetRunAsync(runB, cancel) ?? throw NoRun(runB);
        foreach (var run in new[] { a, b })
            if (run.Status != RunStatus.Finished)
                throw new StorageException($"run {run.Id} is {run.Status.Name()}{(run.StatusMessage is null ? "" : $" ({run.StatusMessage})")}: "
                    + "a diff compares finished runs only, since an unfinished run holds only part of its findings", StorageProblem.Run);
        var changes = new List<FindingChange>();
        long unchanged = 0;
        var unflagged = new long[2];
        await using var left = Flagged(FindingsOfAsync(runA, cancel), unflagged, 0).GetAsyncEnumerator(cancel);
        await using var right = Flagged(FindingsOfAsync(runB, cancel), unflagged, 1).GetAsyncEnumerator(cancel);
        bool hasLeft = await left.MoveNextAsync(), hasRight = await right.MoveNextAsync();
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : WorkOrder.Compare(left.Current.WorkId, right.Current.WorkId);
            var change = FindingChange.Between(order <= 0 ? left.Current : null, order >= 0 ? right.Current : null);
            if (change is null) unchanged++; else changes.Add(change);
            if (order <= 0) hasLeft = await left.MoveNextAsync();
            if (order >= 0) hasRight = await right.MoveNextAsync();
        }
        return new RunDiff(a, b, changes, unchanged) { UnflaggedA = unflagged[0], UnflaggedB = unflagged[1] };
    }

    /// <summary>The severity of a work that no rule flagged, as `screen --all` stores it.</summary>
    public const string Unflagged = "none";

    private static async IAsyncEnumerable<StoredFinding> Flagged(IAsyncEnumerable<StoredFinding> findings, long[] unflagged, int side)
    {
        await foreach (var f in findings)
        {
            if (f.Severity == Unflagged) { unflagged[side]++; continue; }
            yield return f;
        }
    }

    /// <summary>Closes the PostgreSQL connections this store pooled (SQLite holds nothing between calls).</summary>
    public void Dispose() => _postgres?.Dispose();

    private async Task<IReadOnlyList<RunRecord>> ReadRunsAsync(long? only, CancellationToken cancel) => await Guard(async () =>
    {
        await using var connection = await ConnectAsync(cancel);
        var counts = new Dictionary<long, Dictionary<string, long>>();
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = only is null
                ? "SELECT run_id, severity, COUNT(*) FROM findings GROUP BY run_id, severity"
                : "SELECT run_id, severity, COUNT(*) FROM findings WHERE run_id = @id GROUP BY run_id, severity";
            if (only is not null) Db.Add(count, "id", only.Value);
            await using var reader = await count.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                var run = reader.GetInt64(0);
                if (!counts.TryGetValue(run, out var bySeverity)) counts[run] = bySeverity = new Dictionary<string, long>();
                bySeverity[reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        await using var select = connection.CreateCommand();
        select.CommandText = only is null
            ? $"SELECT {RunColumns} FROM runs ORDER BY id"
            : $"SELECT {RunColumns} FROM runs WHERE id = @id";
        if (only is not null) Db.Add(select, "id", only.Value);
        var runs = new List<RunRecord>();
        await using (var reader = await select.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
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
                    Db.String(reader, 9),
                    RunStatuses.Parse(reader.GetString(10)),
                    Db.String(reader, 11)));
            }
        }
        return (IReadOnlyList<RunRecord>)runs;
    }, "cannot read runs from");

    // ---- Connections ----------------------------------------------------------------------------------

    private Task<DbConnection> ConnectAsync(CancellationToken cancel) => ConnectAsync(Location, _postgres, cancel);

    internal static DbConnection Connect(StoreLocation location, NpgsqlDataSource? postgres = null) =>
        ConnectAsync(location, postgres, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task<DbConnection> ConnectAsync(StoreLocation location, NpgsqlDataSource? postgres, CancellationToken cancel)
    {
        DbConnection connection = location.Dialect == StoreDialect.Sqlite
            ? new SqliteConnection(location.ConnectionString)
            : postgres?.CreateConnection() ?? new NpgsqlConnection(location.ConnectionString);
        try
        {
            await connection.OpenAsync(cancel);
            if (connection is SqliteConnection)
            {
                // SQLite's own busy handler waits for a lock (and Microsoft.Data.Sqlite retries up to its
                // command timeout); without it a writer that meets another's lock fails at once.
                using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}";
                pragma.ExecuteNonQuery();
                // Touch the schema now so a file that is not SQLite fails here, with the file named.
                using var probe = connection.CreateCommand();
                probe.CommandText = "SELECT COUNT(*) FROM sqlite_master";
                probe.ExecuteScalar();
            }
            return connection;
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw Failure(location, "cannot open", e);
        }
    }

    /// <summary>
    /// A write transaction. SQLite: BEGIN IMMEDIATE, so the write lock is taken (or waited for) at the start;
    /// a deferred transaction that reads first and writes later fails with "database is locked" instead of
    /// waiting when another writer got in between.
    /// </summary>
    private static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancel) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancel);

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
        var (hint, problem) = location.Dialect switch
        {
            StoreDialect.Sqlite when e is SqliteException { SqliteErrorCode: 26 } => (" (the file is not a SQLite database)", StorageProblem.NotAStore),
            StoreDialect.Sqlite when e is SqliteException { SqliteErrorCode: 5 or 6 } =>
                ($" (another process held the write lock for more than {BusyTimeout.TotalSeconds:0} s)", StorageProblem.Other),
            StoreDialect.Sqlite => ("", StorageProblem.Other),
            _ when e is PostgresException { SqlState: "28P01" or "28000" } => (" (check the user name and password)", StorageProblem.Unreachable),
            _ when e is PostgresException { SqlState: "3D000" } => (" (the database does not exist; create it, e.g. with createdb)", StorageProblem.Location),
            _ when e is PostgresException => ("", StorageProblem.Other),
            _ => (" (is the server running and reachable? check host and port)", StorageProblem.Unreachable),
        };
        var message = e is PostgresException pg ? pg.MessageText : e.Message;
        return new StorageException($"{what} {location.Description}: {message}{hint}", e, problem);
    }

    private async Task<T> Guard<T>(Func<Task<T>> action, string what)
    {
        try { return await action(); }
        catch (DbException e) { throw Failure(Location, what, e); }
    }

    // The CLI has no synchronisation context, and neither SQLite (synchronous underneath) nor Npgsql needs one.
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private StorageException NoRun(long runId) => new($"no run {runId} in {Location.Description}", StorageProblem.Run);

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

    /// <summary>Run ids as ranges for a message: "1–4, 7".</summary>
    internal static string Ranges(IEnumerable<long> ids)
    {
        var parts = new List<string>();
        long? start = null, prev = null;
        foreach (var id in ids.Order())
        {
            if (prev is not null && id == prev + 1) { prev = id; continue; }
            if (start is not null) parts.Add(start == prev ? $"{start}" : $"{start}–{prev}");
            start = prev = id;
        }
        if (start is not null) parts.Add(start == prev ? $"{start}" : $"{start}–{prev}");
        return string.Join(", ", parts);
    }
}
