using System.Text.RegularExpressions;
using CollabScreen.Model;

namespace CollabScreen.Topics;

/// <summary>
/// Proceedings front matter and volume records: a preface, a table of contents, "This book constitutes the refereed
/// proceedings of ...". Their text lists many papers' topics, none of which is the record's own, so they are not
/// classified. Says why in words, or null for an ordinary work.
/// </summary>
public static partial class FrontMatter
{
    public static string? Why(Work work)
    {
        if (work.Title is { } title && FrontTitle().Match(title) is { Success: true } t)
            return $"front matter, not a paper (title: '{t.Value}')";
        if (work.Abstract is { } text && TableOfContents().Match(text) is { Success: true } a)
            return $"front matter: the abstract describes a proceedings volume or lists its contents ('{a.Value}')";
        return null;
    }

    [GeneratedRegex(@"^\s*(front\s+matter|table\s+of\s+contents|contents|preface|author\s+index|subject\s+index|title\s+page|cover\s+and\s+front\s+matter)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrontTitle();

    // Publishers' volume blurbs ("This book constitutes ...", "The 14 full papers presented ...") and contents lists.
    [GeneratedRegex(@"\bthis\s+(book|volume)\s+(constitutes|contains|comprises|presents)\b|\bthe\s+proceedings\s+contain\b|\b\d+\s+(revised\s+)?(full\s+|short\s+|regular\s+)?papers\s+(presented|included|were\s+carefully|in\s+this\s+volume)|\btable\s+of\s+contents\b|\binvited\s+talks\b|\bfront\s+matter\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableOfContents();
}
