using CollabScreen.Matching;
using CollabScreen.Reference;

namespace CollabScreen.Screening;

/// <summary>
/// The listings that apply to a ROR id the source asserted: entries carrying that id, their parent entries (a lab
/// carries its university's listings), and entries of the id's ROR ancestors when a registry is loaded. The same
/// reach as the resolver's, so "source" and "resolver" institutions are judged alike.
/// </summary>
public sealed class RorListings(Watchlists lists, Func<string, IEnumerable<(string Ror, string Name)>>? ancestors = null)
{
    public IReadOnlyList<MatchedListing> For(string ror)
    {
        var result = new List<MatchedListing>();
        var seen = new HashSet<(string, string, string?, DateOnly?)>();
        void AddEntry(WatchlistEntry entry, string? via)
        {
            foreach (var l in entry.Listings)
                if (seen.Add((entry.Id, l.List, l.Category, l.Start)))
                    result.Add(new MatchedListing(entry.Id, entry.Name, l, via));
            var depth = 0;
            for (var p = lists.ParentOf(entry); p is not null && depth < 5; p = lists.ParentOf(p), depth++)
                foreach (var l in p.Listings)
                    if (seen.Add((p.Id, l.List, l.Category, l.Start)))
                        result.Add(new MatchedListing(p.Id, p.Name, l, via ?? p.Name));
        }
        foreach (var e in lists.ForRor(ror)) AddEntry(e, null);
        if (ancestors is not null)
            foreach (var (aRor, aName) in ancestors(ror))
                foreach (var e in lists.ForRor(aRor)) AddEntry(e, aName);
        return result;
    }
}
