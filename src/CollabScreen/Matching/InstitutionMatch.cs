using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>A watchlist listing that applies to a matched institution, directly or through a parent entry.</summary>
public sealed record MatchedListing(string EntryId, string EntryName, Listing Listing, string? ViaParent)
{
    /// <summary>How the matched institution belongs to <see cref="ViaParent"/> ("subsidiary of", "institute of", "affiliated hospital of"); null for a direct listing.</summary>
    public string? Relation { get; init; }
}

/// <summary>
/// One institution found in a raw affiliation string. Features are the named scoring features that decided
/// it (e.g. "name_exact": 1.0, "country_consistent": 1.0); Matched is the name or alias that matched.
/// </summary>
public sealed record InstitutionMatch(
    string Ror,
    string Name,
    string? Country,
    double Score,
    string Matched,
    IReadOnlyDictionary<string, double> Features,
    IReadOnlyList<MatchedListing> Listings);
