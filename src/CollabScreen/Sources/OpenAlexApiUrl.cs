using System.Text;

namespace CollabScreen.Sources;

/// <summary>
/// Builds request URLs. Every URL here is credential-free (it is the cache key and appears in errors and
/// evidence); <see cref="WithCredentials"/> adds mailto/api_key only to the request that goes on the wire.
/// </summary>
public static class OpenAlexApiUrl
{
    public static string Works(string baseUrl, OpenAlexApiQuery query, string cursor, int perPage)
    {
        var url = new StringBuilder(Trim(baseUrl)).Append("/works?");
        var filter = query.Filter();
        if (filter.Length > 0) url.Append("filter=").Append(EscapeFilter(filter)).Append('&');
        if (!string.IsNullOrWhiteSpace(query.Search)) url.Append("search=").Append(Uri.EscapeDataString(query.Search.Trim())).Append('&');
        return url.Append("per-page=").Append(perPage).Append("&cursor=").Append(Uri.EscapeDataString(cursor)).ToString();
    }

    public static string InstitutionSearch(string baseUrl, string name, int perPage) =>
        $"{Trim(baseUrl)}/institutions?search={Uri.EscapeDataString(name.Trim())}&per-page={perPage}";

    /// <summary>One author by ORCID (<c>/authors/orcid:0000-...</c>), to learn its OpenAlex id.</summary>
    public static string AuthorByOrcid(string baseUrl, string orcid) => $"{Trim(baseUrl)}/authors/orcid:{Uri.EscapeDataString(orcid)}";

    /// <summary>
    /// One work by DOI (<c>/works/doi:10.1007/...</c>). The DOI is escaped except its slashes, which OpenAlex
    /// expects as written; "https://doi.org/" and "doi:" prefixes are dropped.
    /// </summary>
    public static string WorkByDoi(string baseUrl, string doi) =>
        $"{Trim(baseUrl)}/works/doi:{Uri.EscapeDataString(BareDoi(doi)).Replace("%2F", "/")}";

    /// <summary>"https://doi.org/10.1/X", "doi:10.1/X" and "10.1/X" all give "10.1/X".</summary>
    public static string BareDoi(string doi)
    {
        var s = doi.Trim();
        foreach (var prefix in (string[])["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"])
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return s[prefix.Length..];
        return s;
    }

    public static string WithCredentials(string url, string? mailto, string? apiKey)
    {
        var sb = new StringBuilder(url);
        var separator = url.Contains('?') ? '&' : '?';
        if (!string.IsNullOrEmpty(mailto)) { sb.Append(separator).Append("mailto=").Append(Uri.EscapeDataString(mailto)); separator = '&'; }
        if (!string.IsNullOrEmpty(apiKey)) sb.Append(separator).Append("api_key=").Append(Uri.EscapeDataString(apiKey));
        return sb.ToString();
    }

    /// <summary>True when the URL carries a credential parameter (such a URL must never be stored).</summary>
    public static bool HasCredentials(string url) =>
        url.Contains("mailto=", StringComparison.OrdinalIgnoreCase) || url.Contains("api_key=", StringComparison.OrdinalIgnoreCase);

    private static string Trim(string baseUrl) => baseUrl.TrimEnd('/');

    // Keep ':' ',' '/' readable (legal in a query); escape everything else, including '|' (OR between values).
    private static string EscapeFilter(string filter) =>
        Uri.EscapeDataString(filter).Replace("%3A", ":").Replace("%2C", ",").Replace("%2F", "/");
}
