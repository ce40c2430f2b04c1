using System.Text.Json;
using System.Text.Json.Serialization;

namespace CollabScreen.Reference.Updates;

/// <summary>One downloaded file of a version: address, SHA-256, size and the validators for the next conditional request.</summary>
public sealed record FileVersion(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("last_modified")] string? LastModified);

/// <summary>One good download of a list, kept in the lists directory: when, from where, its hashes and entry counts.</summary>
public sealed record ListVersion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("retrieved")] DateTimeOffset Retrieved,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("files")] IReadOnlyList<FileVersion> Files,
    [property: JsonPropertyName("entries")] int Entries,
    [property: JsonPropertyName("records")] int Records,
    [property: JsonPropertyName("problems")] int Problems,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts)
{
    /// <summary>How findings and <c>lists</c> name this version: retrieval time and the first file's hash.</summary>
    public string Label => $"{Retrieved.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} sha256:{Files[0].Sha256[..12]}";
}

/// <summary>
/// Where <c>lists update</c> keeps its downloads: LISTS_DIR/NAME.jsonl is the list in force (what screening reads);
/// LISTS_DIR/versions/NAME/VERSION/ holds the raw files of every good download and
/// LISTS_DIR/versions/NAME/manifest.json their record, newest last. Files are replaced by atomic rename only.
/// </summary>
public sealed class ListVersions(string listsDir)
{
    public string ListsDir { get; } = listsDir;

    public string InForcePath(string name) => Path.Combine(ListsDir, name + ".jsonl");
    public string SourceDir(string name) => Path.Combine(ListsDir, "versions", name);
    public string VersionDir(string name, string id) => Path.Combine(SourceDir(name), id);
    private string ManifestPath(string name) => Path.Combine(SourceDir(name), "manifest.json");

    public IReadOnlyList<ListVersion> All(string name)
    {
        var path = ManifestPath(name);
        if (!File.Exists(path)) return [];
        try { return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), Options)?.Versions ?? []; }
        catch (JsonException e) { throw new IOException($"{path}: damaged manifest ({e.Message}); move it away to start the history of '{name}' afresh", e); }
    }

    /// <summary>The version in force: the newest good one.</summary>
    public ListVersion? Current(string name) => All(name).LastOrDefault();

    public void Append(string name, ListVersion version)
    {
        var all = All(name).Append(version).ToList();
        Directory.CreateDirectory(SourceDir(name));
        WriteAtomically(ManifestPath(name), JsonSerializer.Serialize(new Manifest(name, all), Options));
    }

    /// <summary>Writes beside the target and renames over it, so a reader never sees half a file.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    private sealed record Manifest([property: JsonPropertyName("source")] string Source, [property: JsonPropertyName("versions")] List<ListVersion> Versions);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
