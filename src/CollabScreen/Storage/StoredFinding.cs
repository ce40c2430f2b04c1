using System.Text.Json;

namespace CollabScreen.Storage;

/// <summary>
/// One stored finding: the columns the store indexes and shows (work, doi, title, year, severity, rules) and
/// the whole finding as the screen command's JSONL object (<see cref="Json"/>), kept verbatim.
/// </summary>
public sealed record StoredFinding(
    long RunId,
    string WorkId,
    string? Doi,
    string? Title,
    int? Year,
    string Severity,
    IReadOnlyList<string> Rules,
    string Json)
{
    /// <summary>
    /// Builds a stored finding from a finding serialised as the screen command's JSONL object
    /// (<c>{"work": ..., "doi": ..., "title": ..., "year": ..., "severity": ..., "rules": [...], ...}</c>),
    /// so the columns always agree with the document.
    /// </summary>
    public static StoredFinding FromJson(long runId, string json)
    {
        using var doc = Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("a finding must be a JSON object", nameof(json));
        var work = String(root, "work") ?? throw new ArgumentException("a finding needs a \"work\" id", nameof(json));
        var severity = String(root, "severity") ?? throw new ArgumentException($"finding {work} has no \"severity\"", nameof(json));
        int? year = root.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var yv) ? yv : null;
        var rules = new List<string>();
        if (root.TryGetProperty("rules", out var r) && r.ValueKind == JsonValueKind.Array)
            foreach (var rule in r.EnumerateArray())
                rules.Add(rule.ValueKind == JsonValueKind.String ? rule.GetString()! : rule.GetRawText());
        return new StoredFinding(runId, work, String(root, "doi"), String(root, "title"), year, severity, rules, json);
    }

    private static JsonDocument Parse(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ArgumentException($"a finding is not valid JSON: {e.Message}", nameof(json), e); }
    }

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
