namespace CollabScreen.Sources;

/// <summary>
/// OpenAlex could not be reached or refused a request, after the retries that were worth making. An
/// <see cref="IOException"/> because it is a failure of input, like an unreadable file; the message names
/// the URL (without mailto/api_key) and what to do.
/// </summary>
public sealed class OpenAlexApiException(string url, string reason, Exception? inner = null)
    : IOException($"OpenAlex request failed: {url}: {reason}", inner)
{
    /// <summary>The request URL without credentials.</summary>
    public string Url { get; } = url;
    public string Reason { get; } = reason;
    /// <summary>The HTTP status of a refused request (404 for an unknown id or DOI); null for network failures.</summary>
    public int? Status { get; init; }
}
