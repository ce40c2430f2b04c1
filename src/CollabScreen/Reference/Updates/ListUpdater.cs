using System.Net;
using System.Security.Cryptography;

namespace CollabScreen.Reference.Updates;

public enum UpdateStatus { Updated, Unchanged, WouldUpdate, Failed }

/// <summary>What one source's update did: the version now in force (or that would be), the changes, or the fault and its address.</summary>
public sealed record SourceUpdate(
    string Name,
    UpdateStatus Status,
    ListVersion? Version,
    WatchlistDiffResult? Diff,
    string? FailedUrl,
    string? Fault,
    int Requests,
    int ConditionalRequests,
    int NotModified);

public sealed record UpdateOptions
{
    /// <summary>Download and validate, report what would change, keep nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Tries per file when the server says 429 / 503 (honouring Retry-After).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>A Retry-After longer than this is a fault, not a wait.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of unreadable records above which a download counts as damaged.</summary>
    public double MaxBadRecordShare { get; init; } = 0.05;

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}

/// <summary>
/// Fetches official lists into a lists directory (<see cref="ListVersions"/>): conditional requests (If-None-Match,
/// If-Modified-Since), SHA-256 per file, validation with the list's own reader before anything is replaced, and
/// atomic renames, so a damaged or schema-changed download never replaces the last good version.
/// </summary>
public sealed class ListUpdater(HttpClient http, ListVersions store, UpdateOptions? options = null)
{
    private readonly UpdateOptions options = options ?? new UpdateOptions();

    public async Task<IReadOnlyList<SourceUpdate>> UpdateAsync(IEnumerable<ListSource> sources, CancellationToken cancellationToken)
    {
        var results = new List<SourceUpdate>();
        foreach (var s in sources) results.Add(await UpdateAsync(s, cancellationToken));
        return results;
    }

    public async Task<SourceUpdate> UpdateAsync(ListSource source, CancellationToken cancellationToken)
    {
        var current = store.Current(source.Name);
        Directory.CreateDirectory(store.SourceDir(source.Name));
        var incoming = Path.Combine(store.SourceDir(source.Name), ".incoming-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(incoming);
        var counter = new Counter();
        try
        {
            var files = new List<FileVersion>();
            var allNotModified = true;
            foreach (var f in source.Files)
            {
                var prev = current?.Files.FirstOrDefault(x => x.File == f.LocalName && x.Url == f.Url.ToString());
                var prevPath = prev is null ? null : Path.Combine(store.VersionDir(source.Name, current!.Id), prev.File);
                if (prevPath is not null && !File.Exists(prevPath)) prev = null; // raw copy gone: ask unconditionally
                var target = Path.Combine(incoming, f.LocalName);
                var got = await FetchAsync(f, prev, target, counter, cancellationToken);
                if (got is null) { File.Copy(prevPath!, target); files.Add(prev!); }
                else { allNotModified = false; files.Add(got); }
            }
            if (current is not null && File.Exists(store.InForcePath(source.Name))
                && (allNotModified || files.Select(x => x.Sha256).SequenceEqual(current.Files.Select(x => x.Sha256))))
                return Result(source, UpdateStatus.Unchanged, current, null, counter);

            var url = source.Files[0].Url.ToString();
            var first = Path.Combine(incoming, source.Files[0].LocalName);
            var (loaded, report, format) = Validate(source, first, url);
            var previous = ReadInForce(source.Name);
            if (current is not null && loaded.Entries.Count * 2 < current.Entries)
                throw new DownloadFault(url, $"suspect: {loaded.Entries.Count} entries where the version in force has {current.Entries}; a list that lost more than half its entries is not taken");
            var now = options.Clock();
            var id = $"{now.UtcDateTime:yyyyMMddTHHmmssZ}-{files[0].Sha256[..12]}";
            var version = new ListVersion(id, now, format.ToString(), files, loaded.Entries.Count, report.Records, report.Problems.Count,
                loaded.Entries.SelectMany(e => e.Listings).GroupBy(l => l.Category ?? "listed").OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count()));
            var diff = WatchlistDiff.Compare(previous, loaded.Entries);
            if (options.DryRun) return Result(source, UpdateStatus.WouldUpdate, version, diff, counter);

            var versionDir = store.VersionDir(source.Name, id);
            if (Directory.Exists(versionDir)) Directory.Delete(versionDir, recursive: true);
            Directory.Move(incoming, versionDir);
            var list = new Watchlist(source.Name, source.Title, loaded.List.Authority, loaded.List.Kind,
                $"Fetched by 'collabscreen lists update' from {url}; version {version.Label}. {loaded.List.Description}",
                version.Label, DateOnly.FromDateTime(now.UtcDateTime), url);
            var inForce = store.InForcePath(source.Name);
            var tmp = inForce + ".tmp-" + id;
            WatchlistJsonl.Write(tmp, list, loaded.Entries);
            File.Move(tmp, inForce, overwrite: true);
            store.Append(source.Name, version);
            return Result(source, UpdateStatus.Updated, version, diff, counter);
        }
        catch (DownloadFault f)
        {
            return new SourceUpdate(source.Name, UpdateStatus.Failed, current, null, f.Url, f.Message, counter.Requests, counter.Conditional, counter.NotModified);
        }
        finally
        {
            if (Directory.Exists(incoming)) Directory.Delete(incoming, recursive: true);
        }
    }

    private static SourceUpdate Result(ListSource s, UpdateStatus status, ListVersion? v, WatchlistDiffResult? d, Counter c) =>
        new(s.Name, status, v, d, null, null, c.Requests, c.Conditional, c.NotModified);

    /// <summary>Reads the download with the list's own reader: wrong layout or missing columns is a schema change; too many bad records is damage.</summary>
    private (LoadedList, ListReadReport, ListFormat) Validate(ListSource source, string path, string url)
    {
        ListFormat format;
        try { format = ListImport.Detect(path); }
        catch (FormatException e) { throw new DownloadFault(url, "schema changed: " + e.Message); }
        if (!source.Formats.Contains(format))
            throw new DownloadFault(url, $"schema changed: the file reads as {format}, expected {string.Join(" or ", source.Formats)}");
        var report = new ListReadReport();
        LoadedList loaded;
        try
        {
            loaded = format == ListFormat.OpenSanctions
                ? OpenSanctionsCsv.Read(path, source.Name, url, report)
                : ListImport.Read(path, format, source.Name, report);
        }
        catch (FormatException e) { throw new DownloadFault(url, "schema changed: " + e.Message); }
        if (loaded.Entries.Count == 0) throw new DownloadFault(url, $"damaged: no entries read ({report.Records} records, {report.Problems.Count} problems)");
        var bad = report.Problems.Count;
        if (bad > Math.Max(1, (report.Records + bad) * options.MaxBadRecordShare))
            throw new DownloadFault(url, $"damaged: {bad} records unreadable (first: {report.Problems[0]})");
        return (loaded, report, format);
    }

    private IReadOnlyList<WatchlistEntry> ReadInForce(string name)
    {
        var path = store.InForcePath(name);
        return File.Exists(path) ? WatchlistJsonl.Read(path, new ListReadReport()).Entries : [];
    }

    /// <summary>GETs one file into <paramref name="target"/>; null when the server says 304 Not Modified.</summary>
    private async Task<FileVersion?> FetchAsync(SourceFile f, FileVersion? prev, string target, Counter counter, CancellationToken ct)
    {
        var url = f.Url.ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, f.Url);
            if (prev?.ETag is { } etag) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (prev?.LastModified is { } lm) request.Headers.TryAddWithoutValidation("If-Modified-Since", lm);
            counter.Requests++;
            if (prev is not null && (prev.ETag is not null || prev.LastModified is not null)) counter.Conditional++;
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct); }
            catch (HttpRequestException e) { throw new DownloadFault(url, "no response: " + e.Message); }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { throw new DownloadFault(url, "timed out"); }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    if (prev is null) throw new DownloadFault(url, "HTTP 304 Not Modified to an unconditional request");
                    counter.NotModified++;
                    return null;
                }
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                    var what = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (response.Headers.RetryAfter is { } ra ? $" (Retry-After {ra})" : "");
                    if (attempt >= options.MaxAttempts) throw new DownloadFault(url, $"{what}, still after {attempt} attempts");
                    if (wait > options.MaxRetryDelay) throw new DownloadFault(url, $"{what}: asked to wait {wait.TotalSeconds:0}s, more than the {options.MaxRetryDelay.TotalSeconds:0}s we wait");
                    await Task.Delay(wait, ct);
                    continue;
                }
                if (!response.IsSuccessStatusCode) throw new DownloadFault(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                var expected = response.Content.Headers.ContentLength;
                long n = 0;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(ct);
                    await using var file = File.Create(target);
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await body.ReadAsync(buffer, ct)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                        n += read;
                    }
                }
                catch (IOException e) { throw new DownloadFault(url, $"body cut short after {n} bytes{(expected is { } x ? $" of {x}" : "")} ({e.Message})"); }
                if (expected is { } len && n != len) throw new DownloadFault(url, $"body cut short: {n} of {len} bytes");
                return new FileVersion(f.LocalName, url, Convert.ToHexStringLower(hash.GetHashAndReset()), n,
                    response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
            }
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage r) => r.Headers.RetryAfter switch
    {
        { Delta: { } d } => d,
        { Date: { } when } => when - options.Clock() is var w && w > TimeSpan.Zero ? w : TimeSpan.Zero,
        _ => null,
    };

    private sealed class Counter { public int Requests, Conditional, NotModified; }

    private sealed class DownloadFault(string url, string message) : Exception(message)
    {
        public string Url { get; } = url;
    }
}
