using System.Text;

namespace CollabScreen.Reference;

/// <summary>
/// CSV rows of a list or corpus file with the line each row starts on. One reader for every CSV input: this is
/// <see cref="CollabScreen.Sources.CsvRows"/> (works, Scopus) with its one recovery rule — a quote opens a quoted
/// field only at the start of a field; a stray quote elsewhere is text, and a row it breaks is reported and
/// skipped, never the rest of the file. Tolerates a BOM, UTF-16, CRLF, and the DOS end-of-file byte (0x1A) that
/// OFAC's files end with.
/// </summary>
public static class CsvRows
{
    /// <param name="report">Where a skipped row is reported (file, line, what to fix); without one it is dropped silently.</param>
    public static IEnumerable<(long Line, string[] Fields)> Read(string path, ListReadReport? report = null)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(CollabScreen.Sources.TextEncoding.AsUtf8(file, out _), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var row in Read(reader, path, report)) yield return row;
    }

    public static IEnumerable<(long Line, string[] Fields)> Read(TextReader reader, string path = "(text)", ListReadReport? report = null)
    {
        var read = new CollabScreen.Sources.ReadReport { OnError = e => report?.Add(e.Source, e.Line, null, e.Reason) };
        foreach (var row in CollabScreen.Sources.CsvRows.Read(reader, path, read))
        {
            var fields = row.Fields.Select(f => f.Replace("\u001a", "")).ToArray();
            if (fields.All(f => f.Length == 0)) continue; // a blank line, or OFAC's end-of-file byte
            yield return (row.Line, fields);
        }
    }
}

/// <summary>A CSV header: finds columns by any of several names (case-insensitive) and says which one is missing.</summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> index = new(StringComparer.OrdinalIgnoreCase);
    public string File { get; }
    public IReadOnlyList<string> Names { get; }

    public CsvHeader(string file, string[] names)
    {
        File = file;
        Names = names.Select(n => n.Trim().TrimStart('\uFEFF')).ToArray();
        for (var i = 0; i < Names.Count; i++) index.TryAdd(Names[i], i);
    }

    public bool Has(params string[] names) => names.Any(index.ContainsKey);

    public int? Find(params string[] names)
    {
        foreach (var n in names) if (index.TryGetValue(n, out var i)) return i;
        return null;
    }

    public int Require(params string[] names) => Find(names) ?? throw new ListFormatException(
        $"{File}:1: missing column '{names[0]}' in the header (found: {string.Join(", ", Names)}); " +
        "is this the right file and --type?");

    public static string Get(string[] row, int? column) => column is int i && i < row.Length ? row[i].Trim() : "";
}
