using System.Data.Common;
using System.Globalization;
using System.Text;
using CollabScreen.Storage;

namespace CollabScreen.Review;

/// <summary>
/// The review use cases over a store: carrying decisions into a run (Sync), the findings queue, decisions
/// with four-eyes dismissal, assignment and comments. Every change is one transaction with its audit row.
/// </summary>
public sealed class ReviewBook(FindingStore store, ReviewPolicy? policy = null, TimeProvider? clock = null)
{
    public const string SystemActor = "system";
    private readonly ReviewPolicy _policy = policy ?? ReviewPolicy.Default;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private StoreDialect Dialect => store.Location.Dialect;

    public FindingStore Store => store;
    public ReviewPolicy Policy => _policy;
    public AuditLog Audit { get; } = new(store);

    /// <summary>
    /// Links a finished run's findings to their review items, once per run: a new key opens an item; a key
    /// decided before keeps its decision when the evidence is the same or weaker; a dismissed (or pending)
    /// one whose evidence grew (higher severity, a new rule or listing) is reopened with the reason, audited.
    /// </summary>
    public SyncResult Sync(long runId)
    {
        var run = store.GetRun(runId) ?? throw new ReviewException(ReviewError.NotFound, $"no run {runId}");
        if (run.Finished is null) throw new ReviewException(ReviewError.Invalid, $"run {runId} has not finished");
        if (IsSynced(runId)) return new SyncResult(0, 0, 0, true);
        // Read first, write after: a SQLite reader would hold the lock the writer needs.
        var findings = store.FindingsOf(runId).Select(f => (Finding: f, Id: FindingKey.Of(f))).ToList();
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        if (Dialect == StoreDialect.Postgres) AuditLog.Exec(connection, tx, "SELECT pg_advisory_xact_lock(7023194563)");
        using (var again = Command(connection, tx, "SELECT COUNT(*) FROM review_synced WHERE run_id = @r"))
        {
            Db.Add(again, "r", runId);
            if (Convert.ToInt64(again.ExecuteScalar()) > 0) return new SyncResult(0, 0, 0, true);
        }
        var now = _clock.GetUtcNow();
        int added = 0, carried = 0, reopened = 0;
        using var link = Command(connection, tx, "INSERT INTO review_links (run_id, work_id, finding_key, rank) VALUES (@r, @w, @k, @rank) ON CONFLICT DO NOTHING");
        using var find = Command(connection, tx, "SELECT status, evidence FROM review_items WHERE finding_key = @k");
        using var insert = Command(connection, tx, """
            INSERT INTO review_items (finding_key, work_id, status, severity, evidence, last_run_id, updated)
            VALUES (@k, @w, @s, @sev, @e, @r, @u)
            """);
        using var update = Command(connection, tx, """
            UPDATE review_items SET status = @s, severity = @sev, evidence = @e, last_run_id = @r, updated = @u,
                reason = CASE WHEN @reopen = 1 THEN @reason ELSE reason END,
                pending_by = CASE WHEN @reopen = 1 THEN NULL ELSE pending_by END
            WHERE finding_key = @k
            """);
        foreach (var (f, (key, evidence)) in findings)
        {
            Set(link, ("r", runId), ("w", f.WorkId), ("k", key), ("rank", FindingKey.Rank(f.Severity)));
            link.ExecuteNonQuery();
            Set(find, ("k", key));
            string? status = null, before = null;
            using (var r = find.ExecuteReader())
                if (r.Read()) { status = r.GetString(0); before = r.GetString(1); }
            if (status is null)
            {
                Set(insert, ("k", key), ("w", f.WorkId), ("s", ReviewStatus.Open), ("sev", f.Severity), ("e", evidence.ToJson()), ("r", runId));
                Db.AddTime(insert, Dialect, "u", now);
                insert.ExecuteNonQuery();
                insert.Parameters.RemoveAt("u");
                added++;
                continue;
            }
            var decided = status is not (ReviewStatus.Open or ReviewStatus.Reopened);
            var grew = decided ? evidence.GrewFrom(FindingEvidence.FromJson(before!)) : null;
            var reopen = grew is not null && status is ReviewStatus.Dismissed or ReviewStatus.DismissPending;
            var newStatus = reopen ? ReviewStatus.Reopened : status;
            // A decision keeps the evidence it was made on, unless the item is reopened or was never decided.
            var keptEvidence = decided && !reopen ? before! : evidence.ToJson();
            var reason = reopen ? $"evidence changed in run {runId}: {grew}" : null;
            Set(update, ("k", key), ("s", newStatus), ("sev", f.Severity), ("e", keptEvidence), ("r", runId), ("reopen", reopen ? 1 : 0), ("reason", reason));
            Db.AddTime(update, Dialect, "u", now);
            update.ExecuteNonQuery();
            update.Parameters.RemoveAt("u");
            if (reopen)
            {
                AuditLog.Append(connection, tx, Dialect, now, SystemActor, "carry-over-reopen", key, status, newStatus, reason, null);
                reopened++;
            }
            else carried++;
        }
        using (var mark = Command(connection, tx, "INSERT INTO review_synced (run_id, synced) VALUES (@r, @t)"))
        {
            Db.Add(mark, "r", runId);
            Db.AddTime(mark, Dialect, "t", now);
            mark.ExecuteNonQuery();
        }
        AuditLog.Append(connection, tx, Dialect, now, SystemActor, "run-sync", null, null, $"run {runId}",
            $"{added} new, {carried} carried over, {reopened} reopened", null);
        tx.Commit();
        _synced[runId] = true;
        return new SyncResult(added, carried, reopened, false);
    }

    /// <summary>Syncs every finished run not synced yet, oldest first (decisions carry forward in run order).</summary>
    public int SyncAll()
    {
        var n = 0;
        foreach (var run in store.ListRuns().Where(r => r.Finished is not null))
            if (!Sync(run.Id).AlreadySynced) n++;
        return n;
    }

    /// <summary>
    /// Syncs a finished run unless it was already; false for a run that has not finished. Remembers synced
    /// runs, so the common case (every queue request) costs no query.
    /// </summary>
    public bool EnsureSynced(long runId)
    {
        if (_synced.ContainsKey(runId)) return true;
        var run = store.GetRun(runId) ?? throw new ReviewException(ReviewError.NotFound, $"no run {runId}");
        if (run.Finished is null) return false;
        Sync(runId);
        return true;
    }

    // Runs known to be synced: a run is synced once and stays so.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _synced = new();

    public bool IsSynced(long runId)
    {
        if (_synced.ContainsKey(runId)) return true;
        var synced = IsSyncedInStore(runId);
        if (synced) _synced[runId] = true;
        return synced;
    }

    private bool IsSyncedInStore(long runId)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, "SELECT COUNT(*) FROM review_synced WHERE run_id = @r");
        Db.Add(c, "r", runId);
        return Convert.ToInt64(c.ExecuteScalar()) > 0;
    }

    /// <summary>
    /// One page of a run's queue, most severe first then by work id, after the cursor (keyset paging: a page
    /// costs the same wherever it is). Status "todo" means open, reopened, dismiss-pending or needs-info.
    /// </summary>
    public QueuePage Queue(QueueQuery q)
    {
        var limit = Math.Clamp(q.Limit, 1, 500);
        using var connection = FindingStore.Connect(store.Location);
        using var select = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT i.finding_key, f.work_id, f.doi, f.title, f.year, f.severity, i.status, i.assignee
            FROM review_links l
            JOIN findings f ON f.run_id = l.run_id AND f.work_id = l.work_id
            JOIN review_items i ON i.finding_key = l.finding_key
            WHERE l.run_id = @run
            """);
        Db.Add(select, "run", q.RunId);
        if (!string.IsNullOrEmpty(q.Severity)) { sql.Append(" AND l.rank = @rank"); Db.Add(select, "rank", FindingKey.Rank(q.Severity)); }
        if (q.Status == "todo") sql.Append($" AND i.status IN ('{ReviewStatus.Open}', '{ReviewStatus.Reopened}', '{ReviewStatus.DismissPending}', '{ReviewStatus.NeedsInfo}')");
        else if (!string.IsNullOrEmpty(q.Status)) { sql.Append(" AND i.status = @status"); Db.Add(select, "status", q.Status); }
        if (!string.IsNullOrEmpty(q.Assignee)) { sql.Append(" AND i.assignee = @assignee"); Db.Add(select, "assignee", q.Assignee); }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            sql.Append(" AND (LOWER(f.work_id) LIKE @text OR LOWER(COALESCE(f.title, '')) LIKE @text OR LOWER(CAST(f.document AS TEXT)) LIKE @text)");
            Db.Add(select, "text", "%" + q.Text.Trim().ToLowerInvariant().Replace("%", "").Replace("_", "") + "%");
        }
        if (DecodeCursor(q.Cursor) is var (cr, cw))
        {
            sql.Append(" AND (l.rank > @cr OR (l.rank = @cr AND l.work_id > @cw))");
            Db.Add(select, "cr", cr);
            Db.Add(select, "cw", cw);
        }
        sql.Append(" ORDER BY l.rank, l.work_id LIMIT @limit");
        Db.Add(select, "limit", limit + 1);
        select.CommandText = sql.ToString();
        var rows = new List<QueueRow>();
        string? next = null;
        using var r = select.ExecuteReader();
        while (r.Read())
        {
            if (rows.Count == limit) { next = EncodeCursor(FindingKey.Rank(rows[^1].Severity), rows[^1].WorkId); break; }
            rows.Add(new QueueRow(r.GetString(0), r.GetString(1), Db.String(r, 2), Db.String(r, 3),
                r.IsDBNull(4) ? null : Convert.ToInt32(r.GetValue(4)), r.GetString(5), r.GetString(6), Db.String(r, 7)));
        }
        return new QueuePage(rows, next);
    }

    /// <summary>How many of a run's findings are in each review status.</summary>
    public IReadOnlyDictionary<string, long> StatusCounts(long runId)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, """
            SELECT i.status, COUNT(*) FROM review_links l JOIN review_items i ON i.finding_key = l.finding_key
            WHERE l.run_id = @r GROUP BY i.status
            """);
        Db.Add(c, "r", runId);
        var counts = new Dictionary<string, long>();
        using var r = c.ExecuteReader();
        while (r.Read()) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    /// <summary>Work id → (key, status) for a run's findings: the decisions shown beside a diff.</summary>
    public IReadOnlyDictionary<string, (string Key, string Status)> StatusesOf(long runId)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, """
            SELECT l.work_id, i.finding_key, i.status FROM review_links l JOIN review_items i ON i.finding_key = l.finding_key
            WHERE l.run_id = @r
            """);
        Db.Add(c, "r", runId);
        var map = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        using var r = c.ExecuteReader();
        while (r.Read()) map[r.GetString(0)] = (r.GetString(1), r.GetString(2));
        return map;
    }

    public ReviewItem? Get(string key)
    {
        using var connection = FindingStore.Connect(store.Location);
        return Get(connection, null, key);
    }

    /// <summary>The finding a key has in its latest synced run (its evidence), or null.</summary>
    public StoredFinding? LatestFinding(ReviewItem item)
    {
        if (item.LastRunId is not { } run) return null;
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, "SELECT run_id, work_id, doi, title, year, severity, rules, document FROM findings WHERE run_id = @r AND work_id = @w");
        Db.Add(c, "r", run);
        Db.Add(c, "w", item.WorkId);
        using var r = c.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredFinding(r.GetInt64(0), r.GetString(1), Db.String(r, 2), Db.String(r, 3), r.IsDBNull(4) ? null : Convert.ToInt32(r.GetValue(4)),
            r.GetString(5), System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? [], r.GetString(7));
    }

    public IReadOnlyList<ReviewComment> Comments(string key)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, "SELECT id, author, at, body FROM review_comments WHERE finding_key = @k ORDER BY id");
        Db.Add(c, "k", key);
        var list = new List<ReviewComment>();
        using var r = c.ExecuteReader();
        while (r.Read()) list.Add(new ReviewComment(r.GetInt64(0), r.GetString(1), Db.Time(r, 2, Dialect)!.Value, r.GetString(3)));
        return list;
    }

    /// <summary>
    /// Applies a decision. Dismissing needs a reason from <see cref="DismissReason"/> ("other" also a note);
    /// dismissing a finding whose severity the policy names waits for a different reviewer's approve.
    /// </summary>
    public ReviewItem Decide(string key, Decision decision, ReviewUser actor, string? client = null)
    {
        if (!actor.CanDecide) throw new ReviewException(ReviewError.Forbidden, $"{actor.Name} is a {UserDirectory.RoleName(actor.Role)}; deciding needs a reviewer or admin");
        var action = decision.Action?.Trim().ToLowerInvariant() ?? "";
        if (!ReviewAction.All.Contains(action))
            throw new ReviewException(ReviewError.Invalid, $"unknown action '{decision.Action}'; one of {string.Join(", ", ReviewAction.All)}");
        var note = string.IsNullOrWhiteSpace(decision.Note) ? null : decision.Note.Trim();
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        var item = Get(connection, tx, key) ?? throw new ReviewException(ReviewError.NotFound, $"no finding with key {key}");
        string status;
        string? reason = null, pendingBy = null;
        var snapshot = false; // the decision is made on the evidence of the latest finding
        switch (action)
        {
            case ReviewAction.Confirm: status = ReviewStatus.Confirmed; snapshot = true; break;
            case ReviewAction.Escalate: status = ReviewStatus.Escalated; snapshot = true; break;
            case ReviewAction.NeedsInfo: status = ReviewStatus.NeedsInfo; break;
            case ReviewAction.Dismiss:
                reason = decision.Reason?.Trim().ToLowerInvariant();
                if (reason is null || !DismissReason.Labels.ContainsKey(reason))
                    throw new ReviewException(ReviewError.Invalid, $"dismissing needs a reason: one of {string.Join(", ", DismissReason.Labels.Keys)}");
                if (reason == DismissReason.Other && note is null)
                    throw new ReviewException(ReviewError.Invalid, "reason 'other' needs a note saying why");
                if (item.Status is ReviewStatus.Dismissed) throw new ReviewException(ReviewError.Conflict, "already dismissed");
                var fourEyes = _policy.FourEyesSeverities.Contains(item.Severity);
                status = fourEyes ? ReviewStatus.DismissPending : ReviewStatus.Dismissed;
                pendingBy = fourEyes ? actor.Name : null;
                snapshot = true;
                break;
            case ReviewAction.Approve:
                if (item.Status != ReviewStatus.DismissPending) throw new ReviewException(ReviewError.Conflict, "nothing to approve: no dismissal is pending");
                if (item.PendingBy == actor.Name) throw new ReviewException(ReviewError.Forbidden, "four-eyes: a second reviewer must approve this dismissal");
                status = ReviewStatus.Dismissed;
                reason = item.Reason;
                break;
            case ReviewAction.Reject:
                if (item.Status != ReviewStatus.DismissPending) throw new ReviewException(ReviewError.Conflict, "nothing to reject: no dismissal is pending");
                status = ReviewStatus.Open;
                break;
            default: // reopen
                if (item.Status is ReviewStatus.Open or ReviewStatus.Reopened) throw new ReviewException(ReviewError.Conflict, "already open");
                status = ReviewStatus.Reopened;
                break;
        }
        string? evidence = null;
        if (snapshot && LatestFinding(item) is { } latest) evidence = FindingKey.Of(latest).Evidence.ToJson();
        using (var update = Command(connection, tx, """
            UPDATE review_items SET status = @s, reason = @reason, note = @note, pending_by = @p, updated = @u,
                evidence = COALESCE(@e, evidence) WHERE finding_key = @k
            """))
        {
            Set(update, ("s", status), ("reason", reason), ("note", note), ("p", pendingBy), ("e", evidence), ("k", key));
            Db.AddTime(update, Dialect, "u", _clock.GetUtcNow());
            update.ExecuteNonQuery();
        }
        var why = reason is null ? note : note is null ? reason : $"{reason}: {note}";
        AuditLog.Append(connection, tx, Dialect, _clock.GetUtcNow(), actor.Name, action, key, item.Status, status, why, client);
        tx.Commit();
        return Get(key)!;
    }

    /// <summary>Assigns a finding key to an enabled reviewer or admin (null: unassigned).</summary>
    public ReviewItem Assign(string key, string? assignee, ReviewUser actor, string? client = null)
    {
        if (!actor.CanDecide) throw new ReviewException(ReviewError.Forbidden, "assigning needs a reviewer or admin");
        assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        if (assignee is not null && new UserDirectory(store).Find(assignee) is not { CanDecide: true })
            throw new ReviewException(ReviewError.Invalid, $"'{assignee}' is not an enabled reviewer or admin");
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        var item = Get(connection, tx, key) ?? throw new ReviewException(ReviewError.NotFound, $"no finding with key {key}");
        using (var update = Command(connection, tx, "UPDATE review_items SET assignee = @a, updated = @u WHERE finding_key = @k"))
        {
            Set(update, ("a", assignee), ("k", key));
            Db.AddTime(update, Dialect, "u", _clock.GetUtcNow());
            update.ExecuteNonQuery();
        }
        AuditLog.Append(connection, tx, Dialect, _clock.GetUtcNow(), actor.Name, "assign", key, item.Assignee, assignee, null, client);
        tx.Commit();
        return Get(key)!;
    }

    public ReviewComment Comment(string key, string body, ReviewUser actor, string? client = null)
    {
        if (!actor.CanDecide) throw new ReviewException(ReviewError.Forbidden, "commenting needs a reviewer or admin");
        body = body?.Trim() ?? "";
        if (body.Length is 0 or > 4000) throw new ReviewException(ReviewError.Invalid, "a comment is 1-4000 characters");
        var now = _clock.GetUtcNow();
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        _ = Get(connection, tx, key) ?? throw new ReviewException(ReviewError.NotFound, $"no finding with key {key}");
        long id;
        using (var insert = Command(connection, tx, "INSERT INTO review_comments (finding_key, author, at, body) VALUES (@k, @a, @t, @b) RETURNING id"))
        {
            Set(insert, ("k", key), ("a", actor.Name), ("b", body));
            Db.AddTime(insert, Dialect, "t", now);
            id = Convert.ToInt64(insert.ExecuteScalar());
        }
        AuditLog.Append(connection, tx, Dialect, now, actor.Name, "comment", key, null, null, body, client);
        tx.Commit();
        return new ReviewComment(id, actor.Name, now, body);
    }

    /// <summary>
    /// Records "affiliation string S is not institution X" (a reviewer's or admin's decision, audited): every
    /// later screen of this store drops that author–institution pair before deciding severity.
    /// <paramref name="key"/> is the finding it was decided on (for the audit row), if any.
    /// </summary>
    public StoredSuppression Suppress(string affiliation, string? ror, string institution, string? note, ReviewUser actor, string? key = null, string? client = null)
    {
        if (!actor.CanDecide) throw new ReviewException(ReviewError.Forbidden, $"{actor.Name} is a {UserDirectory.RoleName(actor.Role)}; suppressing needs a reviewer or admin");
        affiliation = affiliation?.Trim() ?? "";
        institution = institution?.Trim() ?? "";
        ror = string.IsNullOrWhiteSpace(ror) ? null : Screening.RorId.Url(ror);
        if (affiliation.Length is 0 or > 2000) throw new ReviewException(ReviewError.Invalid, "a suppression needs the affiliation string (1-2000 characters)");
        if (institution.Length == 0 && ror is null) throw new ReviewException(ReviewError.Invalid, "a suppression needs the institution (ROR id or name)");
        if (institution.Length == 0) institution = ror!;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var matchKey = Screening.Suppressions.MatchKey(affiliation, ror, institution);
        var now = _clock.GetUtcNow();
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        using (var exists = Command(connection, tx, "SELECT COUNT(*) FROM review_suppressions WHERE match_key = @m AND lifted IS NULL"))
        {
            Db.Add(exists, "m", matchKey);
            if (Convert.ToInt64(exists.ExecuteScalar()) > 0)
                throw new ReviewException(ReviewError.Conflict, $"\"{affiliation}\" is already suppressed for {institution}");
        }
        long id;
        using (var insert = Command(connection, tx, """
            INSERT INTO review_suppressions (affiliation, match_key, ror, institution, finding_key, note, created_by, created)
            VALUES (@a, @m, @ror, @i, @k, @n, @by, @t) RETURNING id
            """))
        {
            Set(insert, ("a", affiliation), ("m", matchKey), ("ror", ror), ("i", institution), ("k", key), ("n", note), ("by", actor.Name));
            Db.AddTime(insert, Dialect, "t", now);
            id = Convert.ToInt64(insert.ExecuteScalar());
        }
        var what = $"\"{affiliation}\" is not {institution}" + (ror is null || ror == institution ? "" : $" ({ror})");
        AuditLog.Append(connection, tx, Dialect, now, actor.Name, "suppress", key, null, what, note, client);
        tx.Commit();
        return new StoredSuppression(id, affiliation, ror, institution, key, note, actor.Name, now);
    }

    /// <summary>The suppressions in force, oldest first.</summary>
    public IReadOnlyList<StoredSuppression> ListSuppressions()
    {
        using var connection = FindingStore.Connect(store.Location);
        using var c = Command(connection, null, """
            SELECT id, affiliation, ror, institution, finding_key, note, created_by, created
            FROM review_suppressions WHERE lifted IS NULL ORDER BY id
            """);
        var list = new List<StoredSuppression>();
        using var r = c.ExecuteReader();
        while (r.Read())
            list.Add(new StoredSuppression(r.GetInt64(0), r.GetString(1), Db.String(r, 2), r.GetString(3), Db.String(r, 4), Db.String(r, 5),
                r.GetString(6), Db.Time(r, 7, Dialect)!.Value));
        return list;
    }

    /// <summary>The suppressions in force as a screen applies them.</summary>
    public Screening.Suppressions Suppressions() =>
        new(ListSuppressions().Select(s => new Screening.Suppression(s.Affiliation, s.Ror, s.Institution)));

    private ReviewItem? Get(DbConnection connection, DbTransaction? tx, string key)
    {
        using var c = Command(connection, tx, """
            SELECT finding_key, work_id, status, severity, reason, note, assignee, pending_by, last_run_id, updated
            FROM review_items WHERE finding_key = @k
            """);
        Db.Add(c, "k", key);
        using var r = c.ExecuteReader();
        if (!r.Read()) return null;
        return new ReviewItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Db.String(r, 4), Db.String(r, 5),
            Db.String(r, 6), Db.String(r, 7), Db.Long(r, 8), Db.Time(r, 9, Dialect)!.Value);
    }

    private static string EncodeCursor(int rank, string workId) => FindingKey.ToId($"{rank}:{workId}");

    private static (int, string)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || FindingKey.FromId(cursor) is not { } text) return null;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var rank))
            throw new ReviewException(ReviewError.Invalid, "not a cursor of this queue");
        return (rank, text[(colon + 1)..]);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var c = connection.CreateCommand();
        c.Transaction = tx;
        c.CommandText = sql;
        return c;
    }

    /// <summary>Sets a reused command's parameters by name (adding them the first time).</summary>
    private static void Set(DbCommand c, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (c.Parameters.Contains(name)) c.Parameters[name].Value = value ?? DBNull.Value;
            else Db.Add(c, name, value);
        }
    }
}
