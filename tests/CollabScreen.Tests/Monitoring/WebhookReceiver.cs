using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CollabScreen.Tests.Monitoring;

/// <summary>A webhook receiver on 127.0.0.1: records every POST (headers, body) and answers 200, or 503 while <see cref="Down"/>.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public sealed record Received(string Body, string? Signature, string? IdempotencyKey, string? Watch, int Status);

    private readonly HttpListener listener = new();
    private readonly Task loop;
    public ConcurrentQueue<Received> Log { get; } = new();
    public int Port { get; }
    public volatile bool Down;

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(Loop);
    }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IEnumerable<Received> Accepted => Log.Where(r => r.Status == 200);

    private async Task Loop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = Down ? 503 : 200;
            Log.Enqueue(new Received(body, ctx.Request.Headers["X-CollabScreen-Signature"], ctx.Request.Headers["Idempotency-Key"],
                ctx.Request.Headers["X-CollabScreen-Watch"], status));
            ctx.Response.StatusCode = status;
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
