using System.Net;
using System.Text;
using System.Text.Json;

namespace CollabScreen.Sources;

/// <summary>A parsed JSON response and where it came from. Dispose it to release the document.</summary>
public sealed class OpenAlexApiResponse(string url, JsonDocument document, int bytes, bool fromCache) : IDisposable
{
    /// <summary>The credential-free request URL.</summary>
    public string Url { get; } = url;
    public JsonDocument Document { get; } = document;
    public int Bytes { get; } = bytes;
    public bool FromCache { get; } = fromCache;
    /// <summary>When the answer came from OpenAlex: now, or for a cached page when it was stored.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;
    public void Dispose() => Document.Dispose();
}

/// <summary>
/// GETs a URL as JSON: from the cache if there, else over HTTP with retries on 429/5xx, network errors,
/// timeouts and incomplete bodies (honouring Retry-After); only complete JSON is cached. Counts requests.
/// </summary>
public sealed class OpenAlexApiTransport(HttpClient http, OpenAlexApiOptions options, OpenAlexApiCache? cache)
{
    private long _requests, _cacheHits;

    /// <summary>HTTP requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <param name="url">Credential-free URL; mailto and api_key are added here.</param>
    /// <exception cref="OpenAlexApiException">Not answered after the allowed attempts, or refused (4xx).</exception>
    public OpenAlexApiResponse Get(string url, CancellationToken cancel = default)
    {
        if (cache?.TryGet(url) is { } cached)
        {
            if (TryParse(cached) is { } doc)
            {
                Interlocked.Increment(ref _cacheHits);
                return new OpenAlexApiResponse(url, doc, cached.Length, fromCache: true) { ReceivedAt = cache.StoredAt(url) ?? DateTimeOffset.UtcNow };
            }
            cache.Remove(url); // damaged entry: fetch it again
        }
        var body = Fetch(url, cancel, out var document);
        cache?.Put(url, body);
        return new OpenAlexApiResponse(url, document, body.Length, fromCache: false);
    }

    /// <summary>Drops a cached response that turned out unusable (e.g. JSON that is not an OpenAlex answer).</summary>
    public void Forget(string url) => cache?.Remove(url);

    private byte[] Fetch(string url, CancellationToken cancel, out JsonDocument document)
    {
        var retry = options.Retry;
        var wire = OpenAlexApiUrl.WithCredentials(url, options.Mailto, options.ApiKey);
        var attempts = Math.Max(1, retry.MaxAttempts);
        string failure = "";
        Exception? last = null;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            Interlocked.Increment(ref _requests);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, wire);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(options.Timeout);
                using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var body = ReadBody(response, timeout.Token);
                    if (TryParse(body) is { } doc) { document = doc; return body; }
                    failure = $"the response was not complete JSON ({body.Length:N0} bytes)";
                }
                else if (status == 429 || status >= 500)
                {
                    failure = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
                    retryAfter = RetryAfter(response);
                }
                else
                {
                    // 4xx other than 429 will not change on retry: bad filter, bad API key, unknown id.
                    var body = Snippet(ReadBody(response, timeout.Token));
                    throw new OpenAlexApiException(url, $"HTTP {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}" +
                        (status is 401 or 403 ? " (check the API key: --api-key or OPENALEX_API_KEY)" : "")) { Status = status };
                }
            }
            catch (HttpRequestException e) { failure = e.Message; last = e; }
            catch (IOException e) when (e is not OpenAlexApiException) { failure = e.Message; last = e; }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                failure = $"no complete answer within {options.Timeout.TotalSeconds:0.#} s"; last = e;
            }

            if (attempt >= attempts)
                throw new OpenAlexApiException(url, $"gave up after {attempts} attempt(s); last error: {failure}. " +
                    "Check the network, or run again later: pages already fetched are cached and will not be fetched again.", last);
            if (retryAfter > retry.MaxRetryAfter)
                throw new OpenAlexApiException(url, $"{failure}; the server asks to wait {retryAfter.Value.TotalMinutes:0.#} min (a spent quota?). " +
                    "Try later, or give an API key (--api-key or OPENALEX_API_KEY).", last);
            retry.Sleep(retry.DelayBefore(attempt + 1, retryAfter), cancel);
        }
    }

    private static byte[] ReadBody(HttpResponseMessage response, CancellationToken cancel)
    {
        using var stream = response.Content.ReadAsStream(cancel);
        using var buffer = new MemoryStream(response.Content.Headers.ContentLength is long n and > 0 and < int.MaxValue ? (int)n : 1 << 16);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Retry-After as a delay (it may be seconds or an HTTP date); null when absent.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        try { return JsonDocument.Parse(body.AsMemory(), new JsonDocumentOptions { MaxDepth = 128 }); }
        catch (JsonException) { return null; }
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
        return body.Length > 300 ? text + "…" : text;
    }
}
