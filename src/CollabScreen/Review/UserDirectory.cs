using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CollabScreen.Storage;
using Microsoft.AspNetCore.Identity;

namespace CollabScreen.Review;

public enum SignInOutcome { Ok, Wrong, LockedOut, Disabled }

/// <summary>
/// Review accounts: roles, passwords (ASP.NET Core Identity's PasswordHasher: PBKDF2-HMAC-SHA512, salted),
/// lockout after <see cref="MaxFailures"/> wrong passwords in a row, and personal API tokens (random, shown
/// once, stored as SHA-256: they carry 256 bits, so a fast hash is enough). Every change is audited.
/// </summary>
public sealed class UserDirectory(FindingStore store, TimeProvider? clock = null)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    private const string TokenPrefix = "cs_";

    private static readonly PasswordHasher<ReviewUser> Hasher = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly AuditLog _audit = new(store);

    public static string? ValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@')
            ? null : "a user name is 1-64 letters, digits or . - _ @";

    public ReviewUser Add(string name, Role role, string? password, string actor = "cli", string? client = null)
    {
        if (ValidName(name) is { } problem) throw new ReviewException(ReviewError.Invalid, $"user '{name}': {problem}");
        if (password is not null && password.Length < 10) throw new ReviewException(ReviewError.Invalid, "a password needs at least 10 characters");
        if (Find(name) is not null) throw new ReviewException(ReviewError.Conflict, $"user '{name}' exists already");
        var now = _clock.GetUtcNow();
        var user = new ReviewUser(name, role, false, 0, null, now, password is not null);
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        using (var insert = Command(connection, tx, "INSERT INTO review_users (name, role, password_hash, disabled, created) VALUES (@n, @r, @p, @d, @c)"))
        {
            Db.Add(insert, "n", name);
            Db.Add(insert, "r", RoleName(role));
            Db.Add(insert, "p", password is null ? null : Hasher.HashPassword(user, password));
            Db.Add(insert, "d", false);
            Db.AddTime(insert, store.Location.Dialect, "c", now);
            insert.ExecuteNonQuery();
        }
        AuditLog.Append(connection, tx, store.Location.Dialect, now, actor, "user-add", null, null, $"{name} ({RoleName(role)})", null, client);
        tx.Commit();
        return user;
    }

    public IReadOnlyList<ReviewUser> List()
    {
        using var connection = FindingStore.Connect(store.Location);
        using var select = Command(connection, null, "SELECT name, role, disabled, failed_logins, locked_until, created, password_hash FROM review_users ORDER BY name");
        return Read(select);
    }

    public ReviewUser? Find(string name)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var select = Command(connection, null, "SELECT name, role, disabled, failed_logins, locked_until, created, password_hash FROM review_users WHERE name = @n");
        Db.Add(select, "n", name);
        return Read(select).SingleOrDefault();
    }

    public ReviewUser Disable(string name, string actor = "cli", string? client = null)
    {
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        using (var update = Command(connection, tx, "UPDATE review_users SET disabled = @d WHERE name = @n"))
        {
            Db.Add(update, "d", true);
            Db.Add(update, "n", name);
            if (update.ExecuteNonQuery() == 0) throw new ReviewException(ReviewError.NotFound, $"no user '{name}'; `collabscreen users list` shows them");
        }
        // A disabled account's tokens die with it.
        using (var delete = Command(connection, tx, "DELETE FROM review_tokens WHERE user_name = @n"))
        {
            Db.Add(delete, "n", name);
            delete.ExecuteNonQuery();
        }
        AuditLog.Append(connection, tx, store.Location.Dialect, _clock.GetUtcNow(), actor, "user-disable", null, "enabled", "disabled", name, client);
        tx.Commit();
        return Find(name)!;
    }

    /// <summary>Issues a personal API token; the caller shows it once, only its hash is kept.</summary>
    public string IssueToken(string name, string actor = "cli", string? client = null)
    {
        var user = Find(name) ?? throw new ReviewException(ReviewError.NotFound, $"no user '{name}'; `collabscreen users list` shows them");
        if (user.Disabled) throw new ReviewException(ReviewError.Invalid, $"user '{name}' is disabled");
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        using (var insert = Command(connection, tx, "INSERT INTO review_tokens (token_hash, user_name, created) VALUES (@h, @n, @c)"))
        {
            Db.Add(insert, "h", TokenHash(token));
            Db.Add(insert, "n", name);
            Db.AddTime(insert, store.Location.Dialect, "c", _clock.GetUtcNow());
            insert.ExecuteNonQuery();
        }
        AuditLog.Append(connection, tx, store.Location.Dialect, _clock.GetUtcNow(), actor, "token-issue", null, null, null, name, client);
        tx.Commit();
        return token;
    }

    /// <summary>The enabled user a bearer token belongs to, or null.</summary>
    public ReviewUser? FromToken(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        using var connection = FindingStore.Connect(store.Location);
        using var select = Command(connection, null, """
            SELECT u.name, u.role, u.disabled, u.failed_logins, u.locked_until, u.created, u.password_hash
            FROM review_tokens t JOIN review_users u ON u.name = t.user_name WHERE t.token_hash = @h
            """);
        Db.Add(select, "h", TokenHash(token));
        var user = Read(select).SingleOrDefault();
        return user is { Disabled: false } ? user : null;
    }

    /// <summary>
    /// Checks a password. Wrong passwords count up; the <see cref="MaxFailures"/>th locks the account for
    /// <see cref="LockoutTime"/>, during which even the right password is refused. Unknown names answer Wrong.
    /// </summary>
    public SignInOutcome SignIn(string name, string password, out ReviewUser? user, string? client = null)
    {
        user = null;
        using var connection = FindingStore.Connect(store.Location);
        using var tx = connection.BeginTransaction();
        string? hash;
        ReviewUser? found;
        using (var select = Command(connection, tx, "SELECT name, role, disabled, failed_logins, locked_until, created, password_hash FROM review_users WHERE name = @n"))
        {
            Db.Add(select, "n", name);
            found = Read(select, out var hashes).SingleOrDefault();
            hash = hashes.SingleOrDefault();
        }
        var now = _clock.GetUtcNow();
        if (found is null || hash is null)
        {
            Hasher.VerifyHashedPassword(new ReviewUser(name, Role.Viewer, false, 0, null, now, false), DummyHash, password); // same time either way
            return SignInOutcome.Wrong;
        }
        if (found.Disabled) return SignInOutcome.Disabled;
        if (found.LockedUntil is { } until && until > now) return SignInOutcome.LockedOut;
        var ok = Hasher.VerifyHashedPassword(found, hash, password) != PasswordVerificationResult.Failed;
        var failures = ok ? 0 : found.FailedLogins + 1;
        var lockNow = !ok && failures >= MaxFailures;
        using (var update = Command(connection, tx, "UPDATE review_users SET failed_logins = @f, locked_until = @l WHERE name = @n"))
        {
            Db.Add(update, "f", lockNow ? 0 : failures);
            Db.AddTime(update, store.Location.Dialect, "l", lockNow ? now + LockoutTime : null);
            Db.Add(update, "n", name);
            update.ExecuteNonQuery();
        }
        if (lockNow) AuditLog.Append(connection, tx, store.Location.Dialect, now, name, "user-lockout", null, null, null, $"{MaxFailures} wrong passwords", client);
        tx.Commit();
        if (!ok) return lockNow ? SignInOutcome.LockedOut : SignInOutcome.Wrong;
        user = found with { FailedLogins = 0, LockedUntil = null };
        return SignInOutcome.Ok;
    }

    public static string RoleName(Role role) => role.ToString().ToLowerInvariant();

    public static Role? ParseRole(string? text) => text?.ToLowerInvariant() switch
    {
        "admin" => Role.Admin,
        "reviewer" => Role.Reviewer,
        "viewer" => Role.Viewer,
        _ => null,
    };

    private static readonly string DummyHash = Hasher.HashPassword(new ReviewUser("-", Role.Viewer, false, 0, null, DateTimeOffset.UnixEpoch, true), "not a password of anyone");

    private static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var c = connection.CreateCommand();
        c.Transaction = tx;
        c.CommandText = sql;
        return c;
    }

    private List<ReviewUser> Read(DbCommand select) => Read(select, out _);

    private List<ReviewUser> Read(DbCommand select, out List<string?> hashes)
    {
        var users = new List<ReviewUser>();
        hashes = [];
        using var r = select.ExecuteReader();
        while (r.Read())
        {
            var hash = Db.String(r, 6);
            hashes.Add(hash);
            users.Add(new ReviewUser(r.GetString(0), ParseRole(r.GetString(1)) ?? Role.Viewer, r.GetBoolean(2), Convert.ToInt32(r.GetValue(3)),
                Db.Time(r, 4, store.Location.Dialect), Db.Time(r, 5, store.Location.Dialect)!.Value, hash is not null));
        }
        return users;
    }
}
