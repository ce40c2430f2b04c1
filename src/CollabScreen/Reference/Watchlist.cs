namespace CollabScreen.Reference;

/// <summary>
/// What kind of statement a list makes. Legal designations (Entity List, 1260H, NS-CMIC, §1286) carry legal
/// consequences; assessments (ASPI tracker) are a think tank's judgement. Reports keep them visibly apart.
/// </summary>
public enum ListKind { LegalDesignation, Assessment, UserList }

/// <summary>A published list: ASPI tracker, NDAA §1286, DoD 1260H, Entity List, a user's own list, ...</summary>
public sealed record Watchlist(
    string Id,
    string Name,
    string Authority,
    ListKind Kind,
    string Description,
    string Version,
    DateOnly? Retrieved,
    string SourceUrl);

/// <summary>One membership of an entry on a list, with dates so screening can say "listed 2020-06-05, paper 2018".</summary>
public sealed record Listing(
    string List,
    string Authority,
    string? Category,
    DateOnly? Start,
    DateOnly? End,
    string? Reason,
    string SourceUrl)
{
    public bool ActiveOn(DateOnly day) => (Start is null || Start <= day) && (End is null || day < End);

    /// <summary>Legal designation, think-tank assessment or user list (copied from the list, so a listing explains itself).</summary>
    public ListKind Kind { get; init; } = ListKind.LegalDesignation;

    /// <summary>Our risk tier for this membership (policy in data/watchlists/README.md; see <see cref="RiskTiers"/>).</summary>
    public RiskTier Tier { get; init; } = RiskTier.High;
}

/// <summary>An institution or company named on one or more lists.</summary>
public sealed record WatchlistEntry(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Country,
    IReadOnlyList<string> RorIds,
    string? ParentId,
    IReadOnlyList<Listing> Listings)
{
    /// <summary>Name in Chinese characters where the list gives one (also among <see cref="Aliases"/>).</summary>
    public string? NameZh { get; init; }

    /// <summary>institution, company, laboratory, subsidiary (or subsidiary+laboratory), agency, organisation or program (a talent program on the §1286 list).</summary>
    public string? Type { get; init; }

    /// <summary>Supervising agencies named by the ASPI tracker (e.g. "Central Military Commission (CMC)").</summary>
    public IReadOnlyList<string> SupervisingAgencies { get; init; } = [];

    /// <summary>A parent named by a list that is not itself an entry (when it is, see <see cref="ParentId"/>).</summary>
    public string? ParentName { get; init; }

    /// <summary>Addresses as the list gives them (the Entity List names campuses and sites); shown, never matched.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Highest tier among listings (active or not); null without listings.</summary>
    public RiskTier? HighestTier => Listings.Count == 0 ? null : Listings.Max(l => l.Tier);

    /// <summary>Every name: canonical, Chinese, aliases.</summary>
    public IEnumerable<string> AllNames()
    {
        yield return Name;
        if (NameZh is not null) yield return NameZh;
        foreach (var a in Aliases) yield return a;
    }
}
