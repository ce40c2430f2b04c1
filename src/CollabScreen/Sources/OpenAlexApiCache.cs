using System.Security.Cryptography;
using System.Text;

namespace CollabScreen.Sources;

/// <summary>
/// Raw JSON response pages on disk, keyed by the SHA-256 of the credential-free request URL. A cursor page's
/// URL holds the cursor that the previous page handed out, so a repeated run walks the same chain from disk,
/// and an interrupted run finds its pages again and goes on from the first page it never got.
/// Files: <c>DIR/ab/abcdef….json</c> (the body, as received) and <c>….url</c> (the URL, for people).
/// </summary>
public sealed class OpenAlexApiCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public static string Key(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));

    public string PathOf(string url)
    {
        var key = Key(url);
        return Path.Combine(Directory, key[..2], key + ".json");
    }

    public byte[]? TryGet(string url)
    {
        var path = PathOf(url);
        try { return File.Exists(path) ? File.ReadAllBytes(path) : null; }
        catch (IOException) { return null; } // unreadable entry: fetch again
    }

    /// <summary>When the cached answer for <paramref name="url"/> was received (its file's write time); null when not cached.</summary>
    public DateTimeOffset? StoredAt(string url)
    {
        var path = PathOf(url);
        try { return File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null; }
        catch (IOException) { return null; }
    }

    public void Put(string url, ReadOnlySpan<byte> body)
    {
        if (OpenAlexApiUrl.HasCredentials(url))
            throw new ArgumentException("cache keys must not contain mailto or api_key", nameof(url));
        var path = PathOf(url);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write then rename, so a killed run never leaves a half page that a later run would trust.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temp)) file.Write(body);
        File.WriteAllText(Path.ChangeExtension(path, ".url"), url + "\n");
        File.Move(temp, path, overwrite: true);
    }

    public void Remove(string url)
    {
        var path = PathOf(url);
        File.Delete(path);
        File.Delete(Path.ChangeExtension(path, ".url"));
    }
}
