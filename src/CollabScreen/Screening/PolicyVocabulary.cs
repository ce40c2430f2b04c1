using CollabScreen.Datasets;
using CollabScreen.Reference;
using CollabScreen.Topics;

namespace CollabScreen.Screening;

/// <summary>A string a policy filters on, where it stands in the file, and what kind of value it must be.</summary>
public sealed record PolicyValue(string Field, string Kind, string Value);

/// <summary>
/// The values a policy may filter on: list ids and categories of the loaded watchlists, topic ids and families of
/// the taxonomy, dataset ids, statuses and mention contexts. A value outside them would make its rule never fire
/// (issue #19.4: flagged 11 → 0 with exit 0), so it stops the run instead.
/// </summary>
public sealed record PolicyVocabulary(IReadOnlyDictionary<string, IReadOnlyCollection<string>> ByKind)
{
    /// <summary>The mention contexts the dataset detector gives.</summary>
    public static readonly string[] DatasetContexts = ["use", "negated", "unrelated"];

    public static PolicyVocabulary Of(Watchlists lists, Taxonomy taxonomy, DatasetRegistry datasets)
    {
        static IReadOnlyCollection<string> Set(IEnumerable<string?> values) =>
            values.OfType<string>().Where(v => v.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["list"] = Set(lists.Lists.Select(l => l.Id).Concat(lists.Entries.SelectMany(e => e.Listings).Select(l => l.List))),
            ["category"] = Set(lists.Entries.SelectMany(e => e.Listings).Select(l => l.Category)),
            ["topic"] = Set(taxonomy.Topics.Select(t => t.Id)),
            ["family"] = Set(taxonomy.Topics.Select(t => t.Family)),
            ["dataset"] = Set(datasets.Records.Select(r => r.Id)),
            ["status"] = Set(datasets.Records.Select(r => r.Status).Concat(["available", "unavailable", "unknown", "withdrawn", "retracted", "decommissioned"])),
            ["context"] = Set(DatasetContexts),
        });
    }

    /// <summary>The bundled watchlists, taxonomy and dataset registry.</summary>
    public static PolicyVocabulary Bundled() => Of(Watchlists.LoadBundled(), Taxonomy.LoadBundled(), DatasetRegistry.LoadBundled());

    /// <exception cref="PolicyException">The first unknown value: file, field path, and the valid values.</exception>
    public void Check(SeverityPolicy policy)
    {
        foreach (var v in policy.Values)
        {
            if (!ByKind.TryGetValue(v.Kind, out var known) || known.Contains(v.Value)) continue;
            var valid = known.Order(StringComparer.OrdinalIgnoreCase).ToList();
            var shown = valid.Count > 40 ? string.Join(", ", valid.Take(40)) + $", … ({valid.Count} in all)" : string.Join(", ", valid);
            throw new PolicyException(policy.Source, v.Field, $"\"{v.Value}\" is not a known {v.Kind}, so the rule could never fire; valid values: {shown}");
        }
    }
}
