using System.Text;

namespace CollabScreen.Storage;

/// <summary>
/// A filtered page of one run's findings, in work id order (byte order), keyset-paged: pass the previous
/// page's <see cref="FindingPage.Next"/> as <see cref="After"/>. Filters combine with AND; Severity matches
/// any of its values. List, Institution (a ROR id or an institution name), Topic and Dataset match exactly
/// (the values a finding's document carries). Text matches a substring of the title, DOI or work id, or of
/// an institution's name or ROR id, case-insensitively (ASCII case on SQLite).
/// </summary>
public sealed record FindingQuery
{
    public required long Run { get; init; }
    public IReadOnlyList<string> Severity { get; init; } = [];
    public string? List { get; init; }
    public string? Institution { get; init; }
    public string? Topic { get; init; }
    public string? Dataset { get; init; }
    public string? Text { get; init; }

    /// <summary>A cursor from a previous page; null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Findings per page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Also count the matching findings per severity and per list (over all pages; one query each).</summary>
    public bool Facets { get; init; }

    public const int MaxLimit = 10_000;

    /// <summary>The opaque cursor that continues after a work id.</summary>
    public static string CursorAfter(string workId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(workId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string WorkOf(string cursor)
    {
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(b64)); }
        catch (FormatException e) { throw new ArgumentException($"'{cursor}' is not a cursor from a previous page", nameof(cursor), e); }
    }
}

/// <summary>
/// One page of findings; Next is the cursor of the following page, null on the last one. Facet counts are
/// over every matching finding (all pages), when asked for: by severity and by list id.
/// </summary>
public sealed record FindingPage(
    IReadOnlyList<StoredFinding> Findings,
    string? Next,
    IReadOnlyDictionary<string, long>? BySeverity,
    IReadOnlyDictionary<string, long>? ByList);
