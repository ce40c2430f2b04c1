using System.Text;
using System.Text.Json;

namespace CollabScreen.Storage;

public enum ChangeKind { New, Gone, Changed }

/// <summary>What a set of evidence items gained and lost between two runs (sorted, for stable output).</summary>
public sealed record SetChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public static readonly SetChange None = new([], []);

    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

    public static SetChange Between(IReadOnlySet<string> before, IReadOnlySet<string> after) =>
        new(after.Where(x => !before.Contains(x)).Order(StringComparer.Ordinal).ToList(),
            before.Where(x => !after.Contains(x)).Order(StringComparer.Ordinal).ToList());
}

/// <summary>
/// One work whose finding is new, gone or changed between two runs, with what changed: severity from → to,
/// and the rules, co-author institutions, listings, topics and datasets added and removed. For a new finding
/// everything is "added"; for a gone one everything is "removed".
/// </summary>
public sealed record FindingChange(
    ChangeKind Kind,
    string WorkId,
    string? Doi,
    string? Title,
    int? Year,
    string? SeverityFrom,
    string? SeverityTo,
    SetChange Rules,
    SetChange Institutions,
    SetChange Listings,
    SetChange Topics,
    SetChange Datasets)
{
    /// <summary>The change between two findings of one work (either may be null); null when nothing relevant changed.</summary>
    public static FindingChange? Between(StoredFinding? before, StoredFinding? after)
    {
        if (before is null && after is null) throw new ArgumentException("at least one finding is needed");
        // The common case between runs: the very same document. Nothing to parse.
        if (before is not null && after is not null && before.Severity == after.Severity
            && string.Equals(before.Json, after.Json, StringComparison.Ordinal) && before.Rules.SequenceEqual(after.Rules))
            return null;
        var a = Evidence.Of(before);
        var b = Evidence.Of(after);
        var change = new FindingChange(
            before is null ? ChangeKind.New : after is null ? ChangeKind.Gone : ChangeKind.Changed,
            (after ?? before)!.WorkId,
            (after ?? before)!.Doi,
            (after ?? before)!.Title,
            (after ?? before)!.Year,
            before?.Severity,
            after?.Severity,
            SetChange.Between(a.Rules, b.Rules),
            SetChange.Between(a.Institutions, b.Institutions),
            SetChange.Between(a.Listings, b.Listings),
            SetChange.Between(a.Topics, b.Topics),
            SetChange.Between(a.Datasets, b.Datasets));
        var same = change.Kind == ChangeKind.Changed && change.SeverityFrom == change.SeverityTo
            && change.Rules.IsEmpty && change.Institutions.IsEmpty && change.Listings.IsEmpty
            && change.Topics.IsEmpty && change.Datasets.IsEmpty;
        return same ? null : change;
    }

    /// <summary>
    /// One line for people, e.g. "severity medium → high; rules +listed-coauthor+surveillance-topic;
    /// listings +Beihang University on ndaa-1286 since 2020-06-01".
    /// </summary>
    public string Explain()
    {
        var parts = new List<string>();
        if (Kind == ChangeKind.New) parts.Add($"new, severity {SeverityTo}");
        else if (Kind == ChangeKind.Gone) parts.Add($"gone, was severity {SeverityFrom}");
        else if (SeverityFrom != SeverityTo) parts.Add($"severity {SeverityFrom} → {SeverityTo}");
        if (Kind != ChangeKind.Changed)
        {
            // New and gone findings: the rules say why; the evidence lists would only repeat the finding.
            var rules = Kind == ChangeKind.New ? Rules.Added : Rules.Removed;
            if (rules.Count > 0) parts.Add("rules " + string.Join(", ", rules));
            return string.Join("; ", parts);
        }
        Describe(parts, "rules", Rules);
        Describe(parts, "institutions", Institutions);
        Describe(parts, "listings", Listings);
        Describe(parts, "topics", Topics);
        Describe(parts, "datasets", Datasets);
        return string.Join("; ", parts);
    }

    private static void Describe(List<string> parts, string what, SetChange change)
    {
        if (change.IsEmpty) return;
        var text = new StringBuilder(what);
        foreach (var x in change.Added) text.Append(" +").Append(x);
        foreach (var x in change.Removed) text.Append(" −").Append(x);
        parts.Add(text.ToString());
    }

    /// <summary>The comparable parts of a finding: rules from the column, the rest from its JSON document.</summary>
    private sealed record Evidence(
        IReadOnlySet<string> Rules, IReadOnlySet<string> Institutions, IReadOnlySet<string> Listings,
        IReadOnlySet<string> Topics, IReadOnlySet<string> Datasets)
    {
        private static readonly Evidence Empty = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

        public static Evidence Of(StoredFinding? finding)
        {
            if (finding is null) return Empty;
            var institutions = new HashSet<string>(StringComparer.Ordinal);
            var listings = new HashSet<string>(StringComparer.Ordinal);
            var topics = new HashSet<string>(StringComparer.Ordinal);
            var datasets = new HashSet<string>(StringComparer.Ordinal);
            using var doc = JsonDocument.Parse(finding.Json);
            var root = doc.RootElement;
            if (root.TryGetProperty("institutions", out var insts) && insts.ValueKind == JsonValueKind.Array)
            {
                foreach (var inst in insts.EnumerateArray())
                {
                    if (inst.ValueKind != JsonValueKind.Object) continue;
                    var name = Text(inst, "name") ?? Text(inst, "affiliation") ?? Text(inst, "ror") ?? "?";
                    var ror = Text(inst, "ror");
                    var by = Text(inst, "asserted_by");
                    // Authors are not part of the key: the same partner through another author is not a new partner.
                    institutions.Add(name + (ror is null || ror == name ? "" : $" ({ror})") + (by is null ? "" : $" [{by}]"));
                    if (inst.TryGetProperty("listings", out var ls) && ls.ValueKind == JsonValueKind.Array)
                        foreach (var l in ls.EnumerateArray())
                        {
                            if (l.ValueKind != JsonValueKind.Object) continue;
                            var category = Text(l, "category");
                            var start = Text(l, "start");
                            var end = Text(l, "end"); // a delisting is a change a reviewer must see
                            listings.Add($"{name} on {Text(l, "list") ?? "?"}"
                                + (category is null ? "" : $" ({category})") + (start is null ? "" : $" since {start}")
                                + (end is null ? "" : $" until {end}"));
                        }
                }
            }
            Keys(root, "topics", "topic", topics);
            Keys(root, "datasets", "dataset", datasets);
            return new Evidence(new HashSet<string>(finding.Rules, StringComparer.Ordinal), institutions, listings, topics, datasets);
        }

        // Topics and datasets are compared by id ("topic"/"dataset"), or as given when they are plain strings.
        private static void Keys(JsonElement root, string array, string idProperty, HashSet<string> into)
        {
            if (!root.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) return;
            foreach (var item in items.EnumerateArray())
                into.Add(item.ValueKind switch
                {
                    JsonValueKind.String => item.GetString()!,
                    JsonValueKind.Object => Text(item, idProperty) ?? Text(item, "id") ?? Text(item, "name") ?? item.GetRawText(),
                    _ => item.GetRawText(),
                });
        }

        private static string? Text(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}

/// <summary>
/// The difference between two runs: the changed findings (in work order), how many were unchanged, and the
/// context that explains changes: list versions, inputs and tool versions that differ.
/// </summary>
public sealed record RunDiff(RunRecord A, RunRecord B, IReadOnlyList<FindingChange> Changes, long Unchanged)
{
    public IEnumerable<FindingChange> New => Changes.Where(c => c.Kind == ChangeKind.New);
    public IEnumerable<FindingChange> Gone => Changes.Where(c => c.Kind == ChangeKind.Gone);
    public IEnumerable<FindingChange> Changed => Changes.Where(c => c.Kind == ChangeKind.Changed);

    /// <summary>Lists whose version differs, e.g. "aspi-tracker 2023-11-01 → 2024-06-12", "+entity-list 2024-05", "−x 1".</summary>
    public IReadOnlyList<string> ListVersionChanges { get; } = ListVersions(A.ListVersionsJson, B.ListVersionsJson);

    public SetChange InputChanges { get; } = SetChange.Between(A.Inputs.ToHashSet(), B.Inputs.ToHashSet());

    /// <summary>
    /// Options that differ and can change findings, e.g. "policy policies/strict.json → policies/default.json",
    /// "all false → true", "+fulltext texts/", in key order. Options that only shape output (format, output,
    /// pdf, summary, progress, threads) are left out.
    /// </summary>
    public IReadOnlyList<string> OptionChanges { get; } = Options(A.OptionsJson, B.OptionsJson);

    /// <summary>The policy change among <see cref="OptionChanges"/>, or null when both runs used the same policy.</summary>
    public string? PolicyChange => OptionChanges.FirstOrDefault(c => c.StartsWith("policy ", StringComparison.Ordinal)
        || c.StartsWith("+policy ", StringComparison.Ordinal) || c.StartsWith("−policy ", StringComparison.Ordinal));

    /// <summary>Rows of severity none (works no rule flagged, stored by `--all`) in each run: counted, not compared.</summary>
    public long UnflaggedA { get; init; }

    public long UnflaggedB { get; init; }

    private static readonly HashSet<string> PresentationOptions = new(StringComparer.Ordinal)
        { "format", "output", "pdf", "summary", "progress", "threads" };

    private static List<string> Options(string before, string after)
    {
        var a = Versions(before);
        var b = Versions(after);
        var changes = new List<string>();
        foreach (var key in a.Keys.Union(b.Keys).Where(k => !PresentationOptions.Contains(k)).Order(StringComparer.Ordinal))
        {
            var va = a.GetValueOrDefault(key);
            var vb = b.GetValueOrDefault(key);
            if (va == vb) continue;
            // A key absent on one side and null on the other is the same option, not set.
            if (va is null or "null" && vb is null or "null") continue;
            changes.Add(va is null or "null" ? $"+{key} {vb}" : vb is null or "null" ? $"−{key} {va}" : $"{key} {va} → {vb}");
        }
        return changes;
    }

    private static List<string> ListVersions(string before, string after)
    {
        var a = Versions(before);
        var b = Versions(after);
        var changes = new List<string>();
        foreach (var id in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var had = a.TryGetValue(id, out var va);
            var has = b.TryGetValue(id, out var vb);
            if (had && has && va != vb) changes.Add($"{id} {va} → {vb}");
            else if (!had) changes.Add($"+{id} {vb}");
            else if (!has) changes.Add($"−{id} {va}");
        }
        return changes;
    }

    private static Dictionary<string, string> Versions(string json)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return versions;
        foreach (var p in doc.RootElement.EnumerateObject())
            versions[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return versions;
    }
}

/// <summary>Work id order as both databases sort it (SQLite BINARY, PostgreSQL "C"): by Unicode code point.</summary>
internal static class WorkOrder
{
    public static int Compare(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb) return ha.CompareTo(hb);
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0) return c;
        }
    }
}
