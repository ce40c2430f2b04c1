using System.Text.Json;
using CollabScreen.Reference;

namespace CollabScreen.Screening;

/// <summary>A named rule: when its condition holds, the work is at least this severe.</summary>
public sealed record PolicyRule(string Id, Severity Severity, string Description, PolicyCondition When);

/// <summary>
/// The severity policy: rules as data, loaded from a JSON file (comments allowed). Every rule is evaluated; a
/// finding's severity is the highest severity among the rules that fired, and the finding lists them all.
/// </summary>
public sealed record SeverityPolicy(string Name, string Source, IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>Every string a condition filters on, with its field path, for <see cref="PolicyVocabulary.Check"/>.</summary>
    public IReadOnlyList<PolicyValue> Values { get; init; } = [];

    public const string BundledPath = "policy/default-policy.json";

    public static SeverityPolicy LoadBundled() => Load(BundledData.Path(BundledPath));

    public static SeverityPolicy Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (FileNotFoundException) { throw new PolicyException(path, null, "file not found"); }
        catch (DirectoryNotFoundException) { throw new PolicyException(path, null, "file not found"); }
        return Parse(text, path);
    }

    /// <summary>Parses a policy; errors name the file, the field (JSON path) and what would be valid there.</summary>
    public static SeverityPolicy Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PolicyException(source, null, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PolicyException(source, "$", "expected an object with \"rules\"");
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileName(source);
            if (!root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
                throw new PolicyException(source, "rules", "missing; expected an array of rules");
            var parsed = new List<PolicyRule>();
            var values = new List<PolicyValue>();
            var i = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                var at = $"rules[{i++}]";
                if (rule.ValueKind != JsonValueKind.Object) throw new PolicyException(source, at, "expected an object");
                var id = RequiredString(rule, "id", at, source);
                if (parsed.Any(r => r.Id == id)) throw new PolicyException(source, at + ".id", $"duplicate rule id \"{id}\"");
                var sev = RequiredString(rule, "severity", at, source);
                if (!SeverityNames.TryParse(sev, out var severity) || severity == Severity.None)
                    throw new PolicyException(source, at + ".severity", $"\"{sev}\" is not a severity; use critical, high, medium or low");
                var description = rule.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                if (!rule.TryGetProperty("when", out var when)) throw new PolicyException(source, at + ".when", "missing; say when the rule fires");
                parsed.Add(new PolicyRule(id, severity, description, Condition(when, at + ".when", source, values)));
            }
            if (parsed.Count == 0) throw new PolicyException(source, "rules", "empty; a policy needs at least one rule");
            return new SeverityPolicy(name, source, parsed) { Values = values };
        }
    }

    private static string RequiredString(JsonElement obj, string field, string at, string source) =>
        obj.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s : throw new PolicyException(source, $"{at}.{field}", "missing or not a string");

    private static PolicyCondition Condition(JsonElement e, string at, string source, List<PolicyValue> values)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new PolicyException(source, at, "expected an object with one of all, any, not, listing, topic, dataset");
        var props = e.EnumerateObject().ToList();
        if (props.Count != 1)
            throw new PolicyException(source, at, $"expected exactly one of all, any, not, listing, topic, dataset; found {props.Count} field(s)");
        var p = props[0];
        var here = $"{at}.{p.Name}";
        switch (p.Name)
        {
            case "all":
            case "any":
                if (p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0)
                    throw new PolicyException(source, here, "expected a non-empty array of conditions");
                var parts = p.Value.EnumerateArray().Select((c, k) => Condition(c, $"{here}[{k}]", source, values)).ToList();
                return p.Name == "all" ? new AllOf(parts) : new AnyOf(parts);
            case "not":
                return new NotCondition(Condition(p.Value, here, source, values));
            case "listing":
                Fields(p.Value, here, source, "list", "category", "kind", "timing", "asserted_by", "tier", "via_parent", "strength");
                bool? viaParent = null;
                if (p.Value.TryGetProperty("via_parent", out var vp))
                    viaParent = vp.ValueKind switch
                    {
                        JsonValueKind.True => true, JsonValueKind.False => false,
                        _ => throw new PolicyException(source, here + ".via_parent", "expected true or false"),
                    };
                return new ListingCondition(
                    Named(p.Value, "list", "list", here, source, values),
                    Named(p.Value, "category", "category", here, source, values),
                    Enums(p.Value, "kind", here, source, KindByName),
                    Enums(p.Value, "timing", here, source, TimingByName),
                    Enums(p.Value, "asserted_by", here, source, AssertedByName),
                    Enums(p.Value, "tier", here, source, TierByName),
                    Enums(p.Value, "strength", here, source, StrengthByName)) { ViaParent = viaParent };
            case "topic":
                Fields(p.Value, here, source, "topic", "family", "min_score");
                double min = 0;
                if (p.Value.TryGetProperty("min_score", out var ms) && !(ms.ValueKind == JsonValueKind.Number && ms.TryGetDouble(out min) && min is >= 0 and <= 1))
                    throw new PolicyException(source, here + ".min_score", "expected a number between 0 and 1");
                return new TopicCondition(Named(p.Value, "topic", "topic", here, source, values), Named(p.Value, "family", "family", here, source, values), min);
            case "dataset":
                Fields(p.Value, here, source, "status", "context", "dataset", "withdrawn");
                bool? withdrawn = null;
                if (p.Value.TryGetProperty("withdrawn", out var wd))
                    withdrawn = wd.ValueKind switch
                    {
                        JsonValueKind.True => true, JsonValueKind.False => false,
                        _ => throw new PolicyException(source, here + ".withdrawn", "expected true or false"),
                    };
                return new DatasetCondition(Named(p.Value, "status", "status", here, source, values), Named(p.Value, "context", "context", here, source, values),
                    Named(p.Value, "dataset", "dataset", here, source, values), withdrawn);
            default:
                throw new PolicyException(source, here, "unknown condition; use all, any, not, listing, topic or dataset");
        }
    }

    private static readonly Dictionary<string, ListKind> KindByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["legal-designation"] = ListKind.LegalDesignation, ["assessment"] = ListKind.Assessment, ["user-list"] = ListKind.UserList,
    };

    private static readonly Dictionary<string, ListingTiming> TimingByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["listed-before-publication"] = ListingTiming.ListedBeforePublication,
        ["listed-after-publication"] = ListingTiming.ListedAfterPublication,
        ["delisted-before-publication"] = ListingTiming.DelistedBeforePublication,
        ["unknown"] = ListingTiming.Unknown,
    };

    private static readonly Dictionary<string, RiskTier> TierByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["high"] = RiskTier.High, ["elevated"] = RiskTier.Elevated, ["moderate"] = RiskTier.Moderate,
    };

    private static readonly Dictionary<string, EvidenceStrength> StrengthByName = new(EvidenceStrengthNames.ByName, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, AssertedBy> AssertedByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["source"] = AssertedBy.Source, ["resolver"] = AssertedBy.Resolver, ["both"] = AssertedBy.Both,
    };

    private static void Fields(JsonElement e, string at, string source, params string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new PolicyException(source, at, $"expected an object with any of {string.Join(", ", allowed)}");
        foreach (var p in e.EnumerateObject())
            if (!allowed.Contains(p.Name))
                throw new PolicyException(source, $"{at}.{p.Name}", $"unknown field; expected any of {string.Join(", ", allowed)}");
    }

    private static IReadOnlyList<string>? Strings(JsonElement e, string field, string at, string source)
    {
        if (!e.TryGetProperty(field, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String) return [v.GetString()!];
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
            throw new PolicyException(source, $"{at}.{field}", "expected a string or a non-empty array of strings");
        return v.EnumerateArray().Select((x, k) => x.ValueKind == JsonValueKind.String
            ? x.GetString()! : throw new PolicyException(source, $"{at}.{field}[{k}]", "expected a string")).ToList();
    }

    /// <summary>Strings of a filter, each noted with its field path so its value can be checked against what exists.</summary>
    private static IReadOnlyList<string>? Named(JsonElement e, string field, string kind, string at, string source, List<PolicyValue> values)
    {
        var strings = Strings(e, field, at, source);
        if (strings is null) return null;
        for (var k = 0; k < strings.Count; k++)
            values.Add(new PolicyValue($"{at}.{field}" + (e.GetProperty(field).ValueKind == JsonValueKind.Array ? $"[{k}]" : ""), kind, strings[k]));
        return strings;
    }

    private static IReadOnlyList<T>? Enums<T>(JsonElement e, string field, string at, string source, Dictionary<string, T> names)
    {
        var values = Strings(e, field, at, source);
        return values?.Select((v, k) => names.TryGetValue(v, out var t) ? t
            : throw new PolicyException(source, $"{at}.{field}" + (values.Count > 1 ? $"[{k}]" : ""),
                $"\"{v}\" is not valid; use {string.Join(", ", names.Keys)}")).ToList();
    }
}

/// <summary>A policy file that cannot be used: names the file and the field, says what would be valid.</summary>
public sealed class PolicyException(string file, string? field, string problem)
    : FormatException(field is null ? $"policy {file}: {problem}" : $"policy {file}: field {field}: {problem}")
{
    public string File { get; } = file;
    public string? Field { get; } = field;
}
