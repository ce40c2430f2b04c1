using System.Text;
using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Review;

/// <summary>
/// The stable key of a finding across runs: work (the DOI, lower-cased, else the work id) | institution (the
/// first listed co-author institution's ROR id, else its name; "-" when the finding has no institution) | rule
/// family (the first rule up to its ':'; "listed-coauthor:legal" → "listed-coauthor"). The same work flagged
/// for the same partner by the same kind of rule in a later run has the same key, so decisions carry over.
/// </summary>
public static class FindingKey
{
    public static readonly string[] Severities = ["critical", "high", "medium", "low", "none"];

    /// <summary>0 for critical … 4 for none (and anything unknown): the queue's order.</summary>
    public static int Rank(string severity)
    {
        var i = Array.IndexOf(Severities, severity);
        return i < 0 ? Severities.Length - 1 : i;
    }

    public static (string Key, FindingEvidence Evidence) Of(StoredFinding finding)
    {
        using var doc = JsonDocument.Parse(finding.Json);
        var root = doc.RootElement;
        var work = string.IsNullOrWhiteSpace(finding.Doi) ? finding.WorkId : "doi:" + NormaliseDoi(finding.Doi);
        string? institution = null, firstAny = null;
        var listings = new SortedSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("institutions", out var insts) && insts.ValueKind == JsonValueKind.Array)
            foreach (var inst in insts.EnumerateArray())
            {
                if (inst.ValueKind != JsonValueKind.Object) continue;
                var id = Text(inst, "ror") ?? Text(inst, "name") ?? Text(inst, "affiliation");
                firstAny ??= id;
                var name = Text(inst, "name") ?? id ?? "?";
                if (!inst.TryGetProperty("listings", out var ls) || ls.ValueKind != JsonValueKind.Array) continue;
                foreach (var l in ls.EnumerateArray())
                {
                    if (l.ValueKind != JsonValueKind.Object) continue;
                    institution ??= id;
                    var start = Text(l, "start");
                    listings.Add($"{name} on {Text(l, "list") ?? "?"}" + (start is null ? "" : $" since {start}"));
                }
            }
        var rule = finding.Rules.Count > 0 ? finding.Rules[0] : "-";
        var colon = rule.IndexOf(':');
        if (colon > 0) rule = rule[..colon];
        var key = $"{work}|{institution ?? firstAny ?? "-"}|{rule}";
        return (key, new FindingEvidence(finding.Severity, finding.Rules.Order(StringComparer.Ordinal).ToList(), listings.ToList()));
    }

    public static string ToId(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key of a URL id, or null when it is not one.</summary>
    public static string? FromId(string id)
    {
        var b64 = id.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(b64)); }
        catch (FormatException) { return null; }
    }

    private static string NormaliseDoi(string doi)
    {
        var d = doi.Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:" })
            if (d.StartsWith(prefix, StringComparison.Ordinal)) return d[prefix.Length..];
        return d;
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>What a decision was made on: severity, rules and listings (institution on list since date).</summary>
public sealed record FindingEvidence(string Severity, IReadOnlyList<string> Rules, IReadOnlyList<string> Listings)
{
    public string ToJson() => JsonSerializer.Serialize(new { severity = Severity, rules = Rules, listings = Listings });

    public static FindingEvidence FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new FindingEvidence(
            r.GetProperty("severity").GetString() ?? "none",
            r.GetProperty("rules").EnumerateArray().Select(x => x.GetString()!).ToList(),
            r.GetProperty("listings").EnumerateArray().Select(x => x.GetString()!).ToList());
    }

    /// <summary>
    /// Why a decision no longer holds: the severity rose, a rule fired that did not, or a listing appeared;
    /// null when the evidence is the same or weaker (a decision on stronger evidence still covers it).
    /// </summary>
    public string? GrewFrom(FindingEvidence before)
    {
        var parts = new List<string>();
        if (FindingKey.Rank(Severity) < FindingKey.Rank(before.Severity)) parts.Add($"severity {before.Severity} → {Severity}");
        var rules = Rules.Except(before.Rules, StringComparer.Ordinal).ToList();
        if (rules.Count > 0) parts.Add("new rule " + string.Join(", ", rules));
        var listings = Listings.Except(before.Listings, StringComparer.Ordinal).ToList();
        if (listings.Count > 0) parts.Add("new listing " + string.Join("; ", listings));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
