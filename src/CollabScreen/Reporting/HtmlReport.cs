using System.Globalization;
using System.Net;
using System.Text;
using CollabScreen.Reference;
using CollabScreen.Screening;

namespace CollabScreen.Reporting;

/// <summary>
/// The report a reviewer sends on: one self-contained HTML file (inline CSS, SVG and a little JS, no external
/// assets) with counts by severity, list and topic, a timeline, the co-author institution network, partner and
/// author summaries, and a sortable, filterable findings table where every finding opens onto its evidence.
/// </summary>
public static class HtmlReport
{
    private static readonly Severity[] Flagged = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    public static string Color(Severity s) => s switch
    {
        Severity.Critical => "#7f1d1d", Severity.High => "#dc2626", Severity.Medium => "#d97706", Severity.Low => "#2563eb", _ => "#9ca3af",
    };

    public static void Write(TextWriter w, ScreeningRun run, IReadOnlyList<Finding> findings, CollaborationSummary summary, SeverityPolicy policy)
    {
        var flagged = findings.Where(f => f.Flagged).ToList();
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>CollabScreen report — {E(run.Scope)}</title>\n");
        // Read by PdfPrinter for the header and footer of every printed page.
        w.Write($"<meta name=\"collabscreen-run\" content=\"{E(run.RunId is { } id ? $"run {id}" : "run not stored")}\">\n");
        w.Write($"<meta name=\"collabscreen-scope\" content=\"{E(run.Scope)}\">\n");
        w.Write($"<meta name=\"collabscreen-date\" content=\"{run.Started.UtcDateTime:yyyy-MM-dd HH:mm} UTC\">\n");
        w.Write($"<style>{Css}</style>\n</head>\n<body>\n");
        w.Write("<header><div class=\"brand\">CollabScreen</div>");
        w.Write($"<h1>Research collaboration screening</h1><p class=\"scope\">{E(run.Scope)}</p>");
        w.Write($"<p class=\"meta\">Generated {run.Started.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(run.RunId is { } rid ? $" · run {rid}" : "")} · policy <b>{E(run.PolicyName)}</b> · " +
                $"{run.WorksRead:N0} works read, {run.Skipped:N0} skipped · {run.Elapsed.TotalSeconds:0.0} s</p></header>\n<main>\n");

        Cards(w, run);
        Charts(w, run, flagged);

        // The partner table first: in print it fills page 1, and the network gets a page of its own.
        Partners(w, summary);
        Network(w, run, flagged, summary);

        Authors(w, summary);
        NeedsChecking(w, findings);
        FindingsTable(w, findings, policy, run);
        About(w, run, policy, findings);
        w.Write($"</main>\n<script>{Js}</script>\n</body>\n</html>\n");
        w.Flush();
    }

    /// <summary>
    /// The report's charts of flagged works (by list, by topic, per year): SVG with presentation attributes only,
    /// no script or inline style, so a page under a strict Content Security Policy can show them too.
    /// </summary>
    public static void Charts(TextWriter w, ScreeningRun run, IReadOnlyList<Finding> flagged)
    {
        w.Write("<section class=\"grid2\">");
        w.Write("<div class=\"panel\"><h2>Flagged works by list</h2>");
        Bars(w, flagged.SelectMany(f => f.ListedInstitutions.SelectMany(i => i.Listings).Select(l => ListLabel(l, run.Lists)).Distinct().Select(k => (k, f)))
            .GroupBy(x => x.k).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList(), "#334155", "bars-lists");
        w.Write("</div><div class=\"panel\"><h2>Flagged works by topic</h2>");
        var topics = flagged.SelectMany(f => f.Topics.Select(t => t.Topic).Distinct())
            .GroupBy(t => t).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList();
        // One bar is not a chart: say it in words.
        if (topics.Count == 1)
            w.Write($"<p class=\"onebar\" id=\"bars-topics\">One surveillance topic among the flagged works: <b>{E(topics[0].Key)}</b>, " +
                    $"{topics[0].Item2} work{(topics[0].Item2 == 1 ? "" : "s")}.</p>");
        else if (topics.Count == 0)
            w.Write("<p class=\"empty\" id=\"bars-topics\">No surveillance topic among the flagged works.</p>");
        else
            Bars(w, topics, "#0f766e", "bars-topics");
        w.Write("</div>");
        // In the same grid as the two charts, so print can set all three in one row and keep page 1 full.
        w.Write("<div class=\"panel wide\"><h2>Flagged works per year</h2>");
        Timeline(w, flagged as List<Finding> ?? [.. flagged]);
        w.Write("</div></section>\n");
    }

    /// <summary>The report's co-author institution network section (SVG, no script or inline style).</summary>
    public static void Network(TextWriter w, ScreeningRun run, IReadOnlyList<Finding> flagged, CollaborationSummary summary)
    {
        w.Write("<section class=\"panel network\"><h2>Co-author institution network</h2><p class=\"note\">The screened side in the centre and every listed " +
                "partner on flagged works, coloured by the kind of listing; partners that share papers are drawn near each other.</p>");
        NetworkChart.Write(w, flagged, summary, run.Home);
        w.Write("</section>\n");
    }

    private static void Cards(TextWriter w, ScreeningRun run)
    {
        w.Write("<section class=\"cards\" id=\"summary\">");
        w.Write($"<div class=\"card\"><div class=\"num\">{run.WorksRead:N0}</div><div class=\"lbl\">works screened</div></div>");
        w.Write($"<div class=\"card\"><div class=\"num\">{run.Flagged:N0}</div><div class=\"lbl\">flagged</div></div>");
        foreach (var s in Flagged)
            w.Write($"<div class=\"card sev\" style=\"border-top-color:{Color(s)}\" data-severity=\"{s.Name()}\"><div class=\"num\" style=\"color:{Color(s)}\">" +
                    $"{run.BySeverity.GetValueOrDefault(s):N0}</div><div class=\"lbl\">{s.Name()}</div></div>");
        w.Write("</section>\n");
    }

    private static string ListLabel(ListingEvidence l, IReadOnlyList<Watchlist> lists)
    {
        var name = lists.FirstOrDefault(x => x.Id == l.List)?.Name ?? l.ListName ?? l.List;
        // The tracker splits into categories that mean very different things, so it gets one bar per category.
        return l.List == "aspi-cdut" && l.Category is not null ? $"ASPI tracker: {l.Category}" : name;
    }

    private static void Bars(TextWriter w, List<(string Label, int Count)> rows, string color, string id)
    {
        if (rows.Count == 0) { w.Write("<p class=\"empty\">None.</p>"); return; }
        rows = rows.Take(12).ToList();
        const int rowH = 26, barW = 260;
        // The label column fits the longest label (at ~6.8 units a character), so no list name is cut.
        var labelW = (int)Math.Clamp(rows.Max(r => r.Label.Length) * 6.8 + 12, 120, 420);
        var max = rows.Max(r => r.Count);
        var h = rows.Count * rowH + 4;
        w.Write($"<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {labelW + barW + 50} {h}\" width=\"100%\" role=\"img\" aria-label=\"bar chart\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * rowH + 2;
            var len = Math.Max(2, barW * rows[i].Count / (double)max);
            var label = rows[i].Label.Length > 60 ? rows[i].Label[..59] + "…" : rows[i].Label;
            w.Write($"<text x=\"{labelW - 8}\" y=\"{y + 17}\" text-anchor=\"end\" class=\"lab\"><title>{E(rows[i].Label)}</title>{E(label)}</text>");
            w.Write($"<rect x=\"{labelW}\" y=\"{y + 4}\" width=\"{N(len)}\" height=\"{rowH - 8}\" rx=\"3\" fill=\"{color}\"/>");
            w.Write($"<text x=\"{N(labelW + len + 6)}\" y=\"{y + 17}\" class=\"val\">{rows[i].Count}</text>");
        }
        w.Write("</svg>");
    }

    private static void Timeline(TextWriter w, List<Finding> flagged)
    {
        var years = flagged.Where(f => f.Year is not null).GroupBy(f => f.Year!.Value).ToDictionary(g => g.Key, g => g.ToList());
        if (years.Count == 0) { w.Write("<p class=\"empty\">No flagged works with a year.</p>"); return; }
        int first = years.Keys.Min(), last = years.Keys.Max();
        var n = last - first + 1;
        const int width = 900, height = 260, left = 44, bottom = 30, top = 16;
        var max = years.Values.Max(v => v.Count);
        var step = NiceStep(max);
        var ceiling = (int)Math.Ceiling(max / (double)step) * step;
        var plotW = width - left - 10;
        var plotH = height - bottom - top;
        var slot = plotW / (double)n;
        var barW = Math.Min(48, slot * 0.7);
        w.Write($"<svg class=\"chart\" id=\"timeline\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"flagged works per year\">");
        for (var v = 0; v <= ceiling; v += step)
        {
            var y = top + plotH - plotH * v / (double)ceiling;
            w.Write($"<line x1=\"{left}\" x2=\"{width - 10}\" y1=\"{N(y)}\" y2=\"{N(y)}\" class=\"grid\"/><text x=\"{left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\" class=\"axis\">{v}</text>");
        }
        var labelEvery = Math.Max(1, (int)Math.Ceiling(n / 20.0));
        for (var year = first; year <= last; year++)
        {
            var x = left + slot * (year - first) + (slot - barW) / 2;
            if ((year - first) % labelEvery == 0)
                w.Write($"<text x=\"{N(x + barW / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\" class=\"axis\">{year}</text>");
            if (!years.TryGetValue(year, out var list)) continue;
            var yBase = (double)(top + plotH);
            foreach (var s in Flagged.Reverse())
            {
                var c = list.Count(f => f.Severity == s);
                if (c == 0) continue;
                var hgt = plotH * c / (double)ceiling;
                yBase -= hgt;
                w.Write($"<rect class=\"bar\" data-year=\"{year}\" data-severity=\"{s.Name()}\" x=\"{N(x)}\" y=\"{N(yBase)}\" width=\"{N(barW)}\" height=\"{N(hgt)}\" fill=\"{Color(s)}\"><title>{year}: {c} {s.Name()}</title></rect>");
            }
            w.Write($"<text x=\"{N(x + barW / 2)}\" y=\"{N(yBase - 4)}\" text-anchor=\"middle\" class=\"val\">{list.Count}</text>");
        }
        w.Write("</svg><div class=\"legend\">");
        foreach (var s in Flagged) w.Write($"<span><i style=\"background:{Color(s)}\"></i>{s.Name()}</span>");
        w.Write("</div>");
    }

    private static int NiceStep(int max)
    {
        foreach (var s in new[] { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000 })
            if (max / s <= 6) return s;
        return 10000;
    }

    private static void Partners(TextWriter w, CollaborationSummary summary)
    {
        var partners = summary.Partners();
        w.Write("<section class=\"panel tablepanel\" id=\"partners-panel\"><h2>Co-author institutions</h2>");
        if (partners.Count == 0) { w.Write("<p class=\"empty\">None.</p></section>"); return; }
        w.Write("<table class=\"plain long\" id=\"partners\"><thead><tr><th>Institution</th><th>Listings</th><th class=\"r\">Papers</th><th>Years</th><th>Topics</th><th>Highest (listed only)</th></tr></thead><tbody>");
        foreach (var p in partners.Take(60))
            w.Write($"<tr><td>{E(p.Name)}{(p.Ror is null ? "" : $"<div class=\"sub\">{Link(p.Ror)}</div>")}</td><td>{string.Join("<br>", p.Listings.Select(E))}</td>" +
                    $"<td class=\"r\">{p.Papers}</td><td>{E(SummaryText.Years(p.Years))}</td><td>{E(string.Join(", ", p.Topics.Select(kv => $"{kv.Key} ({kv.Value})")))}</td>" +
                    // An unlisted partner carries no severity of its own: it only shares papers flagged for someone else.
                    $"<td>{(p.Listed ? Badge(p.MaxSeverity) : "<span class=\"sub\">not listed</span>")}</td></tr>");
        w.Write("</tbody></table>");
        if (partners.Count > 60) w.Write($"<p class=\"note\">{partners.Count - 60} more institutions in the JSONL/CSV output.</p>");
        if (partners.Count > 20) w.Write($"<p class=\"note print-only\">Printed: the first 20 of {partners.Count} institutions; the HTML report and `--summary` have all.</p>");
        w.Write("</section>\n");
    }

    private static void Authors(TextWriter w, CollaborationSummary summary)
    {
        var authors = summary.Authors();
        var title = summary.Home is null ? "Authors at unlisted institutions" : $"Authors of {summary.HomeName ?? summary.Home}";
        w.Write($"<section class=\"panel tablepanel\"><h2>{E(title)}</h2>");
        if (authors.Count == 0) { w.Write("<p class=\"empty\">None.</p></section>"); return; }
        w.Write("<table class=\"plain long\" id=\"authors\"><thead><tr><th>Author</th><th class=\"r\">Papers</th><th>Years</th><th>Listed partners</th><th>Topics</th><th>Highest</th></tr></thead><tbody>");
        foreach (var a in authors.Take(60))
            w.Write($"<tr><td>{E(a.Author)}</td><td class=\"r\">{a.Papers}</td><td>{E(SummaryText.Years(a.Years))}</td>" +
                    $"<td>{E(string.Join(", ", a.ListedPartners.Select(kv => $"{kv.Key} ({kv.Value})")))}</td><td>{E(string.Join(", ", a.Topics.Select(kv => $"{kv.Key} ({kv.Value})")))}</td><td>{Badge(a.MaxSeverity)}</td></tr>");
        w.Write("</tbody></table>");
        if (authors.Count > 60) w.Write($"<p class=\"note\">{authors.Count - 60} more authors in the --summary output.</p>");
        if (authors.Count > 20) w.Write($"<p class=\"note print-only\">Printed: the first 20 of {authors.Count} authors; the HTML report and `--summary` have all.</p>");
        w.Write("</section>\n");
    }

    // The JSONL needs_checking group: disputed pairs, the source's institution beside what the author's string names.
    private static void NeedsChecking(TextWriter w, IReadOnlyList<Finding> findings)
    {
        var pairs = findings.SelectMany(f => f.NeedsChecking.Select(d => (f, d)))
            .OrderByDescending(x => x.d.Source.Listed).ThenByDescending(x => x.f.Severity).ToList();
        w.Write("<section class=\"panel tablepanel\" id=\"needs-checking\"><h2>Needs checking</h2>");
        if (pairs.Count == 0) { w.Write("<p class=\"empty\">No disputed author–institution pair.</p></section>\n"); return; }
        w.Write($"<p class=\"note\">{pairs.Count} author–institution pair{(pairs.Count == 1 ? "" : "s")} where the author's own printed affiliation names " +
                "another institution than the source asserts. By default a disputed listing does not raise severity; read the printed affiliation to decide.</p>");
        w.Write("<table class=\"plain long\" id=\"needs-checking-table\"><thead><tr><th>Work</th><th>Author</th><th>Printed affiliation</th>" +
                "<th>Source asserts</th><th>The string names</th></tr></thead><tbody>");
        foreach (var (f, d) in pairs.Take(200))
        {
            var src = d.Source;
            w.Write($"<tr><td>{Link(f.Work, ReportText.ShortWork(f.Work))}<div class=\"sub\">{E(f.Title ?? "(no title)")}</div></td><td>{E(d.Author ?? "(unnamed)")}</td>" +
                    $"<td>{E(d.Affiliation ?? "")}</td>" +
                    $"<td>{E(src.Name)}{(src.Ror is null ? "" : $"<div class=\"sub\">{Link(src.Ror)}</div>")}" +
                    $"{(src.Listed ? $"<div class=\"sub\">listed: {E(string.Join(", ", src.Listings.Select(l => l.Category is null ? l.List : $"{l.List} ({l.Category})").Distinct()))}</div>" : "")}</td><td>");
            foreach (var s in d.String)
                w.Write($"<div>{E(s.Name)}{(s.Ror is null ? " <span class=\"sub\">(not in the registry)</span>" : $" <span class=\"sub\">{Link(s.Ror)}</span>")}" +
                        $"{(s.MatchScore is { } ms ? $" <span class=\"sub\">score {ms.ToString("0.00", CultureInfo.InvariantCulture)}</span>" : "")}" +
                        $"{(s.Listed ? " <span class=\"sub\">listed</span>" : "")}</div>");
            w.Write("</td></tr>");
        }
        w.Write("</tbody></table>");
        if (pairs.Count > 200) w.Write($"<p class=\"note\">{pairs.Count - 200} more pairs in the JSONL output (needs_checking).</p>");
        // Listed sources first: the printed ten are the ones that could have raised severity.
        if (pairs.Count > 10) w.Write($"<p class=\"note print-only\">Printed: the first 10 of {pairs.Count} pairs, listed sources first; the HTML report has them all.</p>");
        w.Write("</section>\n");
    }

    private static void FindingsTable(TextWriter w, IReadOnlyList<Finding> findings, SeverityPolicy policy, ScreeningRun run)
    {
        w.Write("<section class=\"panel\" id=\"findings-panel\"><h2>Findings</h2>");
        w.Write("<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"Filter: title, institution, list, topic, rule…\" aria-label=\"filter findings\">" +
                "<select id=\"sevfilter\" aria-label=\"severity\"><option value=\"\">all severities</option>");
        foreach (var s in Flagged.Append(Severity.None)) w.Write($"<option value=\"{s.Name()}\">{s.Name()}</option>");
        w.Write("</select><input id=\"authorfilter\" type=\"search\" placeholder=\"Author name…\" aria-label=\"filter by author\">" +
                "<select id=\"disfilter\" aria-label=\"disagreement\"><option value=\"\">with or without disagreement</option>" +
                "<option value=\"1\">⚠ source and resolver disagree</option><option value=\"0\">no disagreement</option></select>" +
                "<select id=\"timefilter\" aria-label=\"listing timing\"><option value=\"\">any listing timing</option>" +
                "<option value=\"before\">listed before publication</option><option value=\"after\">listed only after publication</option></select>" +
                "<span id=\"shown\"></span><button id=\"expand\" type=\"button\">Expand all</button></div>");
        w.Write("<p class=\"note legend-warn\"><span class=\"warn\">⚠</span> the source (e.g. OpenAlex) and our resolver disagree about an author's institution: " +
                "both are kept, the evidence says how. <b>Listed</b>: when the institution was listed, compared with the paper's publication date.</p>");
        w.Write("<table id=\"findings\"><thead><tr>" +
                "<th data-key=\"sev\" class=\"sortable\">Severity</th><th data-key=\"year\" class=\"sortable\">Year</th><th data-key=\"title\" class=\"sortable\">Work</th>" +
                "<th data-key=\"inst\" class=\"sortable\">Listed co-author institutions</th><th>Listed</th><th>Topics</th><th>Datasets</th><th>Rules</th></tr></thead>");
        var ordered = findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Year).ThenBy(f => f.Work, StringComparer.Ordinal).ToList();
        var rules = policy.Rules.ToDictionary(r => r.Id);
        var n = 0;
        foreach (var f in ordered)
        {
            n++;
            var listed = f.ListedInstitutions.GroupBy(i => i.Ror ?? i.Name).ToList();
            var timing = Timing(f);
            var authors = f.Institutions.Select(i => i.Author).OfType<string>().Distinct().ToList();
            var disputed = f.Institutions.Any(i => i.Disagreement is not null);
            w.Write($"<tbody class=\"finding\" data-sev=\"{(int)f.Severity}\" data-severity=\"{f.Severity.Name()}\" data-year=\"{f.Year}\" " +
                    $"data-title=\"{E((f.Title ?? "").ToLowerInvariant())}\" data-inst=\"{E(string.Join(" ", listed.Select(g => g.First().Name)).ToLowerInvariant())}\" " +
                    $"data-authors=\"{E(string.Join("|", authors).ToLowerInvariant())}\" data-disputed=\"{(disputed ? 1 : 0)}\" data-timing=\"{timing.Key}\">");
            w.Write($"<tr class=\"main\" id=\"f{n}\"><td>{Badge(f.Severity)}</td><td>{f.Year}</td>" +
                    $"<td><div class=\"title\">{E(f.Title ?? "(no title)")}</div><div class=\"sub\">{Link(f.Work, ReportText.ShortWork(f.Work))}{(f.Doi is null ? "" : " · " + Link(f.Doi, f.Doi.Replace("https://doi.org/", "")))}{(f.Venue is null ? "" : " · " + E(f.Venue))}</div></td>");
            w.Write("<td>");
            foreach (var g in listed)
            {
                var cats = ReportText.ListingsShort(g.SelectMany(i => i.Listings));
                w.Write($"<div class=\"inst\">{E(g.First().Name)} <span class=\"tags\">{string.Join("", cats.Select(c => $"<span class=\"tag\">{E(c)}</span>"))}</span>" +
                        (g.Any(i => i.Disagreement is not null) ? "<span class=\"warn\" title=\"source and resolver disagree\">⚠</span>" : "") + "</div>");
            }
            w.Write($"</td><td class=\"timing {timing.Key}\">{E(timing.Text)}</td><td>{string.Join("<br>", f.Topics.Select(t => E(t.Topic)))}</td><td>{string.Join("<br>", f.Datasets.Select(d => $"{E(d.Name)} <span class=\"sub\">({E(d.Status)})</span>"))}</td>" +
                    $"<td class=\"rules\">{(f.Rules.Count == 0 ? "" : E(f.Rules[0]) + (f.Rules.Count > 1 ? $" <span class=\"sub\">+{f.Rules.Count - 1} more</span>" : ""))}<button class=\"toggle\" type=\"button\" aria-expanded=\"false\">evidence ▸</button></td></tr>");
            w.Write("<tr class=\"evidence\"><td colspan=\"8\">");
            Evidence(w, f, rules);
            w.Write("</td></tr></tbody>\n");
        }
        w.Write("</table>");
        if (findings.Count == 0) w.Write("<p class=\"empty\">No findings.</p>");
        w.Write("</section>\n");
    }

    /// <summary>
    /// The listings of one institution for print, one line per list: "NDAA §1286 (legal-designation): FY2022 list since
    /// 2023-06-29, listed after publication; FY2023 list …". Same facts as the detailed listing blocks, in a quarter of the space.
    /// </summary>
    private static void ListingsCompact(TextWriter w, IReadOnlyList<ListingEvidence> listings, string institution, bool again)
    {
        w.Write("<div class=\"lcompact\">");
        if (again) { w.Write("<div class=\"sub\">the same listings as the row above</div></div>"); return; }
        foreach (var g in listings.GroupBy(l => l.List))
        {
            var l0 = g.First();
            var parts = g.Select(l => $"{E(l.Category ?? "listed")}{(l.Start is { } st ? $" since {st:yyyy-MM-dd}" : "")}{(l.End is { } en ? $" until {en:yyyy-MM-dd}" : "")}, {E(ReportText.Timing(l.Timing))}");
            w.Write($"<div><b>{E(l0.ListName ?? l0.List)}</b>{(l0.Kind is { } k ? $" <span class=\"kind {FindingJson.KindName(k)}\">{E(FindingJson.KindName(k)!)}</span>" : "")}: " +
                    $"{string.Join("; ", parts)} <span class=\"sub\">({(l0.EntryName == institution && l0.ViaParent is null ? "" : $"entry {E(l0.EntryName)}{(l0.ViaParent is null ? "" : " via " + E(l0.ViaParent))}; ")}" +
                    $"<span class=\"src\">{string.Join(" ", g.Select(l => l.Source).Distinct().Select(u => E(Host(u))))}</span>)</span></div>");
        }
        w.Write("</div>");
    }

    /// <summary>When the work's listed co-author institutions were listed, against its publication: the earliest listing decides.</summary>
    private static (string Key, string Text) Timing(Finding f)
    {
        var t = f.ListedInstitutions.SelectMany(i => i.Listings).Select(l => l.Timing).ToList();
        if (t.Count == 0) return ("none", "");
        if (t.Contains(ListingTiming.ListedBeforePublication)) return ("before", "before publication");
        if (t.Contains(ListingTiming.ListedAfterPublication)) return ("after", "after publication");
        if (t.Contains(ListingTiming.DelistedBeforePublication)) return ("delisted", "delisted before publication");
        return ("unknown", "date not given");
    }

    // In print a listing names its source by host; the full addresses are in the report's list of sources.
    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : url;

    // A disagreement names the two institutions by ROR id: the pair, in either order, is its identity.
    private static string DisagreementKey(string text) =>
        string.Join(" ", System.Text.RegularExpressions.Regex.Matches(text, @"\(([0-9a-z]{9})\)").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)) is { Length: > 0 } k ? k : text;

    private static void Evidence(TextWriter w, Finding f, Dictionary<string, PolicyRule> rules)
    {
        w.Write("<div class=\"ev\">");
        if (f.Rules.Count > 0)
        {
            w.Write("<h4>Rules that fired</h4><ul>");
            foreach (var r in f.Rules)
                w.Write($"<li><b>{E(r)}</b> ({(rules.TryGetValue(r, out var rule) ? rule.Severity.Name() + ") " + E(rule.Description) : "?)")}" +
                        (f.Because?.GetValueOrDefault(r) is { Count: > 0 } why ? $"<div class=\"sub because\">because {E(string.Join("; ", why))}</div>" : "") + "</li>");
            w.Write("</ul>");
        }
        var shown = f.Institutions.Where(i => i.Listed || i.Disagreement is not null).ToList();
        if (shown.Count > 0)
        {
            w.Write("<h4>Co-author institutions</h4><table class=\"evt\"><thead><tr><th>Authors</th><th>Affiliation as printed</th><th>Institution</th><th>Asserted by</th><th>Listings</th></tr></thead><tbody>");
            var disagreements = new HashSet<string>();
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // One row per institution and witness: seven authors of the same university read as one line of evidence.
            foreach (var g in shown.GroupBy(i => (i.Ror ?? i.Name, i.AssertedBy, i.Disagreement)))
            {
                var i = g.First();
                var authors = g.Select(x => x.Author).OfType<string>().Distinct().ToList();
                var raws = g.Select(x => x.Affiliation).OfType<string>().Distinct().ToList();
                w.Write($"<tr><td class=\"who\">{string.Join(", ", authors.Select(E))}</td><td class=\"raw\">{string.Join("<br>", raws.Take(4).Select(E))}{(raws.Count > 4 ? $"<br>… {raws.Count - 4} more" : "")}</td>" +
                        $"<td>{E(i.Name)}{(i.Ror is null ? "" : "<div class=\"sub\">" + Link(i.Ror) + "</div>")}" +
                        (i.Matched is null ? "" : $"<div class=\"sub\">matched “{E(i.Matched)}”{(i.MatchScore is { } s ? $", score {s:0.00}" : "")}</div>") + "</td>");
                                // The source's row and the resolver's row of one disagreement tell the same story: print it once.
                var again = i.Disagreement is not null && !disagreements.Add(DisagreementKey(i.Disagreement));
                w.Write($"<td>{FindingJson.AssertedByName(i.AssertedBy)}{(i.Disagreement is null ? "" : $"<div class=\"disagree{(again ? " again" : "")}\">⚠ <span class=\"full\">{E(i.Disagreement)}</span><span class=\"short\">the same disagreement as the row above</span></div>")}</td><td>");
                ListingsCompact(w, i.Listings, i.Name, i.Listings.Count > 0 && !listed.Add(i.Ror ?? i.Name));
                foreach (var l in i.Listings)
                    w.Write($"<div class=\"listing\"><b>{E(l.ListName ?? l.List)}</b>{(l.Category is null ? "" : " — " + E(l.Category))}" +
                            $"{(l.Kind is { } k ? $" <span class=\"kind {FindingJson.KindName(k)}\">{E(FindingJson.KindName(k)!)}</span>" : "")}" +
                            $"<div class=\"sub\">entry {E(l.EntryName)}{(l.ViaParent is null ? "" : " via " + E(l.ViaParent) + (l.Relation is null ? "" : $" ({E(l.Relation)} {E(l.ViaParent)})"))}" +
                            $"{(l.Start is { } st ? $" · since {st:yyyy-MM-dd}" : "")}{(l.End is { } en ? $" · until {en:yyyy-MM-dd}" : "")} · {E(ReportText.Timing(l.Timing))} · {Link(l.Source, "source")}</div></div>");
                w.Write("</td></tr>");
            }
            w.Write("</tbody></table>");
        }
        if (f.Topics.Count > 0)
        {
            w.Write("<h4>Topics</h4><ul>");
            foreach (var t in f.Topics)
                w.Write($"<li><b>{E(t.Topic)}</b> <span class=\"sub\">({E(t.Family)}, score {t.Score:0.00})</span>: {string.Join("; ", t.Evidence.Select(E))}</li>");
            w.Write("</ul>");
        }
        if (f.Datasets.Count > 0)
        {
            w.Write("<h4>Datasets</h4><ul>");
            foreach (var d in f.Datasets)
                w.Write($"<li><b>{E(d.Name)}</b> <span class=\"sub\">({E(d.Status)}{(d.Withdrawn is null ? "" : " " + E(d.Withdrawn))}; {E(d.Via)}; {E(d.Context)}" +
                        $"{(d.StatusAtPublication is null ? "" : "; " + E(d.StatusAtPublication))})</span>: {string.Join("; ", d.Evidence.Select(E))}</li>");
            w.Write("</ul>");
        }
        var others = f.Institutions.Where(i => !i.Listed && i.Disagreement is null).Select(i => i.Name).Distinct().ToList();
        if (others.Count > 0) w.Write($"<p class=\"sub\">Other co-author institutions: {E(string.Join("; ", others))}</p>");
        if (f.Origin is not null) w.Write($"<p class=\"sub\">Record: {E(f.Origin)}</p>");
        w.Write("</div>");
    }

    private static void About(TextWriter w, ScreeningRun run, SeverityPolicy policy, IReadOnlyList<Finding> findings)
    {
        w.Write("<section class=\"panel about\"><h2>About this report</h2>");
        w.Write("<p>CollabScreen screens institutions, topics and datasets. It never uses a researcher's name, ethnicity or nationality as a signal. " +
                "A finding is a prompt for review, not a conclusion: read the evidence. <b>Legal designations</b> (e.g. NDAA §1286, DoD 1260H, Entity List) " +
                "carry legal consequences; <b>assessments</b> (e.g. the ASPI tracker) are a think tank's judgement.</p>");
        w.Write("<h3>Policy</h3><table class=\"plain\"><thead><tr><th>Rule</th><th>Severity</th><th>Meaning</th></tr></thead><tbody>");
        foreach (var r in policy.Rules) w.Write($"<tr><td>{E(r.Id)}</td><td>{Badge(r.Severity)}</td><td>{E(r.Description)}</td></tr>");
        w.Write($"</tbody></table><p class=\"sub\">Policy file: {E(Path.GetFileName(run.PolicySource))}</p>");
        if (run.Lists.Count > 0)
        {
            w.Write("<h3>Lists</h3><table class=\"plain\"><thead><tr><th>List</th><th>Kind</th><th>Version</th><th>Retrieved</th></tr></thead><tbody>");
            foreach (var l in run.Lists)
                w.Write($"<tr><td>{Link(l.SourceUrl, l.Name)}</td><td>{E(FindingJson.KindName(l.Kind) ?? "")}</td><td>{E(l.Version)}</td><td>{l.Retrieved:yyyy-MM-dd}</td></tr>");
            w.Write("</tbody></table>");
        }
        var sources = findings.SelectMany(f => f.ListedInstitutions.SelectMany(i => i.Listings)).Select(l => l.Source).Distinct().Order(StringComparer.Ordinal).ToList();
        if (sources.Count > 0)
            w.Write($"<h3>Listing sources</h3><p class=\"sub sources\">Every source a finding's listing cites ({sources.Count}):<br>{string.Join("<br>", sources.Select(u => Link(u)))}</p>");
        w.Write($"<h3>Inputs</h3><p class=\"sub\">{string.Join("<br>", run.Inputs.Select(i => E(Path.GetFileName(i.TrimEnd('/')) is { Length: > 0 } n ? n : i)))}</p>");
        w.Write("</section>\n");
    }

    private static string Badge(Severity s) => $"<span class=\"badge\" style=\"background:{Color(s)}\">{s.Name()}</span>";

    private static string Link(string url, string? text = null) =>
        url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal)
            ? $"<a href=\"{E(url)}\">{E(text ?? url)}</a>" : E(text ?? url);

    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private const string Css = """
        :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        header{background:var(--ink);color:#fff;padding:22px 36px 18px}
        header .brand{font-size:12px;letter-spacing:.14em;text-transform:uppercase;color:#94a3b8}
        header h1{margin:4px 0 2px;font-size:24px;font-weight:650}
        header .scope{margin:0;font-size:15px;color:#e2e8f0}
        header .meta{margin:6px 0 0;font-size:12px;color:#94a3b8}
        main{padding:20px 36px 40px;max-width:1400px;margin:0 auto}
        h2{font-size:16px;margin:0 0 10px}
        h3{font-size:14px;margin:14px 0 6px}
        h4{font-size:12px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
        .panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:0 0 16px}
        .grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        .grid2 .panel{margin:0 0 16px} .grid2 .panel.wide{grid-column:1/-1;margin:0}
        .lcompact{display:none} .disagree .short{display:none}
        .cards{display:flex;gap:12px;margin:0 0 16px;flex-wrap:wrap}
        .card{flex:1;min-width:110px;background:#fff;border:1px solid var(--line);border-top:4px solid var(--ink);border-radius:8px;padding:12px 14px}
        .card .num{font-size:26px;font-weight:700}
        .card .lbl{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
        svg.chart{display:block;max-width:100%;height:auto}
        svg .lab,svg .axis,svg .val,svg .nlab{font-size:12px;fill:#334155}
        svg .val{font-weight:600}
        svg .grid{stroke:#e2e8f0}
        svg .weight{font-size:10px;fill:#334155;font-weight:600}
        svg .hlab{font-size:15px;font-weight:700;fill:#fff}
        svg .nlab{font-size:14px;fill:#1e293b;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        svg .nkey{font-size:11px;font-weight:700;fill:#fff}
        .legend i.ring{background:#fff;border:2.5px solid #111827;border-radius:50%;width:11px;height:11px}
        .netlist{font-size:12px;margin-top:8px} .netlist summary{cursor:pointer;color:var(--muted)} .netlist ul{margin:4px 0 4px 18px;padding:0}
        .netlist .np{white-space:nowrap}
        .onebar{font-size:14px;margin:8px 0}
        td.timing{font-size:12px;white-space:nowrap} td.timing.before{color:#991b1b;font-weight:600} td.timing.after{color:var(--muted)}
        .controls{flex-wrap:wrap} .controls input#authorfilter{flex:0 1 180px}
        .legend{display:flex;gap:14px;font-size:12px;color:var(--muted);margin-top:6px;flex-wrap:wrap}
        .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        .note,.empty{color:var(--muted);font-size:12px;margin:0 0 8px}
        table{border-collapse:collapse;width:100%}
        th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px;white-space:nowrap}
        td{padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        td.r,th.r{text-align:right}
        th.sortable{cursor:pointer;user-select:none}
        th.sortable:after{content:" ↕";color:#cbd5e1}
        th.asc:after{content:" ↑";color:var(--ink)} th.desc:after{content:" ↓";color:var(--ink)}
        .badge{display:inline-block;color:#fff;border-radius:10px;padding:1px 9px;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
        .title{font-weight:600}
        .sub{color:var(--muted);font-size:12px}
        a{color:#1d4ed8;text-decoration:none} a:hover{text-decoration:underline}
        .tag{display:inline-block;background:#f1f5f9;border:1px solid var(--line);border-radius:4px;padding:0 5px;margin:1px 3px 1px 0;font-size:11px;color:#334155}
        .inst{margin-bottom:3px}
        .warn{color:#b45309;margin-left:4px}
        .controls{display:flex;gap:10px;align-items:center;margin-bottom:10px}
        .controls input{flex:1;padding:7px 10px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
        .controls select,.controls button{padding:6px 10px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;font:inherit}
        #shown{color:var(--muted);font-size:12px;white-space:nowrap}
        td.rules{font-size:12px;color:#334155;min-width:190px;white-space:nowrap}
        button.toggle{display:block;margin-top:6px;border:0;background:none;color:#1d4ed8;cursor:pointer;padding:0;font-size:12px}
        tr.evidence{display:none} tbody.open tr.evidence{display:table-row}
        tr.evidence>td{background:#f8fafc}
        .ev ul{margin:2px 0 6px 18px;padding:0}
        table.evt td,table.evt th{font-size:12px;padding:4px 6px}
        td.raw{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:11.5px;color:#334155}
        .disagree{color:#92400e;background:#fef3c7;border-radius:4px;padding:2px 5px;margin-top:3px;font-size:11.5px}
        .listing{margin-bottom:4px} td.who{max-width:180px}
        .kind{font-size:10px;border-radius:3px;padding:0 4px;border:1px solid}
        .kind.legal-designation{color:#991b1b;border-color:#fecaca;background:#fef2f2}
        .kind.assessment{color:#1e40af;border-color:#bfdbfe;background:#eff6ff}
        .about p{max-width:900px}
        @media (max-width:900px){.grid2{grid-template-columns:1fr}main{padding:12px}}
        .print-only{display:none}
        @media print{
          body{background:#fff;font-size:9.5px;line-height:1.3} header{padding:8px 14px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
          header h1{font-size:17px;margin:2px 0} header .scope{font-size:12px}
          main{padding:6px 0;max-width:none} h2{font-size:13px;margin:0 0 4px} h4{font-size:9px;margin:3px 0 1px}
          .print-only{display:block}
          /* No interactive chrome on paper: filters, buttons, sort glyphs, the collapsible list's marker. */
          .controls,button.toggle,.netlist summary{display:none} th.sortable:after,th.asc:after,th.desc:after{content:none}
          tr.evidence{display:table-row}
          .cards{margin:0 0 6px;gap:6px} .card{padding:4px 8px;min-width:70px} .card .num{font-size:17px} .card .lbl{font-size:9px}
          .panel{break-inside:avoid-page;border:none;padding:2px 0;margin:0 0 6px} #findings-panel,.tablepanel{break-inside:auto}
          .grid2{gap:10px;grid-template-columns:1.1fr .6fr 1.5fr;margin-bottom:4px} .grid2 .panel.wide{grid-column:auto}
          .grid2 .panel{margin:0} svg#timeline{max-height:46mm} .grid2 svg.chart{max-height:46mm}
          svg#network{max-height:125mm;width:auto;margin:0 auto} .netlist{font-size:8.5px;margin-top:2px} .netlist ul{margin:0 0 0 14px}
          .network .legend{font-size:8.5px;margin-top:2px}
          /* The findings table as blocks: Chromium keeps a block whole across pages, not a table row group. */
          table#findings,#findings>thead{display:block} #findings>thead>tr,#findings>tbody>tr.main{display:grid;grid-template-columns:48px 28px 3.2fr 2fr 64px .6fr .6fr .8fr}
          #findings>thead>tr>th,#findings>tbody>tr.main>td{display:block} #findings>tbody>tr.evidence,#findings>tbody>tr.evidence>td{display:block}
          table.evt{table-layout:fixed} table.evt th:nth-child(1){width:9%} table.evt th:nth-child(2){width:24%} table.evt th:nth-child(3){width:17%}
          table.evt th:nth-child(4){width:13%} table.evt th:nth-child(5){width:37%} table.evt td>div.sub{display:inline;margin-left:4px}
          .ev{font-size:8px;line-height:1.2} .ev h4{display:none} .ev ul{list-style:none;margin:0;padding:0} .ev .because{display:none}
          .ev p.sub{display:inline-block;margin:1px 14px 0 0;font-size:7.5px} table.evt th{font-size:7.5px;padding:0 3px;border-bottom:1px solid var(--line)} table.evt td{font-size:8px;padding:1px 3px}
          .disagree .short{display:none} .disagree.again .full{display:none} .disagree.again .short{display:inline}
          td.raw{font-family:inherit} .lcompact .src{word-break:break-all}
          main>.network{break-before:page;break-after:page}
          .listing{display:none} .lcompact{display:block} .lcompact>div{margin-bottom:1px}
          th{font-size:9px;padding:2px 4px} td{padding:2px 4px} .sub,td.rules,td.timing,.note{font-size:8.5px}
          .tag{font-size:8.5px;padding:0 3px}
          .inst{margin-bottom:1px}
          /* A finding is never split across pages; its evidence is set compactly. */
          tbody.finding{display:block;break-inside:avoid-page} tr.main td{border-bottom:none;padding-top:4px} tr.evidence>td{background:#fff;padding:0 4px 4px 18px;border-bottom:1px solid #cbd5e1}
          .ev ul{margin:0 0 2px 14px} table.evt td,table.evt th{font-size:8.5px;padding:1px 4px} td.raw{font-size:8px}
          .listing{margin-bottom:1px} .disagree{font-size:8.5px;padding:0 3px;margin-top:1px}
          .badge{font-size:8px;padding:0 5px}
          table.plain.long tbody tr:nth-child(n+21){display:none}
          #needs-checking-table tbody tr:nth-child(n+11){display:none}
          .badge,.card,svg,.tag,.kind,.disagree,.legend i{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """;

    private const string Js = """
        (function(){
          var table=document.getElementById('findings'); if(!table) return;
          var bodies=[].slice.call(table.tBodies), filter=document.getElementById('filter'), sev=document.getElementById('sevfilter'), shown=document.getElementById('shown');
          var author=document.getElementById('authorfilter'), dis=document.getElementById('disfilter'), tim=document.getElementById('timefilter');
          bodies.forEach(function(b){ b.dataset.text=b.textContent.toLowerCase(); });
          function apply(){
            var q=filter.value.trim().toLowerCase(), s=sev.value, a=author.value.trim().toLowerCase(), d=dis.value, t=tim.value, n=0;
            bodies.forEach(function(b){ var ok=(!q||b.dataset.text.indexOf(q)>=0)&&(!s||b.dataset.severity===s)&&(!a||b.dataset.authors.indexOf(a)>=0)
              &&(!d||b.dataset.disputed===d)&&(!t||b.dataset.timing===t); b.style.display=ok?'':'none'; if(ok)n++; });
            shown.textContent=n+' of '+bodies.length+' shown';
          }
          filter.addEventListener('input',apply); sev.addEventListener('change',apply); author.addEventListener('input',apply);
          dis.addEventListener('change',apply); tim.addEventListener('change',apply);
          [].forEach.call(table.tHead.querySelectorAll('th.sortable'),function(th){
            th.addEventListener('click',function(){
              // A new column sorts in its natural order first: severity most severe first, the others ascending.
              var key=th.dataset.key, asc=th.classList.contains('asc')?false:th.classList.contains('desc')?true:key!=='sev';
              [].forEach.call(table.tHead.querySelectorAll('th'),function(h){h.classList.remove('asc','desc');});
              th.classList.add(asc?'asc':'desc');
              var num=key==='sev'||key==='year';
              bodies.sort(function(a,b){ var x=a.dataset[key]||'', y=b.dataset[key]||''; var c=num?(+x)-(+y):x.localeCompare(y); return asc?c:-c; });
              bodies.forEach(function(b){ table.appendChild(b); });
            });
          });
          table.addEventListener('click',function(e){
            var t=e.target.closest('button.toggle'); if(!t) return;
            var b=t.closest('tbody'); var open=b.classList.toggle('open'); t.setAttribute('aria-expanded',open); t.textContent=open?'evidence ▾':'evidence ▸';
          });
          var all=document.getElementById('expand'), expanded=false;
          all.addEventListener('click',function(){ expanded=!expanded; bodies.forEach(function(b){ b.classList.toggle('open',expanded); var t=b.querySelector('button.toggle'); if(t){t.textContent=expanded?'evidence ▾':'evidence ▸';} }); all.textContent=expanded?'Collapse all':'Expand all'; });
          apply();
        })();
        """;
}

/// <summary>Collects findings for the HTML report, which needs the whole run (counts, charts) before it can be written.</summary>
public sealed class HtmlFindingWriter(TextWriter writer, Func<ScreeningRun> run, CollaborationSummary summary, SeverityPolicy policy) : IFindingWriter
{
    private readonly List<Finding> _findings = [];

    public IReadOnlyList<Finding> Findings => _findings;

    public void Write(Finding finding) => _findings.Add(finding);

    public void Complete() => HtmlReport.Write(writer, run(), _findings, summary, policy);
}
