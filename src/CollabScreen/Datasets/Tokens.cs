namespace CollabScreen.Datasets;

/// <summary>A word: a run of letters and digits, plus a trailing '+' (CK+, LFW+), located in its text.</summary>
internal readonly record struct Token(int Start, int Length)
{
    public int End => Start + Length;
}

internal static class Tokens
{
    /// <summary>Splits once; every later test works on these spans, so word boundaries come for free.</summary>
    public static void Split(string text, List<Token> into)
    {
        into.Clear();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            while (i < text.Length && text[i] == '+') i++;
            into.Add(new Token(start, i - start));
        }
    }

    public static string[] Words(string text)
    {
        var list = new List<Token>();
        Split(text, list);
        return list.Select(t => text.Substring(t.Start, t.Length)).ToArray();
    }
}
