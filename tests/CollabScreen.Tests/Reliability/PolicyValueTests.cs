using CollabScreen.Screening;

namespace CollabScreen.Tests.Reliability;

/// <summary>Issue #19.4: a list id, topic, category or tier that does not exist made its rule never fire (flagged 11 → 0, exit 0).</summary>
[Collection("Console")]
public sealed class PolicyValueTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-policy-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Bundled = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "data", "policy", "default-policy.json"));

    private string Edited(string from, string to)
    {
        Assert.Contains(from, Bundled);
        var path = Path.Combine(_dir, "policy.json");
        File.WriteAllText(path, Bundled.Replace(from, to));
        return path;
    }

    [Fact]
    public void The_bundled_policy_uses_only_known_values() =>
        PolicyVocabulary.Bundled().Check(SeverityPolicy.LoadBundled());

    [Theory]
    [InlineData("\"list\": \"aspi-cdut\"", "\"list\": \"aspi-cdu\"", "rules[1].when.all[0].any[0].listing.list", "\"aspi-cdu\" is not a known list", "aspi-cdut")]
    [InlineData("\"Seven Sons of National Defence\"", "\"Seven Sons\"", "rules[1].when.all[0].any[0].listing.category[1]", "\"Seven Sons\" is not a known category", "Seven Sons of National Defence")]
    [InlineData("\"topic\": \"ethnicity-race-classification\"", "\"topic\": \"ethnicity-classification\"", "rules[0].when.topic.topic", "\"ethnicity-classification\" is not a known topic", "ethnicity-race-classification")]
    [InlineData("\"context\": \"use\"", "\"context\": \"used\"", "rules[4].when.all[0].dataset.context", "\"used\" is not a known context", "negated")]
    public void An_unknown_filter_value_stops_the_run_naming_file_field_and_valid_values(string from, string to, string field, string problem, string valid)
    {
        var path = Edited(from, to);
        var e = Assert.Throws<PolicyException>(() => PolicyVocabulary.Bundled().Check(SeverityPolicy.Load(path)));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message);
        Assert.Contains(valid, e.Message[e.Message.IndexOf("valid values:", StringComparison.Ordinal)..]);

        var works = Path.Combine(_dir, "works.jsonl");
        File.WriteAllBytes(works, InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 3).SelectMany(l => l.Append((byte)'\n')).ToArray());
        var run = CliRunner.Run("screen", "--input", works, "--policy", path, "--no-db", "--format", "jsonl", "--all");
        Assert.NotEqual(0, run.Code);
        Assert.Contains($"policy {path}: field {field}: {problem}", run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void An_unknown_tier_is_refused_with_the_valid_tiers()
    {
        var path = Edited("\"kind\": \"legal-designation\"", "\"kind\": \"legal-designation\", \"tier\": \"severe\"");
        var e = Assert.Throws<PolicyException>(() => SeverityPolicy.Load(path));
        Assert.Equal("rules[1].when.all[0].any[1].listing.tier", e.Field);
        Assert.Contains("high, elevated, moderate", e.Message);
    }
}
