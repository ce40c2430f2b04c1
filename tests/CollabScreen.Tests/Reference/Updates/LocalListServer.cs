using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CollabScreen.Tests.Reference.Updates;

/// <summary>
/// A small HTTP server on 127.0.0.1 for list-update tests: serves byte arrays with ETag and Last-Modified, answers
/// conditional requests with 304, and injects faults (500, 429 with Retry-After, a body cut short). Logs each request.
/// </summary>
public sealed class LocalListServer : IDisposable
{
    public enum Fault { None, Status500, TooMany429, CutBody }

    public sealed record Request(string Path, string? IfNoneMatch, string? IfModifiedSince, int Status);

    private sealed record Route(byte[] Body, string ETag, DateTimeOffset LastModified);

    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Route> routes = new();
    private readonly ConcurrentDictionary<string, (Fault Fault, int Times)> faults = new();
    private readonly Task loop;
    public ConcurrentQueue<Request> Log { get; } = new();
    public int Port { get; }

    public LocalListServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(Loop);
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>; the ETag follows the content, so new bytes get a new tag.</summary>
    public void Serve(string path, byte[] body, DateTimeOffset? lastModified = null) =>
        routes[path] = new Route(body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"", lastModified ?? new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Makes the next <paramref name="times"/> requests for <paramref name="path"/> fail this way.</summary>
    public void Fail(string path, Fault fault, int times = int.MaxValue) => faults[path] = (fault, times);

    private async Task Loop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Handle(ctx); }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { /* client went away */ }
        }
    }

    private void Handle(HttpListenerContext ctx)
    {
        var path = ctx.Request.Url!.AbsolutePath.TrimStart('/');
        var inm = ctx.Request.Headers["If-None-Match"];
        var ims = ctx.Request.Headers["If-Modified-Since"];
        var res = ctx.Response;
        void Done(int status) { Log.Enqueue(new Request(path, inm, ims, status)); res.StatusCode = status; }
        var fault = Fault.None;
        if (faults.TryGetValue(path, out var f) && f.Times > 0)
        {
            fault = f.Fault;
            faults[path] = (f.Fault, f.Times - 1);
        }
        if (!routes.TryGetValue(path, out var route)) { Done(404); res.Close(); return; }
        switch (fault)
        {
            case Fault.Status500: Done(500); res.Close(); return;
            case Fault.TooMany429: Done(429); res.Headers["Retry-After"] = "1"; res.Close(); return;
        }
        if ((inm is not null && inm == route.ETag) ||
            (inm is null && ims is not null && DateTimeOffset.TryParse(ims, out var since) && route.LastModified <= since))
        {
            Done(304); res.Close(); return;
        }
        Done(200);
        res.Headers["ETag"] = route.ETag;
        res.Headers["Last-Modified"] = route.LastModified.ToString("R");
        res.ContentLength64 = route.Body.Length;
        if (fault == Fault.CutBody)
        {
            res.OutputStream.Write(route.Body, 0, route.Body.Length / 2);
            res.OutputStream.Flush();
            res.Abort();
            return;
        }
        res.OutputStream.Write(route.Body);
        res.Close();
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
