using System.Text.RegularExpressions;
using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>
/// The English renderings of Chinese armed-force and police institutions' names. The People's Armed Police is written
/// PAP, CAPF, (Chinese) People's Armed Police (Force) or Armed Police Force, before the institution's kind or after it
/// with "of (the)": "Engineering University of the CAPF" = "Chinese Peoples Armed Police Force Engn Univ" = "Armed Police
/// Force Engineering University" = "Engineering University of PAP". The PLA Navy's schools are written Naval or Navy
/// ("Naval University of Engineering", "Navy Univ Engn"), and a 军医大学 is a "Military Medical University" or a
/// "Medical University" ("Army Medical University", "Army Mil Med Univ"). Applied to the names of Chinese entries the
/// lists class as Military or Security only, so no other country's navy or police is renamed.
/// </summary>
public static class ForceNames
{
    private static readonly string[] Pap =
        ["PAP", "CAPF", "People's Armed Police", "People's Armed Police Force", "Chinese People's Armed Police", "Chinese People's Armed Police Force", "Armed Police Force", "Chinese Armed Police Force"];

    private static readonly Regex PapPart = new(
        @"(?:^|\s)(?:of\s+)?(?:the\s+)?(?:Chinese\s+)?(?:PAP|CAPF|(?:People[’']?s\s+)?Armed\s+Police(?:\s+Forces?)?)(?:\s+|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex NavyHead = new(@"^(?:PLA\s+)?(Naval|Navy)\s+", RegexOptions.CultureInvariant);
    private static readonly Regex MedicalUniversity = new(@"^(Army|Navy|Naval|Air Force)\s+Medical\s+University$", RegexOptions.CultureInvariant);

    public static bool Applies(WatchlistEntry e) =>
        e.Country == "CN" && e.Listings.Any(l => l.Category is "Military" or "Security");

    /// <summary>Other renderings of one name (none when it names no force).</summary>
    public static IEnumerable<string> Expand(string name)
    {
        if (name.Any(c => c >= '\u4e00')) yield break;
        var m = PapPart.Match(name);
        if (m.Success)
        {
            var head = (name[..m.Index] + " " + name[(m.Index + m.Length)..]).Trim();
            if (head.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2)
                foreach (var force in Pap)
                {
                    yield return $"{head} of the {force}";
                    yield return $"{force} {head}";
                }
        }
        if (NavyHead.Match(name) is { Success: true } n)
            yield return (n.Groups[1].Value == "Naval" ? "Navy " : "Naval ") + name[n.Length..];
        if (MedicalUniversity.Match(name) is { Success: true } med)
            yield return $"{med.Groups[1].Value} Military Medical University";
    }
}
