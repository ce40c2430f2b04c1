using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CollabScreen.Tests.Sources;

/// <summary>What the test server does with one request.</summary>
public abstract record Reply
{
    public sealed record Json(int Status, string Body, params (string Name, string Value)[] Headers) : Reply;
    /// <summary>Headers promise the whole body, half of it is sent, then the socket closes.</summary>
    public sealed record DropMidBody(string Body) : Reply;
    /// <summary>The socket closes before any byte of a response.</summary>
    public sealed record Hangup : Reply;
    /// <summary>Says nothing for a while, then closes: a server that has stopped answering.</summary>
    public sealed record Stall(TimeSpan For) : Reply;
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) that plays OpenAlex: it serves the fixture works in
/// cursor pages, an /institutions?search= page, and whatever faults the test scripts. Connection: close;
/// at most <see cref="MaxRequests"/> requests, so a runaway client cannot loop forever.
/// </summary>
public sealed class OpenAlexApiTestServer : IDisposable
{
    public const int MaxRequests = 200;
    public static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", "openalex-api");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Task> _handlers = [];
    private int _count;

    /// <summary>Request targets (path and query) as received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public string BaseUrl { get; }
    /// <summary>Decides a reply from (1-based request number, target); null means "serve normally".</summary>
    public Func<int, string, Reply?> Fault { get; set; } = (_, _) => null;
    /// <summary>The works served, as raw JSON lines, and the page size.</summary>
    public IReadOnlyList<string> Works { get; set; } = FixtureWorks();
    public int PageSize { get; set; } = 3;
    /// <summary>
    /// Single works served at <c>/works/doi:DOI</c> (matched on their "doi", ignoring case), as raw JSON lines; any
    /// other DOI is a 404. The fixture holds dataset papers with their real DOIs and titles and fixture ids (W43900900nn).
    /// </summary>
    public IReadOnlyList<string> WorksByDoi { get; set; } = FixtureWorksByDoi();

    public OpenAlexApiTestServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(Loop);
    }

    public static IReadOnlyList<string> FixtureWorks() =>
        File.ReadAllLines(Path.Combine(FixtureDir, "works-current.jsonl")).Where(l => l.Length > 0).ToList();

    public static IReadOnlyList<string> FixtureWorksByDoi() =>
        File.ReadAllLines(Path.Combine(FixtureDir, "works-by-doi.jsonl")).Where(l => l.Length > 0).ToList();

    public static string FixtureId(int index) => JsonNode.Parse(FixtureWorks()[index])!["id"]!.GetValue<string>();

    /// <summary>An opaque cursor like OpenAlex's (base64 with '=', '+' or '/'), for the page starting at work <paramref name="offset"/>.</summary>
    public static string CursorFor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"[{offset}, 'https://openalex.org/W?>>{offset}']"));

    public int PageCount => (Works.Count + PageSize - 1) / PageSize;

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested && _count < MaxRequests)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            // Each connection on its own task, so a stalled one does not hold up the client's retry.
            lock (_handlers) _handlers.Add(Task.Run(async () =>
            {
                using (client)
                {
                    try { await Handle(client); }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { } // the client went away; fine
                }
            }));
        }
    }

    private async Task Handle(TcpClient client)
    {
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n") && head.Length < 65536)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0) return;
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var target = head.ToString().Split(' ', 3)[1];
        var number = Interlocked.Increment(ref _count);
        Requests.Enqueue(target);
        var reply = Fault(number, target) ?? Serve(target);
        switch (reply)
        {
            case Reply.Hangup:
                client.Client.LingerState = new LingerOption(true, 0); // reset, like a dropped connection
                return;
            case Reply.Stall stall:
                try { await Task.Delay(stall.For, _stop.Token); } catch (OperationCanceledException) { }
                return;
            case Reply.DropMidBody drop:
                var bytes = Encoding.UTF8.GetBytes(drop.Body);
                await stream.WriteAsync(Head(200, bytes.Length, []));
                await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await stream.FlushAsync();
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            case Reply.Json json:
                var body = Encoding.UTF8.GetBytes(json.Body);
                await stream.WriteAsync(Head(json.Status, body.Length, json.Headers));
                await stream.WriteAsync(body);
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
                return;
        }
    }

    private static byte[] Head(int status, int length, (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\n");
        sb.Append("Content-Type: application/json; charset=utf-8\r\n");
        sb.Append($"Content-Length: {length}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers) sb.Append($"{name}: {value}\r\n");
        return Encoding.ASCII.GetBytes(sb.Append("\r\n").ToString());
    }

    /// <summary>The normal answer: a works page for its cursor, the institution search, or 404 as OpenAlex words it.</summary>
    public Reply Serve(string target)
    {
        var query = Query(target);
        if (target.StartsWith("/institutions?", StringComparison.Ordinal))
            return new Reply.Json(200, File.ReadAllText(Path.Combine(FixtureDir, "institutions-search.json")));
        if (target.StartsWith("/works?", StringComparison.Ordinal))
            return new Reply.Json(200, Page(query.GetValueOrDefault("cursor") ?? ""));
        if (target.StartsWith("/works/doi:", StringComparison.Ordinal))
        {
            var doi = "https://doi.org/" + Uri.UnescapeDataString(target["/works/doi:".Length..].Split('?')[0]);
            var work = WorksByDoi.FirstOrDefault(w => string.Equals(JsonNode.Parse(w)!["doi"]?.GetValue<string>(), doi, StringComparison.OrdinalIgnoreCase));
            if (work is not null) return new Reply.Json(200, work);
        }
        return new Reply.Json(404, """{"error":"404. The page you're looking for doesn't exist.","message":"Unknown path"}""");
    }

    /// <summary>The page that <paramref name="cursor"/> points at, shaped like OpenAlex's /works list response.</summary>
    public string Page(string cursor)
    {
        var offset = cursor == "*" ? 0 : Enumerable.Range(0, Works.Count + 1).First(o => CursorFor(o) == cursor);
        var items = Works.Skip(offset).Take(PageSize).ToList();
        var next = offset + PageSize < Works.Count ? $"\"{CursorFor(offset + PageSize)}\"" : "null";
        return $$"""{"meta":{"count":{{Works.Count}},"db_response_time_ms":23,"page":null,"per_page":200,"next_cursor":{{next}},"groups_count":null},"results":[{{string.Join(",", items)}}],"group_by":[]}""";
    }

    public static Dictionary<string, string> Query(string target)
    {
        var q = target.Contains('?') ? target[(target.IndexOf('?') + 1)..] : "";
        return q.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        Task[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        try { Task.WaitAll(handlers, TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
