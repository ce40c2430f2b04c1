// TEMPORARY stand-in until the "lists" branch lands on main; delete before merging main.
namespace CollabScreen.Reference;

public sealed class Watchlists
{
    private readonly Dictionary<string, WatchlistEntry> _byId;
    private readonly ILookup<string, WatchlistEntry> _byRor;

    public Watchlists(IEnumerable<Watchlist> lists, IEnumerable<WatchlistEntry> entries)
    {
        Lists = lists.ToList();
        Entries = entries.ToList();
        _byId = Entries.ToDictionary(e => e.Id);
        _byRor = Entries.SelectMany(e => e.RorIds.Select(r => (r: RorRegistry.ShortId(r), e))).ToLookup(x => x.r, x => x.e);
    }

    public static Watchlists LoadBundled() => new([], []);
    public IReadOnlyList<Watchlist> Lists { get; }
    public IReadOnlyList<WatchlistEntry> Entries { get; }
    public IEnumerable<WatchlistEntry> ForRor(string ror) => _byRor[RorRegistry.ShortId(ror)];
    public WatchlistEntry? Get(string id) => _byId.GetValueOrDefault(id);
    public WatchlistEntry? ParentOf(WatchlistEntry entry) => entry.ParentId is null ? null : Get(entry.ParentId);
}
