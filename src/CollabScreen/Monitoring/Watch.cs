using System.Security.Cryptography;
using System.Text.Json;

namespace CollabScreen.Monitoring;

/// <summary>
/// An institution screened again and again from the same source, and whom to tell when its findings change.
/// <see cref="LastSuccessRun"/> is the stored screening run the next run is compared with (null before the baseline).
/// </summary>
public sealed record Watch(string Name, string Institution, IReadOnlyList<string> Inputs, IReadOnlyList<NotifyTarget> Notify)
{
    public string? Policy { get; init; }
    /// <summary>Directory of imported and fetched lists (`lists update`); null is the default lists directory.</summary>
    public string? ListsDirectory { get; init; }
    public string? Schedule { get; init; }
    /// <summary>The HMAC-SHA256 key of this watch's webhook signatures (hex), made when the watch is added.</summary>
    public string Secret { get; init; } = NewSecret();
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? NextDue { get; init; }
    public long? LastSuccessRun { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    /// <summary>SHA-256 over the input files when they were last read: unchanged files are not read again.</summary>
    public string? InputDigest { get; init; }

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Watch names are used in URLs, lock rows and idempotency keys: letters, digits, '-', '_' and '.'.</summary>
    public static string? NameProblem(string name) =>
        string.IsNullOrWhiteSpace(name) ? "a watch needs a name"
        : name.Length > 100 ? $"watch name '{name[..20]}…' is longer than 100 characters"
        : name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? null
        : $"watch name '{name}' may hold only letters, digits, '-', '_' and '.'";

    internal string SourceJson() => JsonSerializer.Serialize(new Dictionary<string, object> { ["inputs"] = Inputs });

    internal static IReadOnlyList<string> InputsOf(string sourceJson)
    {
        using var doc = JsonDocument.Parse(sourceJson);
        return doc.RootElement.TryGetProperty("inputs", out var i) && i.ValueKind == JsonValueKind.Array
            ? i.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
    }
}

public enum NotifyKind { Webhook, Email }

/// <summary>Where an alert goes: <c>webhook:https://...</c> or <c>email:someone@example.org</c>.</summary>
public sealed record NotifyTarget(NotifyKind Kind, string Address)
{
    public override string ToString() => $"{(Kind == NotifyKind.Webhook ? "webhook" : "email")}:{Address}";

    /// <exception cref="FormatException">The text is not webhook:URL or email:ADDRESS; the message says which part is wrong.</exception>
    public static NotifyTarget Parse(string text)
    {
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? "" : text[..colon].Trim().ToLowerInvariant();
        var address = colon < 0 ? "" : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "webhook":
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new FormatException($"notify target '{text}': the webhook address must be an absolute http(s) URL");
                return new NotifyTarget(NotifyKind.Webhook, uri.ToString());
            case "email":
                var at = address.IndexOf('@');
                if (at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
                    throw new FormatException($"notify target '{text}': '{address}' is not an email address");
                return new NotifyTarget(NotifyKind.Email, address);
            default:
                throw new FormatException($"notify target '{text}': expected webhook:URL or email:ADDRESS");
        }
    }
}
