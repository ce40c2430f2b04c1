using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CollabScreen.Reporting;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Screening;

/// <summary>
/// Issue 12's acceptance check: `screen --format jsonl --all` gives the same findings as before the screening use case
/// moved into the library. The golden files in Golden/ were written by the tree before the change (commit 89f0432)
/// with Golden/make-golden.py; each line is compared as JSON: every field of the golden line must be present with an
/// equal value (fields may be added, none renamed or dropped). See <see cref="GoldenJson"/> for the normalisation.
/// </summary>
public class GoldenScreenTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>
        {
            { "openalex-sample.jsonl.gz", "openalex/works-sample-2022schema.jsonl.gz", false },
            { "openalex-sample-ror.jsonl.gz", "openalex/works-sample-2022schema.jsonl.gz", true },
            { "openalex-current.jsonl.gz", "openalex/current-schema", false },
        };
        foreach (var f in Directory.GetFiles(SharedData.Path("exports"), "*.txt").Order(StringComparer.Ordinal))
            data.Add($"export-{Path.GetFileNameWithoutExtension(f)}.jsonl.gz", "exports/" + Path.GetFileName(f), false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Screen_jsonl_is_unchanged(string golden, string input, bool withRegistry)
    {
        var goldenPath = Path.Combine(SharedData.RepoRoot, "tests/CollabScreen.Tests/Screening/Golden", golden);
        Assert.True(File.Exists(goldenPath), $"no golden file {goldenPath} for shared input {input}: write it from the tree before the change");
        var lines = Screen(SharedData.Path(input), withRegistry ? SharedData.Path("ror/ror-records.jsonl.gz") : null);
        var expected = ReadGolden(goldenPath);
        GoldenJson.AssertSameFindings(expected, lines, SharedData.Root);
    }

    /// <summary>The screen as `screen --format jsonl --all --no-db` runs it, through the engine.</summary>
    internal static IReadOnlyList<string> Screen(string input, string? registry)
    {
        var output = new StringWriter();
        var request = new ScreeningRequest { Source = new FileSource(WorkFiles.ExpandPaths([input])), Registry = registry, All = true };
        var outcome = new ScreeningEngine().RunAsync(request, [new WriterSink(new JsonlFindingWriter(output))]).GetAwaiter().GetResult();
        Assert.Equal(RunOutcome.Finished, outcome.Status);
        Assert.False(outcome.Report.HasErrors, string.Join("\n", outcome.Report.Errors));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    internal static IReadOnlyList<string> ReadGolden(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Length > 0) lines.Add(line);
        return lines;
    }
}

/// <summary>
/// The comparison rule for golden JSONL. Normalised (the same rule as Golden/make-golden.py): "origin" loses the
/// shared-data root (replaced by "$SHARED/"); strings longer than 32 characters and every title, venue, author,
/// affiliation and context become "#" + 16 hex digits of their SHA-256, so that no input text is kept in the repository.
/// Nothing else is volatile in `screen --format jsonl` (no run id or timestamp is written per finding).
/// </summary>
public static class GoldenJson
{
    private static readonly HashSet<string> Always = ["title", "venue", "author", "affiliation", "context"];

    public static JsonNode? Canonical(JsonNode? node, string? key, string sharedRoot)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o) copy[k] = Canonical(v, k, sharedRoot);
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(x => Canonical(x, key, sharedRoot)).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                var root = sharedRoot.TrimEnd('/') + "/";
                if (key == "origin" && s.StartsWith(root, StringComparison.Ordinal)) return JsonValue.Create("$SHARED/" + s[root.Length..]);
                if ((key is not null && Always.Contains(key)) || s.Length > 32) return JsonValue.Create(Hash(s));
                return JsonValue.Create(s);
            default:
                return node?.DeepClone();
        }
    }

    public static string Hash(string s) => "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16];

    /// <summary>Same number of lines; line by line, every golden field present in the new line with an equal value.</summary>
    public static void AssertSameFindings(IReadOnlyList<string> golden, IReadOnlyList<string> actual, string sharedRoot)
    {
        Assert.Equal(golden.Count, actual.Count);
        for (var i = 0; i < golden.Count; i++)
        {
            var want = JsonNode.Parse(golden[i]);
            var got = Canonical(JsonNode.Parse(actual[i]), null, sharedRoot);
            if (Difference(want, got, "$") is { } diff)
                Assert.Fail($"line {i + 1} ({want?["work"]}): {diff}");
        }
    }

    /// <summary>The first place where <paramref name="got"/> lacks or changes something of <paramref name="want"/>, or null.</summary>
    public static string? Difference(JsonNode? want, JsonNode? got, string path)
    {
        switch (want)
        {
            case null:
                return got is null ? null : $"{path}: expected null, got {got.ToJsonString()}";
            case JsonObject wo:
                if (got is not JsonObject go) return $"{path}: expected an object, got {got?.ToJsonString() ?? "null"}";
                foreach (var (k, v) in wo)
                {
                    if (!go.ContainsKey(k)) return $"{path}.{k}: field dropped";
                    if (Difference(v, go[k], $"{path}.{k}") is { } d) return d;
                }
                return null;
            case JsonArray wa:
                if (got is not JsonArray ga) return $"{path}: expected an array, got {got?.ToJsonString() ?? "null"}";
                if (wa.Count != ga.Count) return $"{path}: {wa.Count} elements expected, got {ga.Count}";
                for (var i = 0; i < wa.Count; i++)
                    if (Difference(wa[i], ga[i], $"{path}[{i}]") is { } d) return d;
                return null;
            default:
                var w = (JsonValue)want;
                if (got is not JsonValue gv) return $"{path}: expected {w.ToJsonString()}, got {got?.ToJsonString() ?? "null"}";
                if (w.GetValueKind() == JsonValueKind.Number && gv.GetValueKind() == JsonValueKind.Number)
                    return w.GetValue<decimal>() == gv.GetValue<decimal>() ? null : $"{path}: expected {w}, got {gv}";
                return w.ToJsonString() == gv.ToJsonString() ? null : $"{path}: expected {w.ToJsonString()}, got {gv.ToJsonString()}";
        }
    }
}
