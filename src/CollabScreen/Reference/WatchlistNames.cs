using System.Text;
using System.Text.RegularExpressions;

namespace CollabScreen.Reference;

/// <summary>Name keys for exact comparison across scripts: NFKC, case-folded, punctuation to spaces, "&amp;" as "and".</summary>
public static partial class WatchlistNames
{
    public static string Key(string name)
    {
        var s = name.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Replace("&", " and ");
        var sb = new StringBuilder(s.Length);
        var space = true;
        foreach (var c in s)
        {
            if (c is '\'' or '’' or '‘' or '`' or '"' or '“' or '”') continue;
            if (char.IsLetterOrDigit(c)) { sb.Append(c); space = false; }
            else if (!space) { sb.Append(' '); space = true; }
        }
        var key = sb.ToString().TrimEnd();
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }

    public static IReadOnlyList<string> Tokens(string key) => key.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool HasCjk(string s) => s.Any(c => c is >= '\u3400' and <= '\u9fff');

    /// <summary>"https://ror.org/05d2yfz11", "ror.org/05d2yfz11" or "05d2yfz11" → "https://ror.org/05d2yfz11"; null if not a ROR id.</summary>
    public static string? RorUrl(string text)
    {
        var m = RorPattern().Match(text.Trim());
        return m.Success ? "https://ror.org/" + m.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"^(?:https?://)?(?:ror\.org/)?(0[a-hj-km-np-tv-z0-9]{6}[0-9]{2})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex RorPattern();
}
