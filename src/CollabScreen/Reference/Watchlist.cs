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
}

/// <summary>An institution or company named on one or more lists.</summary>
public sealed record WatchlistEntry(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Country,
    IReadOnlyList<string> RorIds,
    string? ParentId,
    IReadOnlyList<Listing> Listings);
