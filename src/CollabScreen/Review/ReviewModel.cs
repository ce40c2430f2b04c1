namespace CollabScreen.Review;

/// <summary>What an account may do: viewers read, reviewers also decide, admins also manage accounts.</summary>
public enum Role { Viewer, Reviewer, Admin }

/// <summary>A review account. Names are login names, not people's identities; no other personal data is kept.</summary>
public sealed record ReviewUser(string Name, Role Role, bool Disabled, int FailedLogins, DateTimeOffset? LockedUntil, DateTimeOffset Created, bool HasPassword)
{
    public bool CanDecide => !Disabled && Role >= Role.Reviewer;
}

/// <summary>The review statuses of a finding key.</summary>
public static class ReviewStatus
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Dismissed = "dismissed";
    public const string DismissPending = "dismiss-pending";
    public const string Escalated = "escalated";
    public const string NeedsInfo = "needs-info";
    public const string Reopened = "reopened";

    public static readonly IReadOnlyList<string> All = [Open, Reopened, DismissPending, NeedsInfo, Escalated, Confirmed, Dismissed];
}

/// <summary>What a reviewer can do to a finding key.</summary>
public static class ReviewAction
{
    public const string Confirm = "confirm";
    public const string Dismiss = "dismiss";
    public const string Escalate = "escalate";
    public const string NeedsInfo = "needs-info";
    public const string Reopen = "reopen";
    /// <summary>A second reviewer accepts a pending dismissal (four-eyes).</summary>
    public const string Approve = "approve";
    /// <summary>A second reviewer turns a pending dismissal down; the finding is open again.</summary>
    public const string Reject = "reject";

    public static readonly IReadOnlyList<string> All = [Confirm, Dismiss, Escalate, NeedsInfo, Reopen, Approve, Reject];
}

/// <summary>Why a finding is dismissed: a fixed set, so dismissals can be counted; "other" needs a note.</summary>
public static class DismissReason
{
    public const string FalseInstitutionMatch = "false-institution-match";
    public const string NotThisInstitutionsAuthor = "not-this-institutions-author";
    public const string OffTopic = "off-topic";
    public const string AlreadyReported = "already-reported";
    public const string Other = "other";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [FalseInstitutionMatch] = "False match of institution",
        [NotThisInstitutionsAuthor] = "Not this institution's author",
        [OffTopic] = "Off topic",
        [AlreadyReported] = "Already reported",
        [Other] = "Other (say why)",
    };
}

/// <summary>A reviewer's decision on a finding key. Reason: a <see cref="DismissReason"/> for dismissals.</summary>
public sealed record Decision(string Action, string? Reason = null, string? Note = null);

/// <summary>
/// Which severities need a second reviewer to dismiss (four-eyes); empty turns it off. Default: critical and high.
/// </summary>
public sealed record ReviewPolicy(IReadOnlySet<string> FourEyesSeverities)
{
    public static ReviewPolicy Default { get; } = new(new HashSet<string>(["critical", "high"], StringComparer.Ordinal));
    public static ReviewPolicy NoFourEyes { get; } = new(new HashSet<string>(StringComparer.Ordinal));
}

/// <summary>The review state of one finding key, with the latest finding's document and the comments.</summary>
public sealed record ReviewItem(
    string Key, string WorkId, string Status, string Severity, string? Reason, string? Note, string? Assignee,
    string? PendingBy, long? LastRunId, DateTimeOffset Updated)
{
    /// <summary>The key in URLs: base64url of its UTF-8 bytes (keys hold '/' and '|').</summary>
    public string Id => FindingKey.ToId(Key);
}

/// <summary>A suppression in force: "affiliation string S is not institution X", who decided it, when, on which finding.</summary>
public sealed record StoredSuppression(long Id, string Affiliation, string? Ror, string Institution, string? FindingKey, string? Note,
    string CreatedBy, DateTimeOffset Created);

public sealed record ReviewComment(long Id, string Author, DateTimeOffset At, string Body);

/// <summary>A queue row: a run's finding with its review state.</summary>
public sealed record QueueRow(string Key, string WorkId, string? Doi, string? Title, int? Year, string Severity, string Status, string? Assignee)
{
    public string Id => FindingKey.ToId(Key);
}

/// <summary>
/// Filters of the findings queue; null means any. Text matches the work id, title or anywhere in the finding's
/// document (an institution, list, topic or dataset name). Cursor: the <see cref="QueuePage.Next"/> of the page before.
/// </summary>
public sealed record QueueQuery(long RunId, string? Severity = null, string? Status = null, string? Assignee = null,
    string? Text = null, string? Cursor = null, int Limit = 50);

public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, string? Next);

/// <summary>What syncing a run did: new keys, keys carried over as they were, keys reopened because evidence grew.</summary>
public sealed record SyncResult(int New, int Carried, int Reopened, bool AlreadySynced);

/// <summary>A request the review rules refuse: not allowed (Forbidden) or not valid (Invalid), or an unknown key.</summary>
public sealed class ReviewException(ReviewError error, string message) : Exception(message)
{
    public ReviewError Error { get; } = error;
}

public enum ReviewError { Invalid, Forbidden, NotFound, Conflict }
