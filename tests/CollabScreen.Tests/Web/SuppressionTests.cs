using System.Net;
using System.Text.Json;
using CollabScreen.Review;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Storage;
using CollabScreen.Tests.Storage;

namespace CollabScreen.Tests.Web;

/// <summary>
/// A broad suppression decided in the workspace ("affiliation string S is not institution X") and honoured by the
/// next screen of the same store: the shared sample screened for real, the pair suppressed through the finding
/// page's form, the sample screened again. On SQLite and (with COLLABSCREEN_TEST_POSTGRES) PostgreSQL.
/// </summary>
public abstract class SuppressionContract : IDisposable
{
    protected abstract bool Postgres { get; }

    private ReviewAppFactory? _app;
    private ReviewAppFactory App => _app ??= new ReviewAppFactory(Postgres);

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly string Sample = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");

    private async Task<(long Run, ScreeningOutcome Outcome, List<string> Log)> Screen()
    {
        using var store = App.OpenStore();
        var sink = new StoreSink(store);
        var log = new List<string>();
        var request = new ScreeningRequest { Source = new FileSource([Sample]), Threads = 2 };
        var outcome = await new ScreeningEngine(log.Add).RunAsync(request, [sink]);
        Assert.Equal(RunOutcome.Finished, outcome.Status);
        return (sink.Run!.Id, outcome, log);
    }

    /// <summary>The listed author–institution pairs of a stored finding: (affiliation string, ROR id, name).</summary>
    private static List<(string Affiliation, string? Ror, string Name)> ListedPairs(StoredFinding f)
    {
        using var doc = JsonDocument.Parse(f.Json);
        var pairs = new List<(string, string?, string)>();
        foreach (var i in doc.RootElement.GetProperty("institutions").EnumerateArray())
            if (i.TryGetProperty("listings", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0)
                pairs.Add((i.TryGetProperty("affiliation", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "",
                    i.TryGetProperty("ror", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null, i.GetProperty("name").GetString()!));
        return pairs;
    }

    [StoreFact]
    public async Task A_pair_suppressed_in_the_workspace_is_dropped_by_the_next_screen_and_the_severity_recomputed()
    {
        var (first, firstOutcome, _) = await Screen();
        Assert.Equal(0, firstOutcome.Suppressed);
        StoredFinding target;
        (string Affiliation, string? Ror, string Name) pair;
        string id;
        using (var store = App.OpenStore())
        {
            // A high finding whose every listed partner is one and the same author–institution pair: suppressing
            // that pair leaves no listed partner, so its severity must fall.
            target = store.FindingsOf(first).First(f => f.Severity == "high" && ListedPairs(f) is { Count: > 0 } p
                                                          && p.Distinct().Count() == 1 && p[0].Affiliation.Length > 0 && p[0].Ror is not null);
            pair = ListedPairs(target)[0];
            var book = new ReviewBook(store);
            book.Sync(first);
            id = FindingKey.ToId(store.FindingsOf(first).Where(f => f.WorkId == target.WorkId).Select(f => FindingKey.Of(f).Key).Single());
        }

        var vic = await App.SignedIn("vic");
        Assert.DoesNotContain($"action=\"/findings/{id}/suppressions\"", await vic.GetStringAsync($"/findings/{id}")); // no form for a viewer …
        var token = await ReviewAppFactory.CsrfToken(vic, "/runs");
        var refused = await vic.PostAsync($"/findings/{id}/suppressions", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["affiliation"] = pair.Affiliation, ["ror"] = pair.Ror!, ["institution"] = pair.Name, ["__csrf"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // … and the server refuses one anyway

        var ann = await App.SignedIn("ann");
        var page = await ann.GetStringAsync($"/findings/{id}");
        Assert.Contains($"action=\"/findings/{id}/suppressions\"", page);
        var made = await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/suppressions", new()
            { ["affiliation"] = pair.Affiliation, ["ror"] = pair.Ror!, ["institution"] = pair.Name, ["note"] = "a namesake department" });
        Assert.Equal(HttpStatusCode.SeeOther, made.StatusCode);
        var twice = await ReviewAppFactory.PostForm(ann, $"/findings/{id}", $"/findings/{id}/suppressions", new()
            { ["affiliation"] = "  " + pair.Affiliation.ToUpperInvariant() + " ", ["ror"] = pair.Ror!, ["institution"] = pair.Name });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode); // the same pair (case and spaces aside) is already suppressed
        Assert.Contains("already suppressed", await twice.Content.ReadAsStringAsync());
        var list = await ann.GetStringAsync("/suppressions");
        Assert.Contains(CollabScreen.Web.Html.E(pair.Affiliation), list);
        Assert.Contains("a namesake department", list);

        var (second, outcome, log) = await Screen();
        Assert.True(outcome.Suppressed >= 1);
        Assert.Contains(log, l => l == $"screen: {outcome.Suppressed:N0} author–institution pair{(outcome.Suppressed == 1 ? "" : "s")} suppressed by review decisions");
        using (var store = App.OpenStore())
        {
            var again = store.FindingsOf(second).ToList();
            // The pair is gone from every finding of the new run, not only from the work it was decided on.
            Assert.DoesNotContain(again, f => ListedPairs(f).Any(p => CollabScreen.Screening.Suppressions.MatchKey(p.Affiliation, p.Ror, p.Name)
                                                                     == CollabScreen.Screening.Suppressions.MatchKey(pair.Affiliation, pair.Ror, pair.Name)));
            var now = again.SingleOrDefault(f => f.WorkId == target.WorkId);
            Assert.True(now is null || FindingKey.Rank(now.Severity) > FindingKey.Rank(target.Severity),
                $"{target.WorkId} was {target.Severity}, is {now?.Severity ?? "not flagged"}");
            // Findings of other works are as they were: only the suppressed pair changed anything.
            var before = store.FindingsOf(first).ToDictionary(f => f.WorkId);
            Assert.All(again.Where(f => before.ContainsKey(f.WorkId) && !ListedPairs(before[f.WorkId]).Contains(pair)),
                f => Assert.Equal(before[f.WorkId].Severity, f.Severity));
            var audit = new ReviewBook(store).Audit.Read(0, 1000, FindingKey.FromId(id)!);
            var row = Assert.Single(audit, e => e.Action == "suppress");
            Assert.Equal(("ann", "a namesake department"), (row.Actor, row.Reason));
            Assert.Contains(pair.Affiliation, row.After);
            Assert.True(new ReviewBook(store).Audit.Verify().Intact);
        }
    }
}

public sealed class SqliteSuppressionTests : SuppressionContract
{
    protected override bool Postgres => false;
}

[PostgresTests]
public sealed class PostgresSuppressionTests : SuppressionContract
{
    protected override bool Postgres => true;
}
