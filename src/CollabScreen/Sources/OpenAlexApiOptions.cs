namespace CollabScreen.Sources;

/// <summary>
/// How to reach OpenAlex: base URL, the polite-pool e-mail and API key (sent with every request, never stored
/// in the cache), where to cache pages, retries, timeout. <see cref="FromEnvironment"/> fills the gaps from
/// COLLABSCREEN_MAILTO / OPENALEX_MAILTO and OPENALEX_API_KEY.
/// </summary>
public sealed record OpenAlexApiOptions
{
    public const string DefaultBaseUrl = "https://api.openalex.org";

    public string BaseUrl { get; init; } = DefaultBaseUrl;
    public string? Mailto { get; init; }
    public string? ApiKey { get; init; }
    /// <summary>Directory of cached response pages; null disables the cache.</summary>
    public string? CacheDirectory { get; init; }
    public OpenAlexApiRetry Retry { get; init; } = OpenAlexApiRetry.Default;
    /// <summary>Per request, including reading the body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>OpenAlex's maximum page size; fewer, larger pages mean fewer requests against the quota.</summary>
    public int PerPage { get; init; } = 200;

    /// <summary>Options given explicitly win; missing mailto/API key come from the environment.</summary>
    public OpenAlexApiOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return this with
        {
            Mailto = NonEmpty(Mailto) ?? NonEmpty(getVariable("COLLABSCREEN_MAILTO")) ?? NonEmpty(getVariable("OPENALEX_MAILTO")),
            ApiKey = NonEmpty(ApiKey) ?? NonEmpty(getVariable("OPENALEX_API_KEY")),
        };
    }

    /// <summary>$XDG_CACHE_HOME/collabscreen/openalex, else ~/.cache/collabscreen/openalex.</summary>
    public static string DefaultCacheDirectory(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var xdg = getVariable("XDG_CACHE_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "collabscreen", "openalex");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
