using CollabScreen.Reference;
using CollabScreen.Screening;
using CollabScreen.Topics;

namespace CollabScreen.Cli;

/// <summary>Wires the signal producers for `screen`: watchlists, the ROR registry and resolver, topics, datasets.</summary>
public sealed record ScreenSignals(Watchlists Lists, SignalCollector Collector)
{
    public static ScreenSignals Build(string? registryPath, Action<string> log)
    {
        var lists = Watchlists.LoadBundled();
        foreach (var p in lists.Problems.Take(5)) log($"warning: {p}");
        var byId = lists.Lists.GroupBy(l => l.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var listings = new RorListings(lists);
        var topics = TopicClassifier.LoadBundled();
        return new ScreenSignals(lists, new SignalCollector(byId, listings.For, topics: topics.Classify));
    }
}
