namespace CollabScreen.Reference;

/// <summary>Our risk tier for a list membership. Order matters: higher is more serious.</summary>
public enum RiskTier { Moderate = 1, Elevated = 2, High = 3 }

/// <summary>
/// The documented tier policy (data/watchlists/README.md): legal designations and ASPI's Seven Sons / Military
/// categories are High; ASPI Security and Defence industry conglomerate are Elevated; ASPI Civilian is Moderate.
/// </summary>
public static class RiskTiers
{
    public static RiskTier For(ListKind kind, string? category) => kind switch
    {
        ListKind.LegalDesignation => RiskTier.High,
        _ => Normalise(category) switch
        {
            "seven sons of national defence" or "seven sons of national defense" or "military" or "high" => RiskTier.High,
            "security" or "defence industry conglomerate" or "defense industry conglomerate" or "elevated" => RiskTier.Elevated,
            "civilian" or "moderate" => RiskTier.Moderate,
            // An assessment or user list with no recognised category: treat as a reason to look, not a designation.
            _ => RiskTier.Elevated,
        },
    };

    public static bool TryParse(string? text, out RiskTier tier) =>
        Enum.TryParse(text, ignoreCase: true, out tier) && Enum.IsDefined(tier);

    private static string Normalise(string? category) => (category ?? "").Trim().ToLowerInvariant();
}
