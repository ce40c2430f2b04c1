namespace CollabScreen.Reference;

public enum NameKind { Display, Alias, Acronym, Label }

/// <summary>A name of an institution; Lang is an ISO 639-1 code where the registry gives one (e.g. "zh").</summary>
public sealed record InstitutionName(string Value, NameKind Kind, string? Lang = null);

/// <summary>parent, child, related, successor, predecessor (ROR relationship types, lower case).</summary>
public sealed record InstitutionLink(string Type, string Ror, string? Label);

/// <summary>An organisation from the ROR registry (schema v1 or v2, normalised to one shape).</summary>
public sealed record Institution(
    string Ror,
    string Name,
    IReadOnlyList<InstitutionName> Names,
    string? Country,
    string? City,
    IReadOnlyList<string> Types,
    string Status,
    IReadOnlyList<InstitutionLink> Links)
{
    /// <summary>English country name as the registry gives it (e.g. "China").</summary>
    public string? CountryName { get; init; }

    /// <summary>First-level subdivision (province, state), e.g. "Hunan".</summary>
    public string? Region { get; init; }

    public bool IsActive => Status == "active";
}
