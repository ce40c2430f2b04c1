using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Review;

/// <summary>One audit row: who did what to which finding key, the status before → after, why, and from where.</summary>
public sealed record AuditEntry(
    long Seq, DateTimeOffset At, string Actor, string Action, string? Key, string? Before, string? After,
    string? Reason, string? Client, string PrevHash, string Hash)
{
    /// <summary>SHA-256 (hex) over the previous row's hash and every field of this row, as a JSON array.</summary>
    public static string HashOf(string prevHash, long seq, DateTimeOffset at, string actor, string action, string? key,
        string? before, string? after, string? reason, string? client)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            prevHash, seq, at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            actor, action, key, before, after, reason, client,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>The result of checking the chain: rows checked and the first row whose hash does not match (if any).</summary>
public sealed record AuditVerification(long Rows, long? FirstBadSeq, string? Problem)
{
    public bool Intact => FirstBadSeq is null;
}

/// <summary>
/// The append-only audit log. There is no update or delete here, and the database refuses them too (triggers);
/// each row's hash covers the previous row's hash, so an edit made behind the triggers' back shows in Verify.
/// </summary>
public sealed class AuditLog(FindingStore store)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends a row inside the caller's transaction (which holds the write lock, so seq is ours).</summary>
    internal static AuditEntry Append(DbConnection connection, DbTransaction tx, StoreDialect dialect, DateTimeOffset at,
        string actor, string action, string? key, string? before, string? after, string? reason, string? client)
    {
        if (dialect == StoreDialect.Postgres)
            Exec(connection, tx, "SELECT pg_advisory_xact_lock(7023194562)"); // one appender at a time
        at = new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        long seq = 1;
        var prev = Genesis;
        using (var last = connection.CreateCommand())
        {
            last.Transaction = tx;
            last.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
            using var r = last.ExecuteReader();
            if (r.Read()) { seq = r.GetInt64(0) + 1; prev = r.GetString(1); }
        }
        var hash = AuditEntry.HashOf(prev, seq, at, actor, action, key, before, after, reason, client);
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO audit_log (seq, at, actor, action, finding_key, before_state, after_state, reason, client, prev_hash, hash)
            VALUES (@seq, @at, @actor, @action, @key, @before, @after, @reason, @client, @prev, @hash)
            """;
        Db.Add(insert, "seq", seq);
        Db.AddTime(insert, dialect, "at", at);
        Db.Add(insert, "actor", actor);
        Db.Add(insert, "action", action);
        Db.Add(insert, "key", key);
        Db.Add(insert, "before", before);
        Db.Add(insert, "after", after);
        Db.Add(insert, "reason", reason);
        Db.Add(insert, "client", client);
        Db.Add(insert, "prev", prev);
        Db.Add(insert, "hash", hash);
        insert.ExecuteNonQuery();
        return new AuditEntry(seq, at, actor, action, key, before, after, reason, client, prev, hash);
    }

    /// <summary>Appends one row in its own transaction (account changes, sign-ins).</summary>
    public AuditEntry Append(string actor, string action, string? key = null, string? before = null, string? after = null,
        string? reason = null, string? client = null)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        var entry = Append(connection, tx, store.Location.Dialect, DateTimeOffset.UtcNow, actor, action, key, before, after, reason, client);
        tx.Commit();
        return entry;
    }

    /// <summary>Rows in order, after seq <paramref name="after"/>; for one finding key when given.</summary>
    public IReadOnlyList<AuditEntry> Read(long after = 0, int limit = 100, string? key = null)
    {
        var rows = new List<AuditEntry>();
        foreach (var e in Stream(after, key))
        {
            rows.Add(e);
            if (rows.Count >= limit) break;
        }
        return rows;
    }

    /// <summary>Every row from seq <paramref name="after"/> on, streamed.</summary>
    public IEnumerable<AuditEntry> Stream(long after = 0, string? key = null)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT seq, at, actor, action, finding_key, before_state, after_state, reason, client, prev_hash, hash
            FROM audit_log WHERE seq > @after {(key is null ? "" : "AND finding_key = @key")} ORDER BY seq
            """;
        Db.Add(select, "after", after);
        if (key is not null) Db.Add(select, "key", key);
        using var r = select.ExecuteReader();
        while (r.Read())
            yield return new AuditEntry(r.GetInt64(0), Db.Time(r, 1, store.Location.Dialect)!.Value, r.GetString(2), r.GetString(3),
                Db.String(r, 4), Db.String(r, 5), Db.String(r, 6), Db.String(r, 7), Db.String(r, 8), r.GetString(9), r.GetString(10));
    }

    /// <summary>Recomputes the chain from the first row: each prev_hash must be the row before's hash, each hash its own.</summary>
    public AuditVerification Verify()
    {
        var prev = Genesis;
        long rows = 0, expectedSeq = 1;
        foreach (var e in Stream())
        {
            rows++;
            if (e.Seq != expectedSeq) return new AuditVerification(rows, e.Seq, $"row {e.Seq}: expected seq {expectedSeq} (a row is missing)");
            if (e.PrevHash != prev) return new AuditVerification(rows, e.Seq, $"row {e.Seq}: prev_hash does not match the hash of row {e.Seq - 1}");
            var hash = AuditEntry.HashOf(e.PrevHash, e.Seq, e.At, e.Actor, e.Action, e.Key, e.Before, e.After, e.Reason, e.Client);
            if (hash != e.Hash) return new AuditVerification(rows, e.Seq, $"row {e.Seq}: its content does not match its hash (edited)");
            prev = e.Hash;
            expectedSeq++;
        }
        return new AuditVerification(rows, null, null);
    }

    internal static void Exec(DbConnection connection, DbTransaction? tx, string sql)
    {
        using var c = connection.CreateCommand();
        c.Transaction = tx;
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }
}
