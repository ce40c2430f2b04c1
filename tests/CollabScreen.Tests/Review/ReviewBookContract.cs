using System.Data.Common;
using CollabScreen.Review;
using CollabScreen.Storage;
using CollabScreen.Tests.Storage;

namespace CollabScreen.Tests.Review;

/// <summary>
/// The review use cases on every dialect, over findings of the shared OpenAlex sample's real works (13 works
/// with co-authors at five listed universities; <see cref="SampleFindings"/>): carry-over across runs,
/// four-eyes, reasons, roles, keyset paging, accounts, and the audit chain.
/// </summary>
public abstract class ReviewBookContract : IDisposable
{
    protected string Db { get; }

    protected ReviewBookContract() => Db = NewDatabase();

    protected abstract string NewDatabase();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private static readonly ReviewUser Ann = new("ann", Role.Reviewer, false, 0, null, DateTimeOffset.UnixEpoch, true);
    private static readonly ReviewUser Ben = new("ben", Role.Reviewer, false, 0, null, DateTimeOffset.UnixEpoch, true);
    private static readonly ReviewUser Vic = new("vic", Role.Viewer, false, 0, null, DateTimeOffset.UnixEpoch, true);

    /// <summary>Stores a finished run of the sample's findings, screened against §1286 alone or also the ASPI tracker.</summary>
    internal static long StoreRun(FindingStore store, bool withAspi)
    {
        var run = store.BeginRun("screen", "{}", ["works-sample-2022schema.jsonl.gz"], withAspi ? SampleFindings.Lists2023 : SampleFindings.Lists2022);
        store.AddFindings(SampleFindings.Works.Select(w => SampleFindings.For(run.Id, w, withAspi)).OfType<StoredFinding>().ToList());
        store.FinishRun(run.Id, 1000, 0);
        return run.Id;
    }

    [StoreFact]
    public void A_dismissal_carries_over_when_the_evidence_is_unchanged_and_reopens_with_the_reason_when_a_listing_appears()
    {
        using var store = FindingStore.Open(Db);
        var book = new ReviewBook(store);
        var first = StoreRun(store, withAspi: false);
        Assert.Equal(new SyncResult(11, 0, 0, false), book.Sync(first)); // 11 of 13 works have a §1286 partner
        Assert.True(book.Sync(first).AlreadySynced);
        var row = book.Queue(new QueueQuery(first)).Rows[0];
        Assert.Equal("medium", row.Severity);
        var dismissed = book.Decide(row.Key, new Decision("dismiss", DismissReason.NotThisInstitutionsAuthor, "a namesake"), Ann, "10.0.0.7");
        Assert.Equal(ReviewStatus.Dismissed, dismissed.Status); // medium: no four-eyes by default

        var second = StoreRun(store, withAspi: false);
        Assert.Equal(new SyncResult(0, 11, 0, false), book.Sync(second));
        var carried = book.Get(row.Key)!;
        Assert.Equal(ReviewStatus.Dismissed, carried.Status);
        Assert.Equal(second, carried.LastRunId);
        Assert.Equal(ReviewStatus.Dismissed, book.Queue(new QueueQuery(second, Status: "dismissed")).Rows.Single().Status);

        // The ASPI tracker is added: every §1286 finding gains a listing; the two Xidian-only works are new.
        var third = StoreRun(store, withAspi: true);
        Assert.Equal(new SyncResult(2, 10, 1, false), book.Sync(third));
        var reopened = book.Get(row.Key)!;
        Assert.Equal(ReviewStatus.Reopened, reopened.Status);
        Assert.Contains($"evidence changed in run {third}", reopened.Reason);
        Assert.Contains("new listing", reopened.Reason);
        Assert.Contains("aspi-china-defence-universities", reopened.Reason);
        var history = book.Audit.Read(0, 100, row.Key);
        Assert.Equal(["dismiss", "carry-over-reopen"], history.Select(e => e.Action));
        Assert.Equal(("ann", "10.0.0.7", "open", "dismissed"), (history[0].Actor, history[0].Client, history[0].Before, history[0].After));
        Assert.Equal("not-this-institutions-author: a namesake", history[0].Reason);
        Assert.Equal(("system", "dismissed", "reopened"), (history[1].Actor, history[1].Before, history[1].After));
        Assert.True(book.Audit.Verify().Intact);
    }

    [StoreFact]
    public void Dismissing_a_severity_under_four_eyes_waits_for_a_second_reviewer()
    {
        using var store = FindingStore.Open(Db);
        var book = new ReviewBook(store, new ReviewPolicy(new HashSet<string> { "medium" }));
        var run = StoreRun(store, withAspi: false);
        book.Sync(run);
        var key = book.Queue(new QueueQuery(run, Severity: "medium")).Rows[0].Key;
        var pending = book.Decide(key, new Decision("dismiss", DismissReason.FalseInstitutionMatch), Ann);
        Assert.Equal((ReviewStatus.DismissPending, "ann"), (pending.Status, pending.PendingBy));
        var self = Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("approve"), Ann));
        Assert.Equal(ReviewError.Forbidden, self.Error);
        Assert.Contains("second reviewer", self.Message);
        var approved = book.Decide(key, new Decision("approve"), Ben);
        Assert.Equal((ReviewStatus.Dismissed, DismissReason.FalseInstitutionMatch, (string?)null), (approved.Status, approved.Reason, approved.PendingBy));
        Assert.Equal(["dismiss", "approve"], book.Audit.Read(0, 100, key).Select(e => e.Action));
        Assert.Equal(ReviewError.Conflict, Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("approve"), Ben)).Error);
    }

    [StoreFact]
    public void Decisions_need_a_reason_from_the_set_and_a_reviewer()
    {
        using var store = FindingStore.Open(Db);
        var book = new ReviewBook(store);
        var run = StoreRun(store, withAspi: false);
        book.Sync(run);
        var key = book.Queue(new QueueQuery(run)).Rows[0].Key;
        Assert.Equal(ReviewError.Invalid, Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("dismiss"), Ann)).Error);
        Assert.Equal(ReviewError.Invalid, Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("dismiss", "because"), Ann)).Error);
        Assert.Contains("note", Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("dismiss", "other"), Ann)).Message);
        Assert.Equal(ReviewError.Forbidden, Assert.Throws<ReviewException>(() => book.Decide(key, new Decision("confirm"), Vic)).Error);
        Assert.Equal(ReviewError.Forbidden, Assert.Throws<ReviewException>(() => book.Comment(key, "hi", Vic)).Error);
        Assert.Equal(ReviewError.NotFound, Assert.Throws<ReviewException>(() => book.Decide("doi:10.0/none|x|y", new Decision("confirm"), Ann)).Error);
        Assert.Equal(ReviewStatus.Dismissed, book.Decide(key, new Decision("dismiss", "other", "duplicate record of an older paper"), Ann).Status);
        Assert.Equal(ReviewStatus.Reopened, book.Decide(key, new Decision("reopen", Note: "new information"), Ben).Status);
        Assert.Equal(ReviewStatus.Escalated, book.Decide(key, new Decision("escalate"), Ben).Status);
        Assert.DoesNotContain(book.Audit.Read(0, 100, key), e => e.Actor == "vic"); // refused requests change nothing
    }

    [StoreFact]
    public void The_queue_pages_by_keyset_most_severe_first_and_filters()
    {
        using var store = FindingStore.Open(Db);
        var book = new ReviewBook(store);
        var run = StoreRun(store, withAspi: true); // 11 medium (§1286) + 2 low (ASPI only)
        book.Sync(run);
        new UserDirectory(store).Add("ben", Role.Reviewer, "ben's long passphrase");
        var seen = new List<QueueRow>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = book.Queue(new QueueQuery(run, Cursor: cursor, Limit: 5));
            seen.AddRange(page.Rows);
            cursor = page.Next;
            pages++;
        } while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(13, seen.Select(r => r.Key).Distinct().Count());
        Assert.Equal(seen.OrderBy(r => FindingKey.Rank(r.Severity)).ThenBy(r => r.WorkId, StringComparer.Ordinal).Select(r => r.WorkId), seen.Select(r => r.WorkId));
        Assert.Equal(["low", "low"], book.Queue(new QueueQuery(run, Severity: "low")).Rows.Select(r => r.Severity));
        // Text searches the document: the institution's name.
        var xidian = book.Queue(new QueueQuery(run, Text: "xidian")).Rows;
        Assert.Equal(2, xidian.Count);
        book.Assign(xidian[0].Key, "ben", Ann);
        Assert.Equal(xidian[0].Key, book.Queue(new QueueQuery(run, Assignee: "ben")).Rows.Single().Key);
        Assert.Equal(13, book.Queue(new QueueQuery(run, Status: "todo", Limit: 100)).Rows.Count);
    }

    [StoreFact]
    public void Accounts_lock_after_repeated_wrong_passwords_and_tokens_die_with_a_disabled_account()
    {
        using var store = FindingStore.Open(Db);
        var users = new UserDirectory(store);
        users.Add("ann", Role.Reviewer, "a long passphrase");
        Assert.Equal(SignInOutcome.Ok, users.SignIn("ann", "a long passphrase", out var ann));
        Assert.Equal(Role.Reviewer, ann!.Role);
        for (var i = 1; i < UserDirectory.MaxFailures; i++) Assert.Equal(SignInOutcome.Wrong, users.SignIn("ann", "guess " + i, out _));
        Assert.Equal(SignInOutcome.LockedOut, users.SignIn("ann", "last guess", out _));
        Assert.Equal(SignInOutcome.LockedOut, users.SignIn("ann", "a long passphrase", out _)); // even the right one
        Assert.Equal(SignInOutcome.Wrong, users.SignIn("nobody", "a long passphrase", out _));
        Assert.Equal(ReviewError.Conflict, Assert.Throws<ReviewException>(() => users.Add("ann", Role.Admin, "another passphrase")).Error);
        Assert.Equal(ReviewError.Invalid, Assert.Throws<ReviewException>(() => users.Add("bob", Role.Admin, "short")).Error);

        var token = users.IssueToken("ann");
        Assert.Equal("ann", users.FromToken(token)!.Name);
        Assert.Null(users.FromToken(token + "x"));
        using (var connection = FindingStore.Connect(store.Location))
        using (var c = connection.CreateCommand())
        {
            c.CommandText = "SELECT COUNT(*) FROM review_tokens WHERE token_hash = @t";
            var p = c.CreateParameter(); p.ParameterName = "t"; p.Value = token; c.Parameters.Add(p);
            Assert.Equal(0L, Convert.ToInt64(c.ExecuteScalar())); // the token itself is never stored
        }
        users.Disable("ann");
        Assert.Null(users.FromToken(token));
        Assert.Equal(SignInOutcome.Disabled, users.SignIn("ann", "a long passphrase", out _));
        Assert.Equal(["user-add", "user-lockout", "token-issue", "user-disable"], new AuditLog(store).Read().Select(e => e.Action));
    }

    [StoreFact]
    public void The_audit_log_refuses_updates_and_an_edit_behind_its_back_breaks_the_chain()
    {
        using var store = FindingStore.Open(Db);
        var book = new ReviewBook(store);
        var run = StoreRun(store, withAspi: false);
        book.Sync(run);
        var key = book.Queue(new QueueQuery(run)).Rows[0].Key;
        book.Decide(key, new Decision("confirm"), Ann);
        book.Comment(key, "checked the affiliation string", Ben);
        Assert.Equal(new AuditVerification(3, null, null), book.Audit.Verify());

        using var connection = FindingStore.Connect(store.Location);
        Assert.ThrowsAny<DbException>(() => Execute(connection, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"));
        Assert.ThrowsAny<DbException>(() => Execute(connection, "DELETE FROM audit_log WHERE seq = 3"));
        Assert.True(book.Audit.Verify().Intact);

        // Someone with the database's owner rights goes around the triggers.
        Execute(connection, store.Location.Dialect == StoreDialect.Sqlite ? "DROP TRIGGER audit_log_no_update" : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
        Execute(connection, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
        var broken = book.Audit.Verify();
        Assert.False(broken.Intact);
        Assert.Equal(2, broken.FirstBadSeq);
        Assert.Contains("edited", broken.Problem);
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }
}

public sealed class SqliteReviewBookTests : ReviewBookContract
{
    private string? _dir;

    protected override string NewDatabase()
    {
        _dir = Directory.CreateTempSubdirectory("collabscreen-review-").FullName;
        return Path.Combine(_dir, "review.db");
    }

    public override void Dispose()
    {
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
        base.Dispose();
    }
}

[PostgresTests]
public sealed class PostgresReviewBookTests : ReviewBookContract
{
    private string? _schema;

    protected override string NewDatabase()
    {
        var cs = TestPostgres.CreateSchema(out var schema);
        _schema = schema;
        return cs;
    }

    public override void Dispose()
    {
        if (_schema is not null) TestPostgres.DropSchema(_schema);
        base.Dispose();
    }
}
