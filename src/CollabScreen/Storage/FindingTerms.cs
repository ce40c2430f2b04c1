using System.Text.Json;

namespace CollabScreen.Storage;

/// <summary>Kinds of finding_terms rows: what a finding can be filtered by besides run, severity and text.</summary>
public static class TermKind
{
    public const string List = "list";
    public const string Institution = "institution";
    public const string Topic = "topic";
    public const string Dataset = "dataset";
}

/// <summary>
/// The filterable values of a finding document, as migration 003 extracts them from stored documents:
/// list ids of its institutions' listings, its institutions' ROR ids and names, topic ids, dataset ids.
/// Verbatim (exact match), each (kind, term) once.
/// </summary>
internal static class FindingTerms
{
    public static IReadOnlyCollection<(string Kind, string Term)> Of(JsonElement root)
    {
        var terms = new HashSet<(string, string)>();
        if (root.ValueKind != JsonValueKind.Object) return terms;
        foreach (var inst in Array(root, "institutions"))
        {
            if (inst.ValueKind != JsonValueKind.Object) continue;
            if (Text(inst, "ror") is { } ror) terms.Add((TermKind.Institution, ror));
            if (Text(inst, "name") is { } name) terms.Add((TermKind.Institution, name));
            foreach (var listing in Array(inst, "listings"))
                if (listing.ValueKind == JsonValueKind.Object && Text(listing, "list") is { } list) terms.Add((TermKind.List, list));
        }
        foreach (var topic in Array(root, "topics"))
            if (topic.ValueKind == JsonValueKind.Object && Text(topic, "topic") is { } id) terms.Add((TermKind.Topic, id));
        foreach (var dataset in Array(root, "datasets"))
            if (dataset.ValueKind == JsonValueKind.Object && Text(dataset, "dataset") is { } id) terms.Add((TermKind.Dataset, id));
        return terms;
    }

    private static IEnumerable<JsonElement> Array(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
