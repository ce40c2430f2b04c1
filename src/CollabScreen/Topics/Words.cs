namespace CollabScreen.Topics;

/// <summary>
/// The word rules shared by patterns and text: words are runs of letters and digits, lower-cased;
/// everything else (hyphens, punctuation) separates words. A final plural 's' is dropped so that
/// "faces" matches "face"; "iris", "analysis", "class" and "focus" keep theirs.
/// </summary>
internal static class Words
{
    public static bool IsWordChar(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c);

    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> lowerWord)
    {
        if (lowerWord.Length > 3 && lowerWord[^1] == 's')
        {
            var before = lowerWord[^2];
            if (before is not ('s' or 'u' or 'i')) return lowerWord[..^1];
        }
        return lowerWord;
    }

    /// <summary>The normalised words of a phrase (for building the pattern index).</summary>
    public static List<string> Split(string phrase)
    {
        var lower = phrase.ToLowerInvariant();
        var words = new List<string>();
        var i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && !IsWordChar(lower[i])) i++;
            var start = i;
            while (i < lower.Length && IsWordChar(lower[i])) i++;
            if (i > start) words.Add(Normalize(lower.AsSpan(start, i - start)).ToString());
        }
        return words;
    }
}
