using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using CollabScreen.Monitoring;
using CollabScreen.Storage;
using Json.Schema;
using netDumbster.smtp;

namespace CollabScreen.Tests.Monitoring;

/// <summary>The email digest over SMTP (an in-process SMTP server on 127.0.0.1) and the payload against its documented schema.</summary>
public sealed class AlertDeliveryTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("collabscreen-alerts-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>A real diff: the shared sample without two flagged works, then with them.</summary>
    private async Task<(WatchStore Watches, FindingStore Store, WatchRunResult Second)> TwoNewWorks(IReadOnlyList<IAlertNotifier> notifiers, NotifyTarget target)
    {
        var lines = new List<string>();
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            while (lines.Count < 120 && reader.ReadLine() is { } line) if (line.Trim().Length > 0) lines.Add(line);
        var input = Path.Combine(dir, "works.jsonl");
        File.WriteAllLines(input, lines);
        var store = FindingStore.Open(Path.Combine(dir, "alerts.db"));
        var watches = new WatchStore(store);
        watches.Add(new Watch("mail", "https://ror.org/00f54p054", [input], [target]) { ListsDirectory = Path.Combine(dir, "lists") });
        var runner = new WatchRunner(watches, notifiers);
        var full = await runner.RunAsync("mail");
        var flagged = store.FindingsOf(full.Run!.Value).Where(f => f.Severity != FindingStore.Unflagged).Select(f => f.WorkId).Take(2).ToList();
        Assert.Equal(2, flagged.Count);
        // Take them out (a screened run: both gone), put them back (screened: both new).
        File.WriteAllLines(input, lines.Where(l => !flagged.Contains(JsonDocument.Parse(l).RootElement.GetProperty("id").GetString())));
        var gone = await runner.RunAsync("mail");
        Assert.Equal(2, gone.Diff!.Changes.Count(c => c.Kind == AlertChangeKind.Gone));
        File.WriteAllLines(input, lines);
        var second = await runner.RunAsync("mail");
        Assert.Equal(flagged.Order(), second.Diff!.Changes.Where(c => c.Kind == AlertChangeKind.New).Select(c => c.Work).Order());
        return (watches, store, second);
    }

    [Fact]
    public async Task An_email_digest_is_sent_over_smtp_once_per_diff_with_text_and_html()
    {
        var port = FreePort();
        using var smtp = SimpleSmtpServer.Start(port);
        var notifier = new EmailNotifier(new SmtpSettings("127.0.0.1", port, "collabscreen@example.org", Security: MailKit.Security.SecureSocketOptions.None),
            new RetryPolicy(2, TimeSpan.FromMilliseconds(20)));
        var (watches, store, second) = await TwoNewWorks([notifier], NotifyTarget.Parse("email:office@example.org"));
        using var _ = store;
        Assert.Equal(2, smtp.ReceivedEmailCount); // the "gone" diff and the "new" diff, one message each
        Assert.Single(smtp.ReceivedEmail, m => m.Headers["Subject"] == "CollabScreen watch mail: 2 gone");
        var mail = Assert.Single(smtp.ReceivedEmail, m => m.Headers["Subject"] == "CollabScreen watch mail: 2 new");
        Assert.Equal("office@example.org", Assert.Single(mail.ToAddresses).ToString());
        var parts = mail.MessageParts.Select(p => p.HeaderData).ToList();
        Assert.Contains(parts, h => h.Contains("text/plain"));
        Assert.Contains(parts, h => h.Contains("text/html"));
        Assert.All(second.Diff!.Changes, c => Assert.Contains(mail.MessageParts, p => p.BodyData.Contains(c.Title![..Math.Min(20, c.Title.Length)]) || p.BodyData.Contains(c.Work)));
        Assert.All(watches.Alerts("mail"), a => Assert.Equal("delivered", a.Status));
    }

    [Fact]
    public async Task The_payload_follows_the_documented_schema()
    {
        var payloads = new List<string>();
        var (watches, store, _) = await TwoNewWorks([new Capture(payloads)], NotifyTarget.Parse("webhook:http://127.0.0.1:9/unused"));
        using var __ = store;
        Assert.Equal(2, payloads.Count);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "docs", "webhook.schema.json")));
        foreach (var p in payloads)
        {
            var result = schema.Evaluate(JsonDocument.Parse(p).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
        // And a payload that breaks it is refused, so the check can fail.
        var broken = JsonNode.Parse(payloads[0])!.AsObject();
        broken.Remove("counts");
        Assert.False(schema.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
    }

    private sealed class Capture(List<string> into) : IAlertNotifier
    {
        public NotifyKind Kind => NotifyKind.Webhook;

        public Task<Delivery> DeliverAsync(Watch watch, AlertRecord alert, CancellationToken cancel)
        {
            into.Add(alert.Payload);
            return Task.FromResult(new Delivery(true, 1, null));
        }
    }
}
