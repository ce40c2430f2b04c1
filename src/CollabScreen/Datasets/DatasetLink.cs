using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CollabScreen.Datasets;

/// <summary>
/// The OpenAlex work id of a dataset paper, as `collabscreen datasets link` found it: looked up by <see cref="Doi"/>
/// at <see cref="Source"/> (the API URL) on <see cref="LookedUp"/>, with the title OpenAlex gave, which matched the
/// registry's paper title. OpenAlex's referenced_works are work ids, never DOIs, so citations are found through these.
/// </summary>
public sealed record DatasetLink(string Dataset, string OpenAlex, string Doi, string Title, string Source, DateOnly LookedUp)
{
    /// <summary>"W2520000000" from "https://openalex.org/W2520000000".</summary>
    public string ShortId => OpenAlex.StartsWith("https://openalex.org/", StringComparison.OrdinalIgnoreCase) ? OpenAlex[21..] : OpenAlex;
}

/// <summary>
/// The user's dataset links file: JSON Lines in the data directory ($XDG_DATA_HOME/collabscreen/dataset-links.jsonl,
/// else ~/.local/share/collabscreen/dataset-links.jsonl), never in the install. A bad line is a problem, not fatal.
/// </summary>
public static class DatasetLinks
{
    public const string FileName = "dataset-links.jsonl";

    /// <summary>$XDG_DATA_HOME/collabscreen/dataset-links.jsonl (when set and absolute), else ~/.local/share/collabscreen/dataset-links.jsonl.</summary>
    public static string DefaultPath(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var xdg = getVariable("XDG_DATA_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(root, "collabscreen", FileName);
    }

    /// <summary>The links in <paramref name="path"/>; none (and no problem) when the file does not exist.</summary>
    public static (IReadOnlyList<DatasetLink> Links, IReadOnlyList<RegistryProblem> Problems) Load(string path)
    {
        var links = new List<DatasetLink>();
        var problems = new List<RegistryProblem>();
        if (!File.Exists(path)) return (links, problems);
        long lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                links.Add(Read(doc.RootElement));
            }
            catch (JsonException e) { problems.Add(new(path, lineNo, null, "not valid JSON: " + e.Message + "; run 'collabscreen datasets link' to write the file again")); }
            catch (FieldException e) { problems.Add(new(path, lineNo, e.Field, e.Message + "; run 'collabscreen datasets link' to write the file again")); }
        }
        return (links, problems);
    }

    /// <summary>Writes all links (sorted by dataset, then id) to a temporary file and renames it, so a killed run leaves the old file.</summary>
    public static void Save(string path, IEnumerable<DatasetLink> links)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Environment.ProcessId}.tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
            foreach (var l in links.OrderBy(l => l.Dataset, StringComparer.Ordinal).ThenBy(l => l.OpenAlex, StringComparer.Ordinal).ThenBy(l => l.Doi, StringComparer.Ordinal))
                writer.WriteLine(Json(l));
        File.Move(temp, full, overwrite: true);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(DatasetLink l) => JsonSerializer.Serialize(new
    {
        dataset = l.Dataset, openalex = l.OpenAlex, doi = l.Doi, title = l.Title, source = l.Source,
        looked_up = l.LookedUp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }, JsonOptions);

    private static DatasetLink Read(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) throw new FieldException(null, "expected a JSON object");
        var openAlex = Str(o, "openalex");
        // Only a real work id may become a citation key: a DOI or a stray string here would make false findings.
        var shortId = openAlex.StartsWith("https://openalex.org/", StringComparison.OrdinalIgnoreCase) ? openAlex[21..] : openAlex;
        if (shortId.Length < 2 || shortId[0] is not ('W' or 'w') || !IsDigits(shortId.AsSpan(1)))
            throw new FieldException("openalex", $"'{openAlex}' is not an OpenAlex work id (https://openalex.org/W...)");
        var date = Str(o, "looked_up");
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lookedUp))
            throw new FieldException("looked_up", $"'{date}' is not a date (YYYY-MM-DD)");
        return new DatasetLink(Str(o, "dataset"), "https://openalex.org/" + char.ToUpperInvariant(shortId[0]) + shortId[1..], Str(o, "doi"), Str(o, "title"), Str(o, "source"), lookedUp);
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return s.Length > 0;
    }

    private static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s : throw new FieldException(name, "missing or not a string; every link needs it");
}
