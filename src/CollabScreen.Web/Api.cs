using System.Text.Json;
using CollabScreen.Review;
using CollabScreen.Storage;

namespace CollabScreen.Web;

/// <summary>The JSON API for integrations, with bearer tokens only (`collabscreen users token NAME`).</summary>
internal static class Api
{
    /// <summary>The body of POST /api/findings/{key}/decisions.</summary>
    public sealed record DecisionBody(string Action, string? Reason, string? Note);

    public sealed record RunJson(long Id, DateTimeOffset Started, DateTimeOffset? Finished, long Findings,
        IReadOnlyDictionary<string, long> BySeverity, IReadOnlyList<string> Inputs, string? ToolVersion);

    public sealed record FindingRowJson(string Key, string Id, string Work, string? Doi, string? Title, int? Year, string Severity, string Status, string? Assignee);

    public sealed record FindingPageJson(long Run, IReadOnlyList<FindingRowJson> Items, string? Next);

    public sealed record ItemJson(string Key, string Id, string Work, string Status, string Severity, string? Reason, string? Note,
        string? Assignee, string? PendingBy, long? Run, DateTimeOffset Updated, JsonElement? Finding, IReadOnlyList<ReviewComment> Comments);

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ReviewHost.ApiRead);
        api.MapGet("/runs", (FindingStore store) => store.ListRuns().Select(r =>
            new RunJson(r.Id, r.Started, r.Finished, r.Findings, r.FindingsBySeverity, r.Inputs, r.ToolVersion)).ToList());
        api.MapGet("/findings", Findings);
        api.MapGet("/findings/{key}", (string key, ReviewBook book) => Resolve(book, key) is { } item ? Results.Ok(ItemOf(book, item)) : Results.NotFound());
        api.MapPost("/findings/{key}/decisions", Decide).RequireAuthorization(ReviewHost.ApiWrite);
        api.MapGet("/audit", (ReviewBook book, long? after, int? limit) => book.Audit.Read(after ?? 0, Math.Clamp(limit ?? 100, 1, 1000)));
    }

    private static IResult Findings(FindingStore store, ReviewBook book, long? run, string? severity, string? status,
        string? assignee, string? q, string? cursor, int? limit)
    {
        // A given run costs no run lookup once synced (the common case: paging through one run's queue).
        var runId = run ?? store.ListRuns().LastOrDefault(r => r.Finished is not null)?.Id;
        if (runId is not { } id) return Results.NotFound(new { error = "no finished run" });
        try
        {
            book.EnsureSynced(id);
            var page = book.Queue(new QueueQuery(id, severity, status, assignee, q, cursor, limit ?? 50));
            return Results.Ok(new FindingPageJson(id, page.Rows.Select(r =>
                new FindingRowJson(r.Key, r.Id, r.WorkId, r.Doi, r.Title, r.Year, r.Severity, r.Status, r.Assignee)).ToList(), page.Next));
        }
        catch (ReviewException e) { return Results.Json(new { error = e.Message }, statusCode: Pages.StatusOf(e)); }
    }

    private static IResult Decide(HttpContext ctx, string key, DecisionBody body, ReviewBook book)
    {
        if (Resolve(book, key) is not { } item) return Results.NotFound(new { error = "no such finding" });
        try
        {
            var after = book.Decide(item.Key, new Decision(body.Action, body.Reason, body.Note), Pages.Me(ctx), Pages.Client(ctx));
            return Results.Created($"/api/findings/{after.Id}", ItemOf(book, after));
        }
        catch (ReviewException e) { return Results.Json(new { error = e.Message }, statusCode: Pages.StatusOf(e)); }
    }

    /// <summary>{key} is the URL id (base64url of the key) or the key itself, URL-encoded.</summary>
    private static ReviewItem? Resolve(ReviewBook book, string key) =>
        (FindingKey.FromId(key) is { } decoded ? book.Get(decoded) : null) ?? book.Get(key);

    private static ItemJson ItemOf(ReviewBook book, ReviewItem i)
    {
        JsonElement? finding = book.LatestFinding(i) is { } f ? JsonDocument.Parse(f.Json).RootElement.Clone() : null;
        return new ItemJson(i.Key, i.Id, i.WorkId, i.Status, i.Severity, i.Reason, i.Note, i.Assignee, i.PendingBy, i.LastRunId, i.Updated, finding, book.Comments(i.Key));
    }
}
