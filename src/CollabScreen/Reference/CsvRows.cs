using System.Text;

namespace CollabScreen.Reference;

/// <summary>
/// RFC 4180 CSV rows with the line each row starts on (quoted fields may span lines), streamed. Tolerates a BOM,
/// CRLF, and the DOS end-of-file byte (0x1A) that OFAC's files end with.
/// </summary>
public static class CsvRows
{
    public static IEnumerable<(long Line, string[] Fields)> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var row in Read(reader)) yield return row;
    }

    public static IEnumerable<(long Line, string[] Fields)> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, rowStart = 1;
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else { if (ch == '\n') line++; field.Append(ch); }
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\u001a': break;
                case '\n':
                    if (any || field.Length > 0) { fields.Add(field.ToString()); yield return (rowStart, fields.ToArray()); }
                    fields.Clear(); field.Clear(); any = false;
                    line++; rowStart = line;
                    break;
                default: field.Append(ch); any = true; break;
            }
        }
        if (any || field.Length > 0) { fields.Add(field.ToString()); yield return (rowStart, fields.ToArray()); }
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
