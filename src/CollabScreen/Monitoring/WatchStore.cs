using System.Data.Common;
using System.Text.Json;
using CollabScreen.Storage;
using Microsoft.Data.Sqlite;

namespace CollabScreen.Monitoring;

/// <summary>One attempt of a watch, as recorded: baseline, screened (works read) or re-evaluated (stored evidence only).</summary>
public sealed record WatchRunRecord(long Id, string Watch, DateTimeOffset Started, DateTimeOffset? Finished, string Status, string? Message,
    string? Mode, long? RunId, long? BaselineRun, long? WorksRead, long? Changes);

/// <summary>An alert for one target: pending until delivered, then never sent again.</summary>
public sealed record AlertRecord(long Id, string Watch, long WatchRun, NotifyTarget Target, string IdempotencyKey, string Payload,
    string Status, int Attempts, string? LastError, DateTimeOffset Created, DateTimeOffset? Delivered);

/// <summary>
/// The monitoring tables (migration "watches") in the same database as the runs and findings: watches, their runs,
/// their alerts, and one lock row per watch being run.
/// </summary>
public sealed class WatchStore(FindingStore store)
{
    private const string WatchColumns = "name, institution, source, policy, lists_dir, notify, schedule, secret, created, next_due, last_success_run, last_success_at, input_digest";
    private const string RunColumns = "id, watch, started, finished, status, message, mode, run_id, baseline_run, works_read, changes";
    private const string AlertColumns = "id, watch, watch_run, target, idempotency_key, payload, status, attempts, last_error, created, delivered";

    public FindingStore Findings => store;
    private StoreDialect Dialect => store.Location.Dialect;

    // ---- Watches --------------------------------------------------------------------------------------

    public void Add(Watch w)
    {
        if (Watch.NameProblem(w.Name) is { } problem) throw new ArgumentException(problem);
        Write((c, tx) =>
        {
            if (Scalar(c, tx, "SELECT COUNT(*) FROM watches WHERE name = @n", ("n", w.Name)) is > 0)
                throw new StorageException($"a watch named '{w.Name}' already exists in {store.Location.Description}", StorageProblem.Other);
            using var cmd = Command(c, tx, $"INSERT INTO watches ({WatchColumns}) VALUES (@n, @i, @s, @p, @l, @notify, @sched, @secret, @created, @due, NULL, NULL, NULL)");
            Db.Add(cmd, "n", w.Name);
            Db.Add(cmd, "i", w.Institution);
            Db.Add(cmd, "s", w.SourceJson());
            Db.Add(cmd, "p", w.Policy);
            Db.Add(cmd, "l", w.ListsDirectory);
            Db.Add(cmd, "notify", JsonSerializer.Serialize(w.Notify.Select(t => t.ToString())));
            Db.Add(cmd, "sched", w.Schedule);
            Db.Add(cmd, "secret", w.Secret);
            Db.AddTime(cmd, Dialect, "created", w.Created);
            Db.AddTime(cmd, Dialect, "due", w.NextDue);
            cmd.ExecuteNonQuery();
        });
    }

    public Watch? Get(string name) => Read(c =>
    {
        using var cmd = Command(c, null, $"SELECT {WatchColumns} FROM watches WHERE name = @n", ("n", name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadWatch(r) : null;
    });

    public IReadOnlyList<Watch> List() => Read(c =>
    {
        using var cmd = Command(c, null, $"SELECT {WatchColumns} FROM watches ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<Watch>();
        while (r.Read()) list.Add(ReadWatch(r));
        return (IReadOnlyList<Watch>)list;
    });

    /// <summary>Removes a watch with its runs, alerts and lock; the screening runs it made stay in the store.</summary>
    public bool Remove(string name)
    {
        var removed = false;
        Write((c, tx) =>
        {
            foreach (var table in new[] { "watch_alerts", "watch_runs", "watch_locks" })
                Exec(c, tx, $"DELETE FROM {table} WHERE watch = @n", ("n", name));
            removed = Exec(c, tx, "DELETE FROM watches WHERE name = @n", ("n", name)) > 0;
        });
        return removed;
    }

    /// <summary>Records a successful run: the run later runs compare with, what was read, and when the watch is due next.</summary>
    public void RecordSuccess(string name, long runId, DateTimeOffset at, string? inputDigest, DateTimeOffset? nextDue) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "UPDATE watches SET last_success_run = @r, last_success_at = @at, input_digest = @d, next_due = @due WHERE name = @n",
            ("r", runId), ("d", inputDigest), ("n", name));
        Db.AddTime(cmd, Dialect, "at", at);
        Db.AddTime(cmd, Dialect, "due", nextDue);
        cmd.ExecuteNonQuery();
    });

    public void SetNextDue(string name, DateTimeOffset? due) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "UPDATE watches SET next_due = @due WHERE name = @n", ("n", name));
        Db.AddTime(cmd, Dialect, "due", due);
        cmd.ExecuteNonQuery();
    });

    private Watch ReadWatch(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), Watch.InputsOf(r.GetString(2)),
            (JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? []).Select(NotifyTarget.Parse).ToList())
        {
            Policy = Db.String(r, 3), ListsDirectory = Db.String(r, 4), Schedule = Db.String(r, 6), Secret = r.GetString(7),
            Created = Db.Time(r, 8, Dialect)!.Value, NextDue = Db.Time(r, 9, Dialect), LastSuccessRun = Db.Long(r, 10),
            LastSuccessAt = Db.Time(r, 11, Dialect), InputDigest = Db.String(r, 12),
        };

    // ---- Watch runs -----------------------------------------------------------------------------------

    public long BeginWatchRun(string watch, DateTimeOffset started) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "INSERT INTO watch_runs (watch, started, status) VALUES (@w, @t, 'running') RETURNING id", ("w", watch));
        Db.AddTime(cmd, Dialect, "t", started);
        return Convert.ToInt64(cmd.ExecuteScalar());
    });

    public void EndWatchRun(long id, string status, string? message, string? mode, long? runId, long? baselineRun, long? worksRead, long? changes) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "UPDATE watch_runs SET finished = @t, status = @s, message = @m, mode = @mode, run_id = @r, baseline_run = @b, works_read = @read, changes = @ch WHERE id = @id",
            ("s", status), ("m", message), ("mode", mode), ("r", runId), ("b", baselineRun), ("read", worksRead), ("ch", changes), ("id", id));
        Db.AddTime(cmd, Dialect, "t", DateTimeOffset.UtcNow);
        cmd.ExecuteNonQuery();
    });

    public IReadOnlyList<WatchRunRecord> Runs(string watch) => Read(c =>
    {
        using var cmd = Command(c, null, $"SELECT {RunColumns} FROM watch_runs WHERE watch = @w ORDER BY id", ("w", watch));
        using var r = cmd.ExecuteReader();
        var list = new List<WatchRunRecord>();
        while (r.Read())
            list.Add(new WatchRunRecord(r.GetInt64(0), r.GetString(1), Db.Time(r, 2, Dialect)!.Value, Db.Time(r, 3, Dialect), r.GetString(4),
                Db.String(r, 5), Db.String(r, 6), Db.Long(r, 7), Db.Long(r, 8), Db.Long(r, 9), Db.Long(r, 10)));
        return (IReadOnlyList<WatchRunRecord>)list;
    });

    // ---- Alerts ---------------------------------------------------------------------------------------

    /// <summary>Records an alert once: a second call with the same idempotency key changes nothing. Returns whether it was new.</summary>
    public bool AddAlert(string watch, long watchRun, NotifyTarget target, string key, string payload) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "INSERT INTO watch_alerts (watch, watch_run, target, idempotency_key, payload, status, attempts, created) " +
                                       "VALUES (@w, @run, @t, @k, @p, 'pending', 0, @c) ON CONFLICT (idempotency_key) DO NOTHING",
            ("w", watch), ("run", watchRun), ("t", target.ToString()), ("k", key), ("p", payload));
        Db.AddTime(cmd, Dialect, "c", DateTimeOffset.UtcNow);
        return cmd.ExecuteNonQuery() > 0;
    });

    public IReadOnlyList<AlertRecord> Alerts(string watch, bool pendingOnly = false) => Read(c =>
    {
        using var cmd = Command(c, null, $"SELECT {AlertColumns} FROM watch_alerts WHERE watch = @w{(pendingOnly ? " AND status = 'pending'" : "")} ORDER BY id", ("w", watch));
        using var r = cmd.ExecuteReader();
        var list = new List<AlertRecord>();
        while (r.Read())
            list.Add(new AlertRecord(r.GetInt64(0), r.GetString(1), r.GetInt64(2), NotifyTarget.Parse(r.GetString(3)), r.GetString(4), r.GetString(5),
                r.GetString(6), Convert.ToInt32(r.GetValue(7)), Db.String(r, 8), Db.Time(r, 9, Dialect)!.Value, Db.Time(r, 10, Dialect)));
        return (IReadOnlyList<AlertRecord>)list;
    });

    /// <summary>Marks an attempt: delivered (never sent again) or still pending with the error, for the next run.</summary>
    public void RecordAttempt(long alertId, int attempts, bool delivered, string? error) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, "UPDATE watch_alerts SET attempts = attempts + @a, status = @s, last_error = @e, delivered = @d WHERE id = @id AND status = 'pending'",
            ("a", attempts), ("s", delivered ? "delivered" : "pending"), ("e", error), ("id", alertId));
        Db.AddTime(cmd, Dialect, "d", delivered ? DateTimeOffset.UtcNow : null);
        cmd.ExecuteNonQuery();
    });

    // ---- Lock -----------------------------------------------------------------------------------------

    /// <summary>
    /// Takes the watch's lock row unless another holder has an unexpired one. Atomic on both databases (an insert that
    /// conflicts on the primary key does nothing), so of two processes starting at once exactly one gets it.
    /// </summary>
    public bool TryLock(string watch, string holder, TimeSpan ttl) => Write((c, tx) =>
    {
        var now = DateTimeOffset.UtcNow;
        using (var expired = Command(c, tx, "DELETE FROM watch_locks WHERE watch = @w AND expires < @now", ("w", watch)))
        {
            Db.AddTime(expired, Dialect, "now", now);
            expired.ExecuteNonQuery();
        }
        using var cmd = Command(c, tx, "INSERT INTO watch_locks (watch, holder, acquired, expires) VALUES (@w, @h, @a, @e) ON CONFLICT (watch) DO NOTHING",
            ("w", watch), ("h", holder));
        Db.AddTime(cmd, Dialect, "a", now);
        Db.AddTime(cmd, Dialect, "e", now + ttl);
        return cmd.ExecuteNonQuery() > 0;
    });

    public void Unlock(string watch, string holder) => Write((c, tx) =>
        Exec(c, tx, "DELETE FROM watch_locks WHERE watch = @w AND holder = @h", ("w", watch), ("h", holder)));

    // ---- Plumbing -------------------------------------------------------------------------------------

    private T Read<T>(Func<DbConnection, T> body)
    {
        try
        {
            using var c = FindingStore.Connect(store.Location);
            return body(c);
        }
        catch (DbException e) { throw new StorageException($"cannot read watches from {store.Location.Description}: {e.Message}", e, StorageProblem.Other); }
    }

    private void Write(Action<DbConnection, DbTransaction> body) => Write<int>((c, tx) => { body(c, tx); return 0; });

    // Writes take SQLite's write lock at once (BEGIN IMMEDIATE), as the finding store's do.
    private T Write<T>(Func<DbConnection, DbTransaction, T> body)
    {
        try
        {
            using var c = FindingStore.Connect(store.Location);
            using var tx = c is SqliteConnection s ? s.BeginTransaction(deferred: false) : c.BeginTransaction();
            var result = body(c, tx);
            tx.Commit();
            return result;
        }
        catch (DbException e) { throw new StorageException($"cannot write watches to {store.Location.Description}: {e.Message}", e, StorageProblem.Other); }
    }

    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in args) Db.Add(cmd, n, v);
        return cmd;
    }

    private static int Exec(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static long? Scalar(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return Db.Long(cmd.ExecuteScalar());
    }
}
