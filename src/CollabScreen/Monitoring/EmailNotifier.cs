using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CollabScreen.Monitoring;

/// <summary>The SMTP server alerts are sent through. From the environment: COLLABSCREEN_SMTP_HOST, _PORT (587), _USER,
/// _PASSWORD, _FROM, _TLS (starttls | ssl | none; default starttls, none for 127.0.0.1 test servers).</summary>
public sealed record SmtpSettings(string Host, int Port, string From, string? User = null, string? Password = null, SecureSocketOptions Security = SecureSocketOptions.StartTlsWhenAvailable)
{
    public static SmtpSettings? FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_HOST");
        if (string.IsNullOrWhiteSpace(host)) return null;
        var port = int.TryParse(Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_PORT"), out var p) ? p : 587;
        var tls = Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_TLS")?.ToLowerInvariant() switch
        {
            "ssl" => SecureSocketOptions.SslOnConnect, "none" => SecureSocketOptions.None, _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        return new SmtpSettings(host, port, Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_FROM") ?? "collabscreen@localhost",
            Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_USER"), Environment.GetEnvironmentVariable("COLLABSCREEN_SMTP_PASSWORD"), tls);
    }
}

/// <summary>
/// Sends an alert as an email digest (plain text and HTML) over SMTP, with the idempotency key as the Message-Id so a
/// mail system can drop a duplicate. Retried with backoff like the webhook.
/// </summary>
public sealed class EmailNotifier(SmtpSettings smtp, RetryPolicy? retry = null) : IAlertNotifier
{
    private readonly RetryPolicy _retry = retry ?? new RetryPolicy();

    public NotifyKind Kind => NotifyKind.Email;

    public async Task<Delivery> DeliverAsync(Watch watch, AlertRecord alert, CancellationToken cancel)
    {
        var message = Compose(watch, alert, smtp.From);
        string? error = null;
        for (var attempt = 1; attempt <= _retry.Attempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(_retry.Delay(attempt - 1), cancel);
            try
            {
                using var client = new SmtpClient();
                await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancel);
                if (smtp.User is not null) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancel);
                await client.SendAsync(message, cancel);
                await client.DisconnectAsync(true, cancel);
                return new Delivery(true, attempt, null);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or MailKit.Security.AuthenticationException)
            {
                error = $"SMTP {smtp.Host}:{smtp.Port}: {e.Message}";
            }
        }
        return new Delivery(false, _retry.Attempts, error);
    }

    public static MimeMessage Compose(Watch watch, AlertRecord alert, string from)
    {
        using var doc = JsonDocument.Parse(alert.Payload);
        var root = doc.RootElement;
        var counts = root.GetProperty("counts");
        var summary = string.Join(", ", counts.EnumerateObject().Where(p => p.Value.GetInt32() > 0).Select(p => $"{p.Value.GetInt32()} {p.Name.Replace('_', '-')}"));
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.AppendLine($"Watch {watch.Name} ({watch.Institution}): {summary}, run {root.GetProperty("run")} against run {root.GetProperty("previous_run")}.");
        html.Append($"<p>Watch <b>{Esc(watch.Name)}</b> ({Esc(watch.Institution)}): {Esc(summary)}.</p>");
        foreach (var l in root.GetProperty("list_changes").EnumerateArray())
        {
            text.AppendLine($"List {l.GetProperty("list").GetString()}: {l.GetProperty("from").GetString() ?? "(none)"} -> {l.GetProperty("to").GetString() ?? "(none)"}");
            html.Append($"<p>List {Esc(l.GetProperty("list").GetString())}: {Esc(l.GetProperty("from").GetString() ?? "(none)")} → {Esc(l.GetProperty("to").GetString() ?? "(none)")}</p>");
        }
        html.Append("<ul>");
        foreach (var c in root.GetProperty("changes").EnumerateArray())
        {
            var line = $"{c.GetProperty("kind").GetString()}: {c.GetProperty("title").GetString() ?? c.GetProperty("work").GetString()} " +
                       $"({c.GetProperty("severity_from").GetString() ?? "-"} -> {c.GetProperty("severity_to").GetString() ?? "-"})";
            var why = c.GetProperty("listings_added").EnumerateArray().Select(l => "+ " + l.GetProperty("text").GetString())
                .Concat(c.GetProperty("listings_removed").EnumerateArray().Select(l => "- " + l.GetProperty("text").GetString())).ToList();
            text.AppendLine("  " + line);
            foreach (var w in why) text.AppendLine("      " + w);
            html.Append($"<li>{Esc(line)}{(why.Count == 0 ? "" : "<br>" + string.Join("<br>", why.Select(Esc)))}</li>");
        }
        html.Append("</ul>");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(alert.Target.Address));
        message.Subject = $"CollabScreen watch {watch.Name}: {summary}";
        message.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(alert.IdempotencyKey)))[..32]}@collabscreen";
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private static string Esc(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
}
