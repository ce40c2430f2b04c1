using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace CollabScreen.Web;

/// <summary>Server-rendered HTML without templates: every value goes through <see cref="E"/>; no script, no inline style.</summary>
internal static class Html
{
    public const string CsrfField = "__csrf";
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>HTML-encodes any value (null → empty).</summary>
    public static string E(object? value) => Encoder.Encode(value switch
    {
        null => "",
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    /// <summary>An encoded URL query value.</summary>
    public static string Q(string? value) => Uri.EscapeDataString(value ?? "");

    public static string Csrf(HttpContext ctx) =>
        $"<input type=\"hidden\" name=\"{CsrfField}\" value=\"{E(ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx).RequestToken)}\">";

    public static IResult Page(HttpContext ctx, string title, string body, int status = 200)
    {
        var user = ctx.User;
        var nav = new StringBuilder();
        if (user.Identity?.IsAuthenticated == true)
        {
            nav.Append("<nav><a href=\"/runs\">Runs</a> <a href=\"/audit\">Audit log</a> <a href=\"/suppressions\">Suppressions</a>");
            if (user.IsInRole("admin")) nav.Append(" <a href=\"/admin/users\">Users</a>");
            nav.Append($" <span class=\"who\">{E(user.Identity.Name)} ({E(RoleOf(user))})</span>");
            nav.Append($"<form method=\"post\" action=\"/logout\" class=\"inline\">{Csrf(ctx)}<button>Sign out</button></form></nav>");
        }
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(title)} · CollabScreen review</title>
            <link rel="stylesheet" href="/app.css"></head>
            <body><header><strong>CollabScreen review</strong> {nav}</header>
            <main><h1>{E(title)}</h1>
            {body}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";

    public static string Severity(string severity) => $"<span class=\"sev sev-{E(severity)}\">{E(severity)}</span>";

    public static string Status(string status) => $"<span class=\"status st-{E(status)}\">{E(status)}</span>";

    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; }
        header { background: #243447; color: #fff; padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; }
        header a { color: #fff; margin-right: .8rem; }
        nav { display: flex; gap: .5rem; align-items: center; flex: 1; }
        .who { margin-left: auto; }
        main { padding: 1rem 2rem; max-width: 80rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
        .sev, .status { padding: 0 .4rem; border-radius: .3rem; font-size: .9em; }
        .sev-critical { background: #7b1113; color: #fff; } .sev-high { background: #d9534f; color: #fff; }
        .sev-medium { background: #f0ad4e; } .sev-low { background: #d9edf7; } .sev-none { background: #eee; }
        .st-dismissed { background: #ddd; } .st-confirmed { background: #c9e7c9; } .st-dismiss-pending { background: #fde2b5; }
        .st-reopened { background: #f7c6c5; } .st-escalated { background: #e6c8f0; } .st-needs-info { background: #fff3b0; }
        svg.chart { max-width: 56rem; height: auto; } .grid2 { display: flex; flex-wrap: wrap; gap: 1rem; } .grid2 .panel { flex: 1 1 24rem; }
        .legend span, .key li { margin-right: .8rem; } svg.swatch { vertical-align: middle; margin-right: .25rem; }
        .inline { display: inline; } form.box { border: 1px solid #ccc; padding: .6rem; margin: .5rem 0; }
        .error { background: #f7c6c5; padding: .5rem; } .ok { background: #c9e7c9; padding: .5rem; }
        progress { width: 20rem; } label { margin-right: .8rem; } textarea { width: 40rem; height: 4rem; }
        code { word-break: break-all; }
        """;
}
