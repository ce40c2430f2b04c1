using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Selects works from the OpenAlex API and streams them as <see cref="Work"/>s, one page (≤ 200 works) in
/// memory at a time, with cursor paging, retries and the page cache of <see cref="OpenAlexApiTransport"/>.
/// </summary>
public sealed class OpenAlexApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public OpenAlexApiOptions Options { get; }
    public OpenAlexApiTransport Transport { get; }

    /// <param name="http">Shared client; when null one is made (gzip, no global timeout: the options' timeout applies per request).</param>
    public OpenAlexApiClient(OpenAlexApiOptions options, HttpClient? http = null)
    {
        Options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        if (_ownsHttp)
            _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.Mailto is { } m ? $"CollabScreen/0.1 (mailto:{m})" : "CollabScreen/0.1");
        Transport = new OpenAlexApiTransport(_http, options, options.CacheDirectory is { } dir ? new OpenAlexApiCache(dir) : null);
    }

    /// <summary>Searches <c>/institutions?search=</c>; null when nothing matches.</summary>
    public OpenAlexInstitutionChoice? ResolveInstitution(string name, int candidates = 5, CancellationToken cancel = default)
    {
        using var response = Transport.Get(OpenAlexApiUrl.InstitutionSearch(Options.BaseUrl, name, candidates), cancel);
        var found = new List<OpenAlexInstitutionCandidate>();
        foreach (var item in Results(response).EnumerateArray())
        {
            if (Text(item, "id") is not { } id) continue;
            found.Add(new OpenAlexInstitutionCandidate(id, Text(item, "display_name") ?? id, Text(item, "ror"), Text(item, "country_code"),
                Text(item, "type"), item.TryGetProperty("works_count", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null));
        }
        return OpenAlexInstitutionChoice.Choose(name, found);
    }

    /// <summary>
    /// OpenAlex cannot OR an ORCID filter with an id filter, so when authors mix the two kinds the ORCIDs are
    /// looked up (<c>/authors/orcid:...</c>) and replaced by OpenAlex ids. Otherwise the query is returned as is.
    /// </summary>
    public OpenAlexApiQuery ResolveAuthors(OpenAlexApiQuery query, CancellationToken cancel = default)
    {
        if (query.Authors.Select(a => a.Kind).Distinct().Count() < 2) return query;
        var authors = query.Authors.Select(a =>
        {
            if (a.Kind == AuthorRefKind.OpenAlexId) return a;
            using var response = Transport.Get(OpenAlexApiUrl.AuthorByOrcid(Options.BaseUrl, a.Value), cancel);
            var id = Text(response.Document.RootElement, "id")
                ?? throw new OpenAlexApiException(response.Url, "the author record has no 'id'");
            return OpenAlexAuthorRef.Parse(id);
        }).ToList();
        return query with { Authors = authors };
    }

    /// <summary>
    /// One work by DOI (<c>/works/doi:10.xxx</c>), parsed like any other, with the credential-free URL and when
    /// OpenAlex gave the answer; null when OpenAlex holds no work with that DOI (HTTP 404).
    /// </summary>
    /// <exception cref="OpenAlexApiException">Not answered after retries, refused otherwise, or not a work.</exception>
    public OpenAlexWorkAnswer? WorkByDoi(string doi, CancellationToken cancel = default)
    {
        var url = OpenAlexApiUrl.WorkByDoi(Options.BaseUrl, doi);
        OpenAlexApiResponse response;
        try { response = Transport.Get(url, cancel); }
        catch (OpenAlexApiException e) when (e.Status == 404) { return null; }
        using (response)
        {
            var root = response.Document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "id") is null)
            {
                Transport.Forget(url);
                throw new OpenAlexApiException(url, "the answer is JSON but not an OpenAlex work (no 'id'); is --api-url an OpenAlex API?");
            }
            try { return new(OpenAlexWorkParser.Parse(JsonMarshal.GetRawUtf8Value(root), new Origin(url, 0)), url, response.ReceivedAt, response.FromCache); }
            catch (FormatException e) { Transport.Forget(url); throw new OpenAlexApiException(url, "the work does not parse: " + e.Message); }
        }
    }

    /// <summary>
    /// Every work the query selects, in OpenAlex's order, each exactly once. Items that do not parse are
    /// counted and reported in <paramref name="report"/> (URL and position in the page) and skipped.
    /// </summary>
    /// <exception cref="OpenAlexApiException">A page could not be fetched after retries (while enumerating).</exception>
    public IEnumerable<Work> Works(OpenAlexApiQuery query, ReadReport report, Action<OpenAlexApiProgress>? progress = null, CancellationToken cancel = default)
    {
        if (query.Institution?.Kind == InstitutionRefKind.Name)
            throw new InvalidOperationException($"institution {query.Institution} must be resolved first (ResolveInstitution)");
        query = ResolveAuthors(query, cancel);
        if (query.Problem() is { } problem) throw new ArgumentException(problem, nameof(query));
        return Stream(query, report, progress, cancel);
    }

    private IEnumerable<Work> Stream(OpenAlexApiQuery query, ReadReport report, Action<OpenAlexApiProgress>? progress, CancellationToken cancel)
    {
        string? cursor = "*";
        var seenCursors = new HashSet<string>();
        long works = 0;
        long? total = null;
        int pages = 0, cached = 0;
        while (cursor is not null)
        {
            if (!seenCursors.Add(cursor))
                throw new OpenAlexApiException(OpenAlexApiUrl.Works(Options.BaseUrl, query, cursor, Options.PerPage), "the cursor chain loops back on itself");
            var url = OpenAlexApiUrl.Works(Options.BaseUrl, query, cursor, Options.PerPage);
            var batch = new List<Work>(Options.PerPage);
            using (var response = Transport.Get(url, cancel))
            {
                pages++;
                if (response.FromCache) cached++;
                report.CountBytes(response.Bytes);
                var root = response.Document.RootElement;
                var results = Results(response);
                if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
                {
                    if (meta.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Number) total ??= count.GetInt64();
                    cursor = Text(meta, "next_cursor");
                }
                else cursor = null;
                if (results.GetArrayLength() == 0) cursor = null; // the end, whatever the cursor says
                var index = 0;
                foreach (var item in results.EnumerateArray())
                {
                    index++;
                    try { batch.Add(OpenAlexWorkParser.Parse(JsonMarshal.GetRawUtf8Value(item), new Origin(url, index))); }
                    catch (FormatException e) { report.Skip(new ReadError(url, index, $"work {index} of the page: {e.Message}")); }
                }
            }
            progress?.Invoke(new OpenAlexApiProgress(works, total, pages, cached));
            // The JSON document is released before the works go out; only the parsed page stays in memory.
            foreach (var work in batch)
            {
                report.CountRead();
                works++;
                yield return work;
            }
            if (batch.Count > 0) progress?.Invoke(new OpenAlexApiProgress(works, total, pages, cached));
        }
    }

    private JsonElement Results(OpenAlexApiResponse response)
    {
        var root = response.Document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            return results;
        Transport.Forget(response.Url); // so that the next run asks again instead of trusting it
        throw new OpenAlexApiException(response.Url, "the answer is JSON but not an OpenAlex list (no 'results' array); is --api-url an OpenAlex API?");
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}

/// <summary>A work OpenAlex returned for a single lookup: the request URL (credential-free), when it answered, and whether from the cache.</summary>
public sealed record OpenAlexWorkAnswer(Work Work, string Url, DateTimeOffset ReceivedAt, bool FromCache);
