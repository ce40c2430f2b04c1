using System.Text.RegularExpressions;

namespace CollabScreen.Screening;

/// <summary>
/// Finds a printed affiliation that gives an institution's name only as the start of a longer, different name:
/// "Zhejiang University" in "Zhejiang University of Traditional Chinese Medicine", "Shanghai University" in
/// "Shanghai University of Sport". "X of/for Y" after a full name is another institution; a unit ("X School of
/// Medicine", "X, Department of ...") or a country ("X of China") is not; nor a longer name the registry gives to
/// the same institution (the caller checks). Any plain mention of the name means the
/// string names it, so nothing is returned.
/// </summary>
public static partial class LongerName
{
    // "of"/"for", then capitalised words (joined by and/of/for/the/&), up to the end of the name segment.
    [GeneratedRegex(@"^\s+(?:of|for)\s+(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:and|of|for|the|in|&)\s+)*\p{Lu}[\p{L}'’.-]*)*", RegexOptions.CultureInvariant)]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^\s+of\s+(?:the\s+)?(?:P\.?\s*R\.?\s*)?(?:China|People['’]s Republic of China)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Country();

    // "X University of Y" is another university; "X Institute for Y", "X School of Y", "X Center for Y" are often the
    // same body's full name (Burnet Institute, Hertie School of Governance), so only these heads count.
    private static readonly string[] Heads = ["University", "College"];

    public static string? Find(string? name, IEnumerable<string> raws)
    {
        if (string.IsNullOrWhiteSpace(name) || !Heads.Any(h => name.TrimEnd().EndsWith(" " + h, StringComparison.OrdinalIgnoreCase))) return null;
        string? longer = null;
        foreach (var raw in raws)
        {
            if (string.IsNullOrEmpty(raw)) continue;
            for (var at = raw.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = raw.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + name.Length;
                if (at > 0 && char.IsLetterOrDigit(raw[at - 1])) continue; // inside another word
                if (end < raw.Length && char.IsLetterOrDigit(raw[end])) continue;
                var rest = raw[end..];
                var m = Continuation().Match(rest);
                if (!m.Success || Country().IsMatch(rest)) return null; // the name itself is printed
                longer ??= raw.Substring(at, name.Length + m.Length).Trim();
            }
        }
        return longer;
    }
}
