namespace CollabScreen.Matching;

/// <summary>Latin letters with diacritics → base letter (generated from Unicode NFKD; invariant globalization has no normaliser).</summary>
internal static class LatinFold
{
    private const string Latin = "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0yaaaaaaccccccccdd\0\0eeeeeeeeeegggggggghh\0\0iiiiiiiii\0\0\0jjkk\0llllll\0\0\0\0nnnnnn\0\0\0oooooo\0\0rrrrrrsssssssstttt\0\0uuuuuuuuuuuuwwyyyzzzzzzs\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0oo\0\0\0\0\0\0\0\0\0\0\0\0\0uu\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0aaiioouuuuuuuuuu\0aaaa\0\0\0\0ggkkoooo\0\0j\0\0\0gg\0\0nnaa\0\0\0\0aaaaeeeeiiiioooorrrruuuusstt\0\0hh\0\0\0\0\0\0aaeeooooooooyy\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    private const string Extended = "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwy\0s\0\0\0\0aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy\0\0\0\0\0\0";

    /// <summary>The folded lower-case letter(s), or null when the character has no fold here.</summary>
    public static string? Fold(char c)
    {
        switch (c)
        {
            case 'ß': return "ss";
            case 'æ' or 'Æ': return "ae";
            case 'œ' or 'Œ': return "oe";
            case 'ø' or 'Ø': return "o";
            case 'ł' or 'Ł': return "l";
            case 'đ' or 'Đ' or 'ð' or 'Ð': return "d";
            case 'þ' or 'Þ': return "th";
            case 'ı': return "i";
        }
        char b = '\0';
        if (c >= '\u00C0' && c <= '\u024F') b = Latin[c - 0xC0];
        else if (c >= '\u1E00' && c <= '\u1EFF') b = Extended[c - 0x1E00];
        return b == '\0' ? null : b.ToString();
    }
}
