using System.Text;
using System.Text.Json;
using CollabScreen.Storage;
using static CollabScreen.Web.Html;

namespace CollabScreen.Web;

/// <summary>
/// A stored finding's evidence as HTML: rules and why they fired, each co-author institution with the author,
/// the affiliation string, the list entries (list, category, since, source), then topics, datasets and
/// every other field of the document, so nothing the screen recorded is hidden.
/// </summary>
internal static class Evidence
{
    private static readonly HashSet<string> Shown = ["work", "doi", "title", "year", "severity", "rules", "because", "institutions"];

    /// <param name="pairAction">HTML for an author–institution row's action (the suppress form), given its
    /// affiliation string, ROR id and institution name; null shows none.</param>
    public static string Render(StoredFinding finding, Func<string, string?, string, string>? pairAction = null)
    {
        using var doc = JsonDocument.Parse(finding.Json);
        var root = doc.RootElement;
        var b = new StringBuilder("<h2>Evidence</h2><table>");
        b.Append($"<tr><th>Work</th><td>{E(finding.WorkId)}</td></tr><tr><th>DOI</th><td>{Link(finding.Doi is null ? null : "https://doi.org/" + finding.Doi.Replace("https://doi.org/", ""), finding.Doi)}</td></tr>");
        b.Append($"<tr><th>Title</th><td>{E(finding.Title)}</td></tr><tr><th>Year</th><td>{E(finding.Year)}</td></tr>");
        b.Append($"<tr><th>Rules</th><td>{E(string.Join(", ", finding.Rules))}</td></tr>");
        if (root.TryGetProperty("because", out var because) && because.ValueKind == JsonValueKind.Object)
            foreach (var p in because.EnumerateObject())
                b.Append($"<tr><th>Why {E(p.Name)}</th><td>{Value(p.Value)}</td></tr>");
        b.Append("</table>");
        if (root.TryGetProperty("institutions", out var insts) && insts.ValueKind == JsonValueKind.Array && insts.GetArrayLength() > 0)
        {
            b.Append("<h3>Co-author institutions</h3><table><tr><th>Author</th><th>Affiliation string</th><th>Institution</th><th>Listings</th><th>Asserted by</th><th>More</th>")
                .Append(pairAction is null ? "" : "<th>Not this institution?</th>").Append("</tr>");
            foreach (var i in insts.EnumerateArray())
            {
                if (i.ValueKind != JsonValueKind.Object) continue;
                var ror = Text(i, "ror");
                b.Append($"<tr><td>{E(Text(i, "author"))}</td><td>{E(Text(i, "affiliation"))}</td><td>{E(Text(i, "name"))} {Link(ror, ror)}</td><td>");
                if (i.TryGetProperty("listings", out var ls) && ls.ValueKind == JsonValueKind.Array)
                    foreach (var l in ls.EnumerateArray())
                    {
                        b.Append($"<div>{E(Text(l, "list"))}");
                        if (Text(l, "category") is { } c) b.Append($" ({E(c)})");
                        if (Text(l, "start") is { } st) b.Append($" since {E(st)}");
                        if (Text(l, "end") is { } en) b.Append($" until {E(en)}");
                        if (Text(l, "source") is { } src) b.Append(' ').Append(Link(src, "source"));
                        b.Append("</div>");
                    }
                b.Append($"</td><td>{E(Text(i, "asserted_by"))}</td><td>");
                foreach (var p in i.EnumerateObject().Where(p => p.Name is not ("author" or "affiliation" or "name" or "ror" or "listings" or "asserted_by")))
                    b.Append($"<div>{E(p.Name)}: {Value(p.Value)}</div>");
                b.Append("</td>");
                if (pairAction is not null)
                    b.Append("<td>").Append(Text(i, "affiliation") is { } aff && Text(i, "name") is { } name ? pairAction(aff, ror, name) : "").Append("</td>");
                b.Append("</tr>");
            }
            b.Append("</table>");
        }
        foreach (var p in root.EnumerateObject().Where(p => !Shown.Contains(p.Name)))
        {
            if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0) continue;
            b.Append($"<h3>{E(p.Name)}</h3>{Value(p.Value)}");
        }
        return b.ToString();
    }

    /// <summary>Any JSON value as nested lists, encoded.</summary>
    private static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "<ul>" + string.Concat(v.EnumerateObject().Select(p => $"<li>{E(p.Name)}: {Value(p.Value)}</li>")) + "</ul>",
        JsonValueKind.Array => "<ul>" + string.Concat(v.EnumerateArray().Select(x => $"<li>{Value(x)}</li>")) + "</ul>",
        JsonValueKind.String => E(v.GetString()),
        JsonValueKind.Null => "",
        _ => E(v.GetRawText()),
    };

    /// <summary>A link only for http(s) URLs; anything else (javascript:, data:) is shown as text.</summary>
    private static string Link(string? url, string? text)
    {
        if (url is null) return "";
        return Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? $"<a href=\"{E(u.AbsoluteUri)}\" rel=\"noreferrer noopener\">{E(text)}</a>"
            : E(text);
    }

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
