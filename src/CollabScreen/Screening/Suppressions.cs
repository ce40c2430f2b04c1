using System.Text.RegularExpressions;

namespace CollabScreen.Screening;

/// <summary>
/// A review decision broader than one work: the affiliation string <paramref name="Affiliation"/> does not denote
/// the institution (by ROR id when it has one, else by name). It applies to every later screen.
/// </summary>
public sealed record Suppression(string Affiliation, string? Ror, string Institution);

/// <summary>
/// The suppressions a screen honours: an author–institution pair whose affiliation string (trimmed, case and
/// runs of white space ignored) and institution both match one is dropped before severity is decided, so
/// a false institution match decided once no longer raises a finding anywhere.
/// </summary>
public sealed partial class Suppressions
{
    public static Suppressions None { get; } = new([]);

    private readonly HashSet<(string Affiliation, string Institution)> _pairs = [];

    public Suppressions(IEnumerable<Suppression> suppressions)
    {
        foreach (var s in suppressions) _pairs.Add((Normalise(s.Affiliation), InstitutionId(s.Ror, s.Institution)));
    }

    public int Count => _pairs.Count;

    /// <summary>The affiliation string as suppressions compare it.</summary>
    public static string Normalise(string affiliation) => Spaces().Replace(affiliation.Trim(), " ").ToLowerInvariant();

    /// <summary>The pair as stored and compared: normalised affiliation | ror:ID (or name:NAME without a ROR id).</summary>
    public static string MatchKey(string affiliation, string? ror, string? name) => Normalise(affiliation) + "|" + InstitutionId(ror, name);

    private static string InstitutionId(string? ror, string? name) =>
        RorId.Bare(ror) is { } bare ? "ror:" + bare : "name:" + Normalise(name ?? "");

    public bool Matches(InstitutionEvidence e) =>
        e.Affiliation is { } a && _pairs.Count > 0 && _pairs.Contains((Normalise(a), InstitutionId(e.Ror, e.Name)));

    /// <summary>The signals without the suppressed pairs, and how many were dropped.</summary>
    public (WorkSignals Signals, int Suppressed) Apply(WorkSignals signals)
    {
        if (_pairs.Count == 0) return (signals, 0);
        var kept = signals.Institutions.Where(i => !Matches(i)).ToList();
        var dropped = signals.Institutions.Count - kept.Count;
        return dropped == 0 ? (signals, 0) : (signals with { Institutions = kept }, dropped);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
