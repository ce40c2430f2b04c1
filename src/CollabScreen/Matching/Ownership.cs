using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>
/// How a unit or subsidiary belongs to the listed organisation whose listings it carries (shown with every
/// <c>via_parent</c> listing): named from the child's kind (a company → "subsidiary of", a laboratory → "laboratory
/// of", a hospital → "hospital of", an institute or other unit → "institute of" / "unit of").
/// </summary>
public static class Ownership
{
    /// <summary>The relation of a watchlist child entry (type as in entries.jsonl) to its parent entry.</summary>
    public static string Relation(string? childType, string? parentType) => childType switch
    {
        "company" or "subsidiary" when parentType is "company" => "subsidiary of",
        "company" => "subsidiary of",
        { } t when t.Contains("laboratory") => "laboratory of",
        "subsidiary" => "unit of",
        _ => parentType is "company" ? "institute of" : "unit of",
    };

    /// <summary>The relation of a registry record (ROR types) to the listed entry of its registry ancestor.</summary>
    public static string Relation(IReadOnlyList<string> rorTypes, string? parentType) =>
        rorTypes.Contains("company") ? "subsidiary of"
        : rorTypes.Contains("healthcare") ? "hospital of"
        : rorTypes.Contains("facility") ? (parentType is "company" ? "institute of" : "laboratory of")
        : "unit of";

    /// <summary>One of <paramref name="record"/>'s names contains one of <paramref name="other"/>'s whole names (as token keys).</summary>
    public static bool NamedAfter(Institution record, Institution other)
    {
        var otherKeys = other.Names.Where(n => n.Kind != NameKind.Acronym).Select(n => " " + Key(n.Value) + " ").Where(k => k.Length > 8).ToList();
        foreach (var n in record.Names)
        {
            var key = " " + Key(n.Value) + " ";
            if (otherKeys.Any(o => key.Contains(o, StringComparison.Ordinal) && key != o)) return true;
        }
        return false;
    }

    private static string Key(string name) => AffiliationText.Key(AffiliationText.Tokenise(name, removeNoise: false));
}
