using System.Net;
using System.Text;

namespace CollabScreen.Monitoring;

/// <summary>The outcome of delivering one alert: delivered or not, after how many attempts, and the last error.</summary>
public sealed record Delivery(bool Delivered, int Attempts, string? Error);

/// <summary>Delivers one alert to one kind of target.</summary>
public interface IAlertNotifier
{
    NotifyKind Kind { get; }
    Task<Delivery> DeliverAsync(Watch watch, AlertRecord alert, CancellationToken cancel);
}

/// <summary>How hard to try within one run before leaving an alert for the next.</summary>
public sealed record RetryPolicy(int Attempts = 3, TimeSpan? FirstDelay = null)
{
    public TimeSpan Delay(int attempt) => (FirstDelay ?? TimeSpan.FromSeconds(2)) * Math.Pow(2, attempt - 1);
}

/// <summary>
/// POSTs the alert's JSON to the webhook with <c>X-CollabScreen-Signature: sha256=HEX</c> (HMAC-SHA256 of the body with the
/// watch's secret), <c>Idempotency-Key</c>, and <c>X-CollabScreen-Watch</c>. Any 2xx is delivered. Connection errors,
/// timeouts, 408, 429 and 5xx are retried with exponential backoff; other 4xx are not (the receiver refuses it; the
/// alert stays pending and the error is recorded).
/// </summary>
public sealed class WebhookNotifier(HttpClient http, RetryPolicy? retry = null) : IAlertNotifier
{
    private readonly RetryPolicy _retry = retry ?? new RetryPolicy();

    public NotifyKind Kind => NotifyKind.Webhook;

    public async Task<Delivery> DeliverAsync(Watch watch, AlertRecord alert, CancellationToken cancel)
    {
        var body = Encoding.UTF8.GetBytes(alert.Payload);
        string? error = null;
        for (var attempt = 1; attempt <= _retry.Attempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(_retry.Delay(attempt - 1), cancel);
            using var request = new HttpRequestMessage(HttpMethod.Post, alert.Target.Address) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.Add("X-CollabScreen-Signature", AlertPayload.Signature(watch.Secret, body));
            request.Headers.Add("Idempotency-Key", IdempotencyOf(alert));
            request.Headers.Add("X-CollabScreen-Watch", watch.Name);
            try
            {
                using var response = await http.SendAsync(request, cancel);
                if (response.IsSuccessStatusCode) return new Delivery(true, attempt, null);
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!Retryable(response.StatusCode)) return new Delivery(false, attempt, error + " (not retried)");
            }
            catch (HttpRequestException e) { error = $"no response: {e.Message}"; }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested) { error = "timed out"; }
        }
        return new Delivery(false, _retry.Attempts, error);
    }

    /// <summary>The diff's key (the same for every target of one diff); the stored key adds the target.</summary>
    internal static string IdempotencyOf(AlertRecord alert) => alert.IdempotencyKey[..alert.IdempotencyKey.LastIndexOf(' ')];

    private static bool Retryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
