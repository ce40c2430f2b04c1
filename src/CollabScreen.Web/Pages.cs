using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CollabScreen.Review;
using CollabScreen.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using static CollabScreen.Web.Html;

namespace CollabScreen.Web;

/// <summary>The pages: sign-in, runs, a run's overview and queue, a finding with its evidence and decisions, diff, audit, users.</summary>
internal static class Pages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/health", (FindingStore store) => Results.Text($"ok schema {store.SchemaVersion}")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/app.css", () => Results.Text(Css, "text/css")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/login", (HttpContext ctx, string? returnUrl) => LoginForm(ctx, returnUrl)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", Login).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(ReviewHost.LoginLimit).AddEndpointFilter(Antiforgery);
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(ReviewHost.CookieScheme);
            return Results.Redirect("/login", preserveMethod: false);
        }).AddEndpointFilter(Antiforgery);
        pages.MapGet("/", () => Results.Redirect("/runs"));
        pages.MapGet("/runs", RunsPage);
        pages.MapGet("/runs/{id:long}", RunPage);
        pages.MapGet("/runs/{id:long}/findings", QueuePage);
        pages.MapGet("/findings/{id}", (HttpContext ctx, string id, ReviewBook book, UserDirectory users) => FindingPage(ctx, id, book, users));
        var act = pages.MapGroup("").RequireAuthorization(ReviewHost.ReviewerPolicy).AddEndpointFilter(Antiforgery);
        act.MapPost("/findings/{id}/decisions", Decide);
        act.MapPost("/findings/{id}/comments", Comment);
        act.MapPost("/findings/{id}/assign", Assign);
        act.MapPost("/findings/{id}/suppressions", Suppress);
        pages.MapGet("/suppressions", SuppressionsPage);
        pages.MapGet("/diff", DiffPage);
        pages.MapGet("/audit", AuditPage);
        pages.MapGet("/audit.csv", AuditCsv);
        var admin = pages.MapGroup("/admin").RequireAuthorization(ReviewHost.AdminPolicy);
        admin.MapGet("/users", (HttpContext ctx, UserDirectory users) => UsersPage(ctx, users));
        admin.MapPost("/users", AddUser).AddEndpointFilter(Antiforgery);
        admin.MapPost("/users/{name}/disable", DisableUser).AddEndpointFilter(Antiforgery);
    }

    /// <summary>Every state-changing form carries the antiforgery token; without it: 400.</summary>
    internal static async ValueTask<object?> Antiforgery(EndpointFilterInvocationContext c, EndpointFilterDelegate next)
    {
        var ctx = c.HttpContext;
        try { await ctx.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(ctx); }
        catch (AntiforgeryValidationException)
        {
            return Page(ctx, "Request refused", "<p class=\"error\">The form's security token is missing or stale. Go back, reload the page and try again.</p>", 400);
        }
        return await next(c);
    }

    internal static string? Client(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString();

    internal static ReviewUser Me(HttpContext ctx) =>
        ctx.RequestServices.GetRequiredService<UserDirectory>().Find(ctx.User.Identity!.Name!)
        ?? throw new ReviewException(ReviewError.Forbidden, "the account no longer exists");

    internal static int StatusOf(ReviewException e) => e.Error switch
    {
        ReviewError.Invalid => 400,
        ReviewError.Forbidden => 403,
        ReviewError.NotFound => 404,
        _ => 409,
    };

    /// <summary>Carries decisions into a finished run the first time anyone looks at it.</summary>
    internal static void EnsureSynced(ReviewBook book, RunRecord run)
    {
        if (run.Finished is not null) book.EnsureSynced(run.Id);
    }

    private static IResult LoginForm(HttpContext ctx, string? returnUrl, string? error = null)
    {
        var body = $"""
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            <form method="post" action="/login" class="box">{Csrf(ctx)}
            <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
            <p><label>User name <input name="name" autocomplete="username" required></label></p>
            <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button>Sign in</button></p></form>
            <p>No account? An admin creates one: <code>collabscreen users add NAME --role reviewer --password-stdin</code>.</p>
            """;
        return Page(ctx, "Sign in", body, error is null ? 200 : 401);
    }

    private static async Task<IResult> Login(HttpContext ctx, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        var name = form["name"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        var outcome = users.SignIn(name, form["password"].ToString(), out var user, Client(ctx));
        if (outcome != SignInOutcome.Ok)
            return LoginForm(ctx, returnUrl, outcome == SignInOutcome.LockedOut
                ? $"Too many wrong passwords: the account is locked for {UserDirectory.LockoutTime.TotalMinutes:0} minutes."
                : "Wrong user name or password, or the account is disabled.");
        await ctx.SignInAsync(ReviewHost.CookieScheme, ReviewHost.PrincipalOf(user!, ReviewHost.CookieScheme));
        // Only a local path: an open redirect would send people from the login page anywhere.
        var target = returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/runs";
        return Results.Redirect(target);
    }

    private static IResult RunsPage(HttpContext ctx, FindingStore store, ReviewBook book)
    {
        var runs = store.ListRuns();
        var b = new StringBuilder();
        if (runs.Count == 0) b.Append("<p>No runs stored yet. <code>collabscreen screen --db …</code> stores one.</p>");
        b.Append("<table><tr><th>Run</th><th>Started</th><th>Finished</th><th>Findings</th>");
        foreach (var s in FindingKey.Severities) b.Append($"<th>{E(s)}</th>");
        b.Append("<th>Inputs</th><th></th></tr>");
        foreach (var r in runs.Reverse())
        {
            b.Append($"<tr><td><a href=\"/runs/{r.Id}\">{r.Id}</a></td><td>{E(r.Started)}</td><td>{(r.Finished is null ? "running or failed" : E(r.Finished))}</td><td>{r.Findings}</td>");
            foreach (var s in FindingKey.Severities) b.Append($"<td>{(r.FindingsBySeverity.TryGetValue(s, out var n) ? n : 0)}</td>");
            b.Append($"<td>{E(string.Join(", ", r.Inputs))}</td><td><a href=\"/runs/{r.Id}/findings?status=todo\">queue</a></td></tr>");
        }
        b.Append("</table>");
        if (runs.Count >= 2)
        {
            string Options(long selected) => string.Concat(runs.Select(r => $"<option value=\"{r.Id}\"{(r.Id == selected ? " selected" : "")}>run {r.Id}</option>"));
            b.Append($"""
                <form method="get" action="/diff" class="box"><label>Compare <select name="a">{Options(runs[^2].Id)}</select></label>
                <label>with <select name="b">{Options(runs[^1].Id)}</select></label><button>Diff</button></form>
                """);
        }
        return Page(ctx, "Runs", b.ToString());
    }

    private static async Task<IResult> RunPage(HttpContext ctx, long id, FindingStore store, ReviewBook book, RunOverview overview)
    {
        if (store.GetRun(id) is not { } run) return Page(ctx, "Not found", $"<p class=\"error\">No run {id}.</p>", 404);
        EnsureSynced(book, run);
        var statuses = book.StatusCounts(id);
        var b = new StringBuilder();
        b.Append($"<p>Started {E(run.Started)}, finished {E(run.Finished)}; {E(run.WorksRead)} works read, {E(run.WorksSkipped)} skipped; tool {E(run.ToolVersion)}.</p>");
        b.Append($"<p>Command: <code>{E(run.Command)}</code></p><p>Inputs: {E(string.Join(", ", run.Inputs))}</p><p>Lists: <code>{E(run.ListVersionsJson)}</code></p>");
        b.Append("<h2>Findings by severity</h2><table>");
        var total = Math.Max(1, run.Findings);
        foreach (var s in FindingKey.Severities)
        {
            var n = run.FindingsBySeverity.TryGetValue(s, out var v) ? v : 0;
            b.Append($"<tr><td>{Severity(s)}</td><td><a href=\"/runs/{id}/findings?severity={Q(s)}\">{n}</a></td><td><progress max=\"{total}\" value=\"{n}\"></progress></td></tr>");
        }
        b.Append("</table><h2>Review status</h2><table>");
        foreach (var s in ReviewStatus.All)
        {
            var n = statuses.TryGetValue(s, out var v) ? v : 0;
            b.Append($"<tr><td>{Status(s)}</td><td><a href=\"/runs/{id}/findings?status={Q(s)}\">{n}</a></td><td><progress max=\"{total}\" value=\"{n}\"></progress></td></tr>");
        }
        b.Append($"</table><p><a href=\"/runs/{id}/findings?status=todo\">Open the queue</a></p>");
        b.Append("<h2>Overview</h2>");
        // A stored document that is not a finding (another tool's, or damaged) costs the charts, not the page.
        try { b.Append(await overview.ChartsOf(run)); }
        catch (FormatException e) { b.Append($"<p class=\"error\">The charts cannot be drawn: {E(e.Message)}</p>"); }
        return Page(ctx, $"Run {id}", b.ToString());
    }

    private static IResult QueuePage(HttpContext ctx, long id, FindingStore store, ReviewBook book,
        string? severity, string? status, string? assignee, string? q, string? cursor)
    {
        try { book.EnsureSynced(id); } // no run lookup once synced: paging stays cheap
        catch (ReviewException e) when (e.Error == ReviewError.NotFound) { return Page(ctx, "Not found", $"<p class=\"error\">No run {id}.</p>", 404); }
        QueuePage page;
        try { page = book.Queue(new QueueQuery(id, Blank(severity), Blank(status), Blank(assignee), Blank(q), Blank(cursor))); }
        catch (ReviewException e) { return Page(ctx, "Bad request", $"<p class=\"error\">{E(e.Message)}</p>", StatusOf(e)); }
        string Select(string name, string? current, IEnumerable<string> values) =>
            $"<select name=\"{name}\"><option value=\"\">any</option>" +
            string.Concat(values.Select(v => $"<option value=\"{E(v)}\"{(v == current ? " selected" : "")}>{E(v)}</option>")) + "</select>";
        var reviewers = ctx.RequestServices.GetRequiredService<UserDirectory>().List().Where(u => u.CanDecide).Select(u => u.Name);
        var b = new StringBuilder($"""
            <form method="get" action="/runs/{id}/findings" class="box">
            <label>Severity {Select("severity", severity, FindingKey.Severities)}</label>
            <label>Status {Select("status", status, ReviewStatus.All.Prepend("todo"))}</label>
            <label>Assignee {Select("assignee", assignee, reviewers)}</label>
            <label>Text (institution, list, topic, dataset, title) <input name="q" value="{E(q)}"></label>
            <button>Filter</button></form>
            <table><tr><th>Severity</th><th>Status</th><th>Work</th><th>Year</th><th>Title</th><th>Assignee</th></tr>
            """);
        foreach (var r in page.Rows)
            b.Append($"<tr><td>{Severity(r.Severity)}</td><td>{Status(r.Status)}</td><td><a href=\"/findings/{r.Id}\">{E(r.Doi ?? r.WorkId)}</a></td><td>{E(r.Year)}</td><td>{E(r.Title)}</td><td>{E(r.Assignee)}</td></tr>");
        b.Append("</table>");
        if (page.Rows.Count == 0) b.Append("<p>Nothing matches.</p>");
        if (page.Next is { } next)
            b.Append($"<p><a rel=\"next\" href=\"/runs/{id}/findings?severity={Q(severity)}&amp;status={Q(status)}&amp;assignee={Q(assignee)}&amp;q={Q(q)}&amp;cursor={Q(next)}\">Next page</a></p>");
        return Page(ctx, $"Run {id}: findings", b.ToString());
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IResult FindingPage(HttpContext ctx, string id, ReviewBook book, UserDirectory users, string? error = null)
    {
        if (FindingKey.FromId(id) is not { } key || book.Get(key) is not { } item)
            return Page(ctx, "Not found", "<p class=\"error\">No such finding.</p>", 404);
        var finding = book.LatestFinding(item);
        var b = new StringBuilder();
        if (error is not null) b.Append($"<p class=\"error\">{E(error)}</p>");
        b.Append($"<p>Key <code>{E(key)}</code></p><table>");
        b.Append($"<tr><th>Status</th><td>{Status(item.Status)}</td></tr><tr><th>Severity</th><td>{Severity(item.Severity)}</td></tr>");
        if (item.Reason is not null) b.Append($"<tr><th>Reason</th><td>{E(DismissReason.Labels.TryGetValue(item.Reason, out var label) ? label : item.Reason)}</td></tr>");
        if (item.Note is not null) b.Append($"<tr><th>Note</th><td>{E(item.Note)}</td></tr>");
        if (item.PendingBy is not null) b.Append($"<tr><th>Dismissal proposed by</th><td>{E(item.PendingBy)} (needs a second reviewer's approval)</td></tr>");
        b.Append($"<tr><th>Assignee</th><td>{E(item.Assignee ?? "nobody")}</td></tr><tr><th>Latest run</th><td><a href=\"/runs/{item.LastRunId}\">{item.LastRunId}</a></td></tr>");
        b.Append($"<tr><th>Updated</th><td>{E(item.Updated)}</td></tr></table>");
        var me = users.Find(ctx.User.Identity!.Name!);
        if (finding is not null) b.Append(Evidence.Render(finding, me is { CanDecide: true } ? (aff, ror, name) => $"""
            <form method="post" action="/findings/{id}/suppressions">{Csrf(ctx)}<input type="hidden" name="affiliation" value="{E(aff)}">
            <input type="hidden" name="ror" value="{E(ror)}"><input type="hidden" name="institution" value="{E(name)}">
            <input name="note" placeholder="why (optional)"><button>This string is not this institution</button></form>
            """ : null));
        if (me is { CanDecide: true })
        {
            var reasons = string.Concat(DismissReason.Labels.Select(kv => $"<option value=\"{E(kv.Key)}\">{E(kv.Value)}</option>"));
            b.Append($"""
                <h2>Decide</h2>
                <form method="post" action="/findings/{id}/decisions" class="box">{Csrf(ctx)}
                <p><label>Dismissal reason <select name="reason"><option value="">(for dismiss)</option>{reasons}</select></label></p>
                <p><label>Note <textarea name="note"></textarea></label></p>
                <p><button name="action" value="confirm">Confirm</button> <button name="action" value="dismiss">Dismiss</button>
                <button name="action" value="escalate">Escalate</button> <button name="action" value="needs-info">Needs info</button>
                <button name="action" value="reopen">Reopen</button>
                {(item.Status == ReviewStatus.DismissPending ? "<button name=\"action\" value=\"approve\">Approve dismissal</button> <button name=\"action\" value=\"reject\">Reject dismissal</button>" : "")}</p>
                </form>
                <form method="post" action="/findings/{id}/assign" class="box">{Csrf(ctx)}
                <label>Assign to <select name="assignee"><option value="">nobody</option>{string.Concat(users.List().Where(u => u.CanDecide).Select(u => $"<option{(u.Name == item.Assignee ? " selected" : "")}>{E(u.Name)}</option>"))}</select></label>
                <button>Assign</button></form>
                """);
        }
        b.Append("<h2>Comments</h2>");
        foreach (var c in book.Comments(key)) b.Append($"<p><strong>{E(c.Author)}</strong> {E(c.At)}: {E(c.Body)}</p>");
        if (me is { CanDecide: true })
            b.Append($"<form method=\"post\" action=\"/findings/{id}/comments\" class=\"box\">{Csrf(ctx)}<textarea name=\"body\" required></textarea><button>Comment</button></form>");
        b.Append("<h2>History</h2>").Append(AuditTable(book.Audit.Read(0, 1000, key)));
        return Page(ctx, item.WorkId, b.ToString(), error is null ? 200 : 400);
    }

    private static async Task<IResult> Decide(HttpContext ctx, string id, ReviewBook book, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        return Act(ctx, id, book, users, key => book.Decide(key, new Decision(form["action"].ToString(), form["reason"].ToString(), form["note"].ToString()), Me(ctx), Client(ctx)));
    }

    private static async Task<IResult> Comment(HttpContext ctx, string id, ReviewBook book, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        return Act(ctx, id, book, users, key => book.Comment(key, form["body"].ToString(), Me(ctx), Client(ctx)));
    }

    private static async Task<IResult> Assign(HttpContext ctx, string id, ReviewBook book, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        return Act(ctx, id, book, users, key => book.Assign(key, form["assignee"].ToString(), Me(ctx), Client(ctx)));
    }

    private static async Task<IResult> Suppress(HttpContext ctx, string id, ReviewBook book, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        return Act(ctx, id, book, users, key => book.Suppress(form["affiliation"].ToString(), form["ror"].ToString(), form["institution"].ToString(),
            form["note"].ToString(), Me(ctx), key, Client(ctx)));
    }

    private static IResult SuppressionsPage(HttpContext ctx, ReviewBook book)
    {
        var list = book.ListSuppressions();
        var b = new StringBuilder("<p>Each row is a review decision that an affiliation string does not denote an institution; " +
                                  "every later <code>collabscreen screen --db</code> of this store drops those author–institution pairs before deciding severity.</p>");
        b.Append("<table><tr><th>Affiliation string</th><th>Is not</th><th>Decided by</th><th>When</th><th>On finding</th><th>Note</th></tr>");
        foreach (var s in list)
            b.Append($"<tr><td>{E(s.Affiliation)}</td><td>{E(s.Institution)} {E(s.Ror)}</td><td>{E(s.CreatedBy)}</td><td>{E(s.Created)}</td><td>")
                .Append(s.FindingKey is null ? "" : $"<a href=\"/findings/{FindingKey.ToId(s.FindingKey)}\">{E(s.FindingKey)}</a>")
                .Append($"</td><td>{E(s.Note)}</td></tr>");
        b.Append("</table>");
        if (list.Count == 0) b.Append("<p>No suppressions yet: a reviewer adds one from a finding's co-author institutions.</p>");
        return Page(ctx, "Suppressions", b.ToString());
    }

    /// <summary>Runs a change and goes back to the finding (303, so a reload does not post again); a refusal shows why.</summary>
    private static IResult Act(HttpContext ctx, string id, ReviewBook book, UserDirectory users, Action<string> change)
    {
        if (FindingKey.FromId(id) is not { } key) return Page(ctx, "Not found", "<p class=\"error\">No such finding.</p>", 404);
        try { change(key); }
        catch (ReviewException e) when (e.Error is ReviewError.Invalid or ReviewError.Conflict) { return FindingPage(ctx, id, book, users, e.Message); }
        catch (ReviewException e) { return Page(ctx, "Refused", $"<p class=\"error\">{E(e.Message)}</p>", StatusOf(e)); }
        ctx.Response.Headers.Location = $"/findings/{id}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult DiffPage(HttpContext ctx, FindingStore store, ReviewBook book, long a, long b)
    {
        RunDiff diff;
        try { diff = store.Diff(a, b); }
        catch (StorageException e) { return Page(ctx, "Not found", $"<p class=\"error\">{E(e.Message)}</p>", 404); }
        EnsureSynced(book, diff.A);
        EnsureSynced(book, diff.B);
        var before = book.StatusesOf(a);
        var after = book.StatusesOf(b);
        var s = new StringBuilder($"<p>{diff.Changes.Count} changed, {diff.Unchanged} unchanged.</p>");
        if (diff.ListVersionChanges.Count > 0) s.Append($"<p>Lists: {E(string.Join("; ", diff.ListVersionChanges))}</p>");
        s.Append("<table><tr><th>Change</th><th>Work</th><th>Title</th><th>What changed</th><th>Review</th></tr>");
        foreach (var c in diff.Changes)
        {
            var review = (c.Kind == ChangeKind.Gone ? before : after).TryGetValue(c.WorkId, out var st)
                ? $"{Status(st.Status)} <a href=\"/findings/{FindingKey.ToId(st.Key)}\">open</a>" : "";
            s.Append($"<tr><td>{E(c.Kind.ToString().ToLowerInvariant())}</td><td>{E(c.Doi ?? c.WorkId)}</td><td>{E(c.Title)}</td><td>{E(c.Explain())}</td><td>{review}</td></tr>");
        }
        s.Append("</table>");
        return Page(ctx, $"Run {a} → run {b}", s.ToString());
    }

    private static IResult AuditPage(HttpContext ctx, ReviewBook book, long? after)
    {
        var verification = book.Audit.Verify();
        var rows = book.Audit.Read(after ?? 0, 200);
        var b = new StringBuilder(verification.Intact
            ? $"<p class=\"ok\">Hash chain intact over {verification.Rows} rows.</p>"
            : $"<p class=\"error\">Hash chain broken: {E(verification.Problem)}</p>");
        b.Append("<p><a href=\"/audit.csv\">Export CSV</a></p>").Append(AuditTable(rows));
        if (rows.Count == 200) b.Append($"<p><a rel=\"next\" href=\"/audit?after={rows[^1].Seq}\">Next page</a></p>");
        return Page(ctx, "Audit log", b.ToString());
    }

    internal static string AuditTable(IEnumerable<AuditEntry> rows)
    {
        var b = new StringBuilder("<table><tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Finding</th><th>Before → after</th><th>Reason</th><th>Client</th></tr>");
        foreach (var e in rows)
            b.Append($"<tr><td>{e.Seq}</td><td>{E(e.At)}</td><td>{E(e.Actor)}</td><td>{E(e.Action)}</td><td>{(e.Key is null ? "" : $"<a href=\"/findings/{FindingKey.ToId(e.Key)}\">{E(e.Key)}</a>")}</td><td>{E(e.Before)} → {E(e.After)}</td><td>{E(e.Reason)}</td><td>{E(e.Client)}</td></tr>");
        return b.Append("</table>").ToString();
    }

    private static async Task AuditCsv(HttpContext ctx, ReviewBook book)
    {
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = "attachment; filename=\"collabscreen-audit.csv\"";
        await using var w = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 1 << 16);
        await w.WriteLineAsync("seq,at,actor,action,finding_key,before,after,reason,client,prev_hash,hash");
        foreach (var e in book.Audit.Stream())
            await w.WriteLineAsync(string.Join(",", new[] { e.Seq.ToString(), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), e.Actor, e.Action, e.Key, e.Before, e.After, e.Reason, e.Client, e.PrevHash, e.Hash }.Select(CsvCell)));
    }

    /// <summary>A CSV field; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.</summary>
    internal static string CsvCell(string? v)
    {
        v ??= "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return Csv.Field(v);
    }

    private static IResult UsersPage(HttpContext ctx, UserDirectory users, string? message = null, bool error = false)
    {
        var b = new StringBuilder();
        if (message is not null) b.Append($"<p class=\"{(error ? "error" : "ok")}\">{E(message)}</p>");
        b.Append("<table><tr><th>Name</th><th>Role</th><th>State</th><th>Created</th><th></th></tr>");
        foreach (var u in users.List())
            b.Append($"<tr><td>{E(u.Name)}</td><td>{E(UserDirectory.RoleName(u.Role))}</td><td>{(u.Disabled ? "disabled" : u.LockedUntil > DateTimeOffset.UtcNow ? "locked" : "active")}</td><td>{E(u.Created)}</td><td>"
                + (u.Disabled ? "" : $"<form method=\"post\" action=\"/admin/users/{Q(u.Name)}/disable\" class=\"inline\">{Csrf(ctx)}<button>Disable</button></form>") + "</td></tr>");
        b.Append($"""
            </table><h2>Add a user</h2>
            <form method="post" action="/admin/users" class="box">{Csrf(ctx)}
            <label>Name <input name="name" required></label>
            <label>Role <select name="role"><option>reviewer</option><option>viewer</option><option>admin</option></select></label>
            <label>Password (10+ characters) <input name="password" type="password" autocomplete="new-password" required></label>
            <button>Add</button></form>
            <p>API tokens: <code>collabscreen users token NAME</code> prints one.</p>
            """);
        return Page(ctx, "Users", b.ToString(), error ? 400 : 200);
    }

    private static async Task<IResult> AddUser(HttpContext ctx, UserDirectory users)
    {
        var form = await ctx.Request.ReadFormAsync();
        var name = form["name"].ToString().Trim();
        if (UserDirectory.ParseRole(form["role"]) is not { } role) return UsersPage(ctx, users, "unknown role", true);
        try { users.Add(name, role, form["password"].ToString(), ctx.User.Identity!.Name!, Client(ctx)); }
        catch (ReviewException e) { return UsersPage(ctx, users, e.Message, true); }
        return UsersPage(ctx, users, $"Added {name} ({UserDirectory.RoleName(role)}).");
    }

    private static IResult DisableUser(HttpContext ctx, string name, UserDirectory users)
    {
        try { users.Disable(name, ctx.User.Identity!.Name!, Client(ctx)); }
        catch (ReviewException e) { return UsersPage(ctx, users, e.Message, true); }
        return UsersPage(ctx, users, $"Disabled {name}.");
    }
}
