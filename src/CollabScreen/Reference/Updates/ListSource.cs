namespace CollabScreen.Reference.Updates;

/// <summary>One file of a downloadable list: where it is fetched from and the name it is stored under.</summary>
public sealed record SourceFile(string LocalName, Uri Url);

/// <summary>
/// An official list <c>lists update</c> fetches: its name (also the id of the list it becomes), the files, and the
/// formats a good download may have (anything else is a schema change and is refused).
/// </summary>
public sealed record ListSource(string Name, string Title, IReadOnlyList<SourceFile> Files, IReadOnlyList<ListFormat> Formats)
{
    /// <summary>The lists we know, at their publishers' addresses (override any with <c>--source NAME=URL</c>).</summary>
    public static IReadOnlyList<ListSource> Defaults { get; } =
    [
        Single("csl", "trade.gov Consolidated Screening List (Entity List, MEU, UVL, DPL, SDN, ...)",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json", ListFormat.CslJson, ListFormat.Csl),
        Ofac("ofac-nonsdn", "OFAC non-SDN consolidated list (NS-CMIC and the other non-SDN programs)",
            new Uri("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV")),
        Single("dod-1260h-current", "DoD Section 1260H Chinese military companies (OpenSanctions transcription)",
            "https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/us/dod_chinese_milcorps/sanctions.csv", ListFormat.OpenSanctions),
        Single("ndaa-1286-current", "NDAA FY2019 Section 1286 lists (OpenSanctions transcription)",
            "https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/us/special_leg/source_files/section_1286.csv", ListFormat.OpenSanctions),
        Single("aspi-cdut-current", "ASPI China Defence Universities Tracker (MISP galaxy)",
            "https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/china-defence-universities.json", ListFormat.Misp),
    ];

    /// <summary>This source fetched from <paramref name="url"/> instead (a mirror). OFAC's _alt and _add files are
    /// taken beside the prim file (same address with prim replaced), as OFAC publishes them.</summary>
    public ListSource At(Uri url) => Formats.Contains(ListFormat.Ofac) ? Ofac(Name, Title, url) : this with { Files = [new SourceFile(LocalName(url), url)] };

    /// <summary>This source fetched from several explicit addresses (for OFAC: prim, alt, add in that order).</summary>
    public ListSource At(IReadOnlyList<Uri> urls)
    {
        if (urls.Count == 1) return At(urls[0]);
        if (!Formats.Contains(ListFormat.Ofac) || urls.Count != 3)
            throw new ArgumentException($"source '{Name}' takes one address{(Formats.Contains(ListFormat.Ofac) ? " or three (prim, alt, add)" : "")}, not {urls.Count}");
        return this with { Files = [new("cons_prim.csv", urls[0]), new("cons_alt.csv", urls[1]), new("cons_add.csv", urls[2])] };
    }

    private static ListSource Single(string name, string title, string url, params ListFormat[] formats)
    {
        var u = new Uri(url);
        return new ListSource(name, title, [new SourceFile(LocalName(u), u)], formats);
    }

    private static ListSource Ofac(string name, string title, Uri prim)
    {
        var last = prim.Segments[^1];
        if (!last.Contains("prim", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{prim}: OFAC's address must name the prim file (cons_prim.csv); _alt and _add are fetched beside it");
        Uri Sibling(string part) => new(prim, System.Text.RegularExpressions.Regex.Replace(last, "prim", m => char.IsUpper(m.Value[0]) ? part.ToUpperInvariant() : part,
            System.Text.RegularExpressions.RegexOptions.IgnoreCase) + prim.Query);
        return new ListSource(name, title, [new("cons_prim.csv", prim), new("cons_alt.csv", Sibling("alt")), new("cons_add.csv", Sibling("add"))], [ListFormat.Ofac]);
    }

    /// <summary>The file name a download is kept under: the address's last segment (its extension tells JSON from CSV).</summary>
    private static string LocalName(Uri url)
    {
        var last = Uri.UnescapeDataString(url.Segments[^1]).Trim('/');
        var safe = new string(last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).ToLowerInvariant();
        return safe.Length == 0 || safe.StartsWith('.') ? "list" + safe : safe;
    }
}

/// <summary>Mirrors: <c>--source NAME=URL</c> (URL may be "prim,alt,add" for OFAC) and a JSON config file
/// <c>{"sources": {"csl": "https://mirror/consolidated.csv", "ofac-nonsdn": ["…prim", "…alt", "…add"]}}</c>.</summary>
public static class ListSources
{
    /// <summary>The default sources with mirrors applied; <paramref name="only"/> (if any) keeps just those names.</summary>
    public static IReadOnlyList<ListSource> Resolve(IEnumerable<KeyValuePair<string, IReadOnlyList<Uri>>> mirrors, IReadOnlyCollection<string>? only = null)
    {
        var byName = ListSource.Defaults.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var known = string.Join(", ", byName.Keys);
        foreach (var (name, urls) in mirrors)
        {
            if (!byName.TryGetValue(name, out var s)) throw new ArgumentException($"unknown list source '{name}'; known: {known}");
            byName[s.Name] = s.At(urls);
        }
        foreach (var n in only ?? [])
            if (!byName.ContainsKey(n)) throw new ArgumentException($"unknown list source '{n}'; known: {known}");
        return ListSource.Defaults.Select(d => byName[d.Name])
            .Where(s => only is null || only.Count == 0 || only.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Parses <c>NAME=URL[,URL,URL]</c>.</summary>
    public static KeyValuePair<string, IReadOnlyList<Uri>> ParseOption(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ArgumentException($"--source '{text}': expected NAME=URL, e.g. csl=https://mirror.example/consolidated.json");
        return new(text[..eq].Trim(), text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => AbsoluteUrl(u, "--source")).ToList());
    }

    /// <summary>Reads the mirrors config file; errors name the file and the source.</summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<Uri>>> ReadConfig(string path)
    {
        using var doc = ListFormatException.ParseJson(path);
        if (!doc.RootElement.TryGetProperty("sources", out var sources) || sources.ValueKind != System.Text.Json.JsonValueKind.Object)
            throw new ListFormatException($"{path}: field 'sources' missing; expected {{\"sources\": {{\"NAME\": \"URL\"}}}}");
        var result = new List<KeyValuePair<string, IReadOnlyList<Uri>>>();
        foreach (var p in sources.EnumerateObject())
        {
            var urls = p.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => [p.Value.GetString()!],
                System.Text.Json.JsonValueKind.Array => p.Value.EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
                _ => throw new ListFormatException($"{path}: field 'sources.{p.Name}': expected a URL or a list of URLs"),
            };
            result.Add(new(p.Name, urls.Select(u => AbsoluteUrl(u, $"{path}: field 'sources.{p.Name}'")).ToList()));
        }
        return result;
    }

    private static Uri AbsoluteUrl(string text, string where) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? u : throw new ArgumentException($"{where}: '{text}' is not an http(s) address");
}
