using System.Globalization;
using System.Net;
using CollabScreen.Reference;
using CollabScreen.Screening;

namespace CollabScreen.Reporting;

/// <summary>
/// The co-author institution network of the HTML report: the screened institution and every listed partner on
/// flagged works. Partners are coloured by the kind of listing (military / Seven Sons, other tracker categories,
/// legal designation only; a dark ring marks a legal designation), and placed by a deterministic force layout in
/// which partners that share papers pull together, so clusters of co-authoring partners are seen as clusters.
/// Past <see cref="MaxDrawn"/> partners, the rest of each kind is drawn as one "N more" node and listed by name.
/// </summary>
public static class NetworkChart
{
    public const int MaxDrawn = 60;
    private const int Width = 1000, Height = 700;
    private const double FontSize = 14; // 12.6 px when the 1000-unit chart is shown 900 px wide

    /// <summary>How a partner is listed, in the order the legend gives them.</summary>
    public enum PartnerKind { Military, Defence, OtherTracker, LegalOnly, Other }

    public static string KindLabel(PartnerKind k) => k switch
    {
        PartnerKind.Military => "ASPI: Military or Seven Sons of National Defence",
        PartnerKind.Defence => "ASPI: defence industry / security",
        PartnerKind.OtherTracker => "ASPI: other tracker categories (e.g. Civilian)",
        PartnerKind.LegalOnly => "legal designation only (no tracker listing)",
        _ => "other lists",
    };

    public static string KindColor(PartnerKind k) => k switch
    {
        PartnerKind.Military => "#b91c1c", PartnerKind.Defence => "#ea580c", PartnerKind.OtherTracker => "#0369a1",
        PartnerKind.LegalOnly => "#6d28d9", _ => "#64748b",
    };

    public static PartnerKind KindOf(IEnumerable<ListingEvidence> listings)
    {
        var all = listings.ToList();
        var aspi = all.Where(l => l.List == "aspi-cdut").Select(l => l.Category ?? "").ToList();
        if (aspi.Any(c => c.Contains("Military", StringComparison.OrdinalIgnoreCase) || c.Contains("Seven Sons", StringComparison.OrdinalIgnoreCase)))
            return PartnerKind.Military;
        if (aspi.Any(c => c.Contains("defence", StringComparison.OrdinalIgnoreCase) || c.Contains("security", StringComparison.OrdinalIgnoreCase)))
            return PartnerKind.Defence;
        if (aspi.Count > 0) return PartnerKind.OtherTracker;
        return all.Any(IsLegal) ? PartnerKind.LegalOnly : PartnerKind.Other;
    }

    public static bool IsLegal(ListingEvidence l) => l.Kind == ListKind.LegalDesignation;

    private sealed class Node(string key, string name, int papers, PartnerKind kind, bool legal, IReadOnlyList<string> members)
    {
        public string Key = key, Name = name;
        public int Papers = papers;
        public PartnerKind Kind = kind;
        public bool Legal = legal;
        public IReadOnlyList<string> Members = members; // for an "N more" node: the partners it stands for
        public double X, Y, R;
    }

    public static void Write(TextWriter w, IReadOnlyList<Finding> flagged, CollaborationSummary summary, string? home)
    {
        // Listed partners with their listings, from the findings (the summary has the counts and the order).
        var listings = new Dictionary<string, List<ListingEvidence>>(StringComparer.OrdinalIgnoreCase);
        var worksOf = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in flagged)
            foreach (var i in f.ListedInstitutions.Where(i => !summary.IsHome(i)))
            {
                var key = i.Ror ?? i.Name;
                if (!listings.TryGetValue(key, out var l)) listings[key] = l = [];
                l.AddRange(i.Listings);
                if (!worksOf.TryGetValue(key, out var ws)) worksOf[key] = ws = [];
                ws.Add(f.Work);
            }
        var partners = summary.Partners().Where(p => p.Listed && listings.ContainsKey(p.Key)).ToList();
        if (partners.Count == 0) { w.Write("<p class=\"empty\">No listed partners on flagged works.</p>"); return; }

        var nodes = new List<Node>();
        foreach (var p in partners.Take(partners.Count > MaxDrawn ? MaxDrawn - 5 : MaxDrawn))
            nodes.Add(new Node(p.Key, p.Name, p.Papers, KindOf(listings[p.Key]), listings[p.Key].Any(IsLegal), [p.Name]));
        var rest = partners.Skip(nodes.Count).ToList();
        foreach (var g in rest.GroupBy(p => KindOf(listings[p.Key])).OrderBy(g => g.Key))
            nodes.Add(new Node("more:" + g.Key, $"{g.Count()} more: {ShortKind(g.Key)}", g.Sum(p => p.Papers), g.Key,
                g.Any(p => listings[p.Key].Any(IsLegal)), g.Select(p => p.Name).ToList()));

        // Shared papers between drawn nodes (an "N more" node shares the papers of its members).
        var worksOfNode = nodes.Select(n => n.Key.StartsWith("more:", StringComparison.Ordinal)
            ? rest.Where(p => KindOf(listings[p.Key]).ToString() == n.Key[5..]).SelectMany(p => worksOf[p.Key]).ToHashSet()
            : worksOf[n.Key]).ToList();
        var shared = new List<(int A, int B, int Papers)>();
        for (var a = 0; a < nodes.Count; a++)
            for (var b = a + 1; b < nodes.Count; b++)
            {
                var c = worksOfNode[a].Count(worksOfNode[b].Contains);
                if (c > 0) shared.Add((a, b, c));
            }

        var max = nodes.Max(n => n.Papers);
        foreach (var n in nodes) n.R = 6 + 10 * Math.Sqrt(n.Papers / (double)max);
        Layout(nodes, shared);

        double cx = Width / 2.0, cy = Height / 2.0;
        w.Write($"<svg class=\"chart\" id=\"network\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"co-author institution network\">");
        foreach (var (a, b, c) in shared)
            w.Write($"<line class=\"co\" x1=\"{N(nodes[a].X)}\" y1=\"{N(nodes[a].Y)}\" x2=\"{N(nodes[b].X)}\" y2=\"{N(nodes[b].Y)}\" stroke=\"#94a3b8\" stroke-dasharray=\"4 3\" stroke-width=\"{N(1 + 2 * Math.Min(c, 4) / 4.0)}\"><title>{E(nodes[a].Name)} and {E(nodes[b].Name)}: {c} shared paper(s)</title></line>");
        foreach (var n in nodes)
            w.Write($"<line class=\"edge\" data-papers=\"{n.Papers}\" x1=\"{N(cx)}\" y1=\"{N(cy)}\" x2=\"{N(n.X)}\" y2=\"{N(n.Y)}\" stroke=\"{KindColor(n.Kind)}\" stroke-opacity=\"0.35\" stroke-width=\"{N(1 + 7 * n.Papers / (double)max)}\"><title>{E(n.Name)}: {n.Papers} paper(s)</title></line>");

        // Labels: biggest partners first, each at the first free spot around its node; a partner whose label finds
        // no room gets a number, and the key under the chart names it.
        var placed = new List<(double X0, double Y0, double X1, double Y1)>();
        foreach (var n in nodes) placed.Add((n.X - n.R, n.Y - n.R, n.X + n.R, n.Y + n.R));
        placed.Add((cx - 34, cy - 34, cx + 34, cy + 34));
        var centerName = summary.HomeName ?? home ?? "Screened works";
        var centerLabel = Clip(centerName, 44);
        var cw = centerLabel.Length * (FontSize + 1) * 0.64; // bold
        var centerBox = (cx - cw / 2 - 6, cy + 36, cx + cw / 2 + 6, cy + 58);
        placed.Add(centerBox);
        var keyed = new List<(int Number, Node Node)>();
        var labels = new List<string>();
        foreach (var n in nodes.OrderByDescending(n => n.Papers))
        {
            var text = Clip(n.Name, 34) + $" ({n.Papers})";
            var tw = TextWidth(text, FontSize);
            const double th = FontSize + 2;
            (double X, double Y, string Anchor)? spot = null;
            var candidates = new[]
            {
                (n.X >= cx ? n.X + n.R + 4 : n.X - n.R - 4 - tw, n.Y - th / 2),
                (n.X >= cx ? n.X - n.R - 4 - tw : n.X + n.R + 4, n.Y - th / 2),
                (n.X - tw / 2, n.Y - n.R - 2 - th),
                (n.X - tw / 2, n.Y + n.R + 2),
            };
            foreach (var (x0, y0) in candidates)
            {
                var box = (x0, y0, x0 + tw, y0 + th);
                if (x0 < 2 || x0 + tw > Width - 2 || y0 < 2 || y0 + th > Height - 2) continue;
                if (placed.Any(p => Overlap(p, box))) continue;
                placed.Add(box); spot = (x0, y0 + th - 4, "start"); break;
            }
            if (spot is { } s)
                labels.Add($"<text x=\"{N(s.X)}\" y=\"{N(s.Y)}\" class=\"nlab\">{E(text)}</text>");
            else
            {
                keyed.Add((keyed.Count + 1, n));
                labels.Add($"<text x=\"{N(n.X)}\" y=\"{N(n.Y + 4)}\" text-anchor=\"middle\" class=\"nkey\">{keyed.Count}</text>");
            }
        }
        foreach (var n in nodes)
        {
            var title = n.Members.Count > 1 ? string.Join("; ", n.Members) : $"{n.Name} — {n.Kind switch { _ => KindLabel(n.Kind) }}{(n.Legal ? "; legally designated" : "")}";
            w.Write($"<g class=\"node partner\" data-name=\"{E(n.Name)}\" data-kind=\"{n.Kind}\"><circle cx=\"{N(n.X)}\" cy=\"{N(n.Y)}\" r=\"{N(n.R)}\" fill=\"{KindColor(n.Kind)}\"" +
                    (n.Legal ? " stroke=\"#111827\" stroke-width=\"3\"" : " stroke=\"#fff\" stroke-width=\"1.5\"") + $"><title>{E(title)}</title></circle></g>");
        }
        w.Write(string.Concat(labels));
        w.Write($"<g class=\"node home\"><circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"26\" fill=\"#0f172a\"/>" +
                $"<rect x=\"{N(centerBox.Item1)}\" y=\"{N(centerBox.Item2)}\" width=\"{N(centerBox.Item3 - centerBox.Item1)}\" height=\"22\" rx=\"4\" fill=\"#0f172a\"/>" +
                $"<text x=\"{N(cx)}\" y=\"{N(cy + 52)}\" text-anchor=\"middle\" class=\"hlab\"><title>{E(centerName)}</title>{E(centerLabel)}</text></g>");
        w.Write("</svg>");

        w.Write("<div class=\"legend\">");
        foreach (var k in nodes.Select(n => n.Kind).Distinct().OrderBy(k => k))
            w.Write($"<span><i style=\"background:{KindColor(k)}\"></i>{E(KindLabel(k))}</span>");
        if (nodes.Any(n => n.Legal)) w.Write("<span><i class=\"ring\"></i>dark ring: legally designated (NDAA §1286, DoD 1260H, Entity List, …)</span>");
        w.Write("<span>solid line: papers with the screened side (width = papers); dashed: partners on the same papers</span></div>");
        if (keyed.Count > 0)
            w.Write($"<p class=\"note netkey\">Numbered nodes: {string.Join("; ", keyed.Select(k => $"{k.Number} {E(k.Node.Name)} ({k.Node.Papers})"))}.</p>");

        // Every listed partner by name, grouped by kind: the chart's full list (and the "N more" nodes' members).
        w.Write($"<details class=\"netlist\" open><summary>All {partners.Count} listed partners, by kind of listing</summary><ul>");
        foreach (var g in partners.GroupBy(p => KindOf(listings[p.Key])).OrderBy(g => g.Key))
            w.Write($"<li><b style=\"color:{KindColor(g.Key)}\">{E(KindLabel(g.Key))}</b> ({g.Count()}): " +
                    string.Join(", ", g.Select(p => $"<span class=\"np\">{E(p.Name)} ({p.Papers}){(listings[p.Key].Any(IsLegal) ? "<sup title=\"legally designated\">L</sup>" : "")}</span>")) + "</li>");
        w.Write("</ul><p class=\"sub\">(N): flagged papers shared with the partner; <sup>L</sup>: legally designated.</p></details>");
    }

    private static string ShortKind(PartnerKind k) => k switch
    {
        PartnerKind.Military => "military / Seven Sons", PartnerKind.Defence => "defence industry", PartnerKind.OtherTracker => "other tracker",
        PartnerKind.LegalOnly => "legal designation", _ => "other lists",
    };

    /// <summary>
    /// Fruchterman–Reingold with the screened institution fixed at the centre: every partner is pulled towards the
    /// centre, partners repel each other, and partners sharing papers attract. Deterministic (no random start).
    /// </summary>
    private static void Layout(List<Node> nodes, List<(int A, int B, int Papers)> shared)
    {
        double cx = Width / 2.0, cy = Height / 2.0;
        var n = nodes.Count;
        // Start on an ellipse, partners that share papers next to each other (greedy order by shared papers).
        var order = new List<int>();
        var left = Enumerable.Range(0, n).ToHashSet();
        while (left.Count > 0)
        {
            var next = order.Count == 0 ? left.Min()
                : left.OrderByDescending(i => shared.Where(s => (s.A == order[^1] && s.B == i) || (s.B == order[^1] && s.A == i)).Sum(s => s.Papers)).ThenBy(i => i).First();
            order.Add(next); left.Remove(next);
        }
        for (var k = 0; k < n; k++)
        {
            var a = -Math.PI / 2 + 2 * Math.PI * k / n;
            nodes[order[k]].X = cx + 330 * Math.Cos(a);
            nodes[order[k]].Y = cy + 240 * Math.Sin(a);
        }
        var area = (Width - 80) * (double)(Height - 80);
        var kd = Math.Sqrt(area / (n + 1)) * 0.9;
        var temperature = 60.0;
        var dx = new double[n]; var dy = new double[n];
        for (var iter = 0; iter < 300; iter++)
        {
            Array.Clear(dx); Array.Clear(dy);
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    var ddx = nodes[i].X - nodes[j].X; var ddy = nodes[i].Y - nodes[j].Y;
                    var d = Math.Max(1, Math.Sqrt(ddx * ddx + ddy * ddy));
                    var f = kd * kd / d;
                    dx[i] += ddx / d * f; dy[i] += ddy / d * f; dx[j] -= ddx / d * f; dy[j] -= ddy / d * f;
                }
            foreach (var (a, b, c) in shared)
            {
                var ddx = nodes[a].X - nodes[b].X; var ddy = nodes[a].Y - nodes[b].Y;
                var d = Math.Max(1, Math.Sqrt(ddx * ddx + ddy * ddy));
                var f = d * d / kd * Math.Min(3, c) * 0.6;
                dx[a] -= ddx / d * f; dy[a] -= ddy / d * f; dx[b] += ddx / d * f; dy[b] += ddy / d * f;
            }
            for (var i = 0; i < n; i++)
            {
                // The centre: attracts everyone (a spring), and repels those too close to it (its label sits below it).
                var ddx = nodes[i].X - cx; var ddy = (nodes[i].Y - cy) * 1.35;
                var d = Math.Max(1, Math.Sqrt(ddx * ddx + ddy * ddy));
                var f = d * d / kd * 0.35 - 2.5 * kd * kd / d;
                dx[i] -= ddx / d * f; dy[i] -= ddy / d * f;
                var len = Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                if (len > 0)
                {
                    var step = Math.Min(len, temperature);
                    nodes[i].X += dx[i] / len * step; nodes[i].Y += dy[i] / len * step;
                }
                nodes[i].X = Math.Clamp(nodes[i].X, 30, Width - 30);
                nodes[i].Y = Math.Clamp(nodes[i].Y, 30, Height - 30);
            }
            temperature = Math.Max(1, temperature * 0.985);
        }
    }

    private static bool Overlap((double X0, double Y0, double X1, double Y1) a, (double X0, double Y0, double X1, double Y1) b) =>
        a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;

    // Average glyph width of a sans-serif font: about 0.58 em.
    private static double TextWidth(string s, double size) => s.Length * size * 0.58;

    private static string Clip(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
