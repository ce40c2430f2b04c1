using System.Text;

namespace CollabScreen.Reference;

/// <summary>Formats <see cref="ListImport"/> can read.</summary>
public enum ListFormat { Csl, CslJson, Ofac, Misp, OpenSanctions, User, Jsonl }

/// <summary>Detects a list file's format and reads it with the matching loader; persists imports in the user's data directory.</summary>
public static class ListImport
{
    public static ListFormat Parse(string type) => type.ToLowerInvariant() switch
    {
        "csl" => ListFormat.Csl, "csl-json" => ListFormat.CslJson, "ofac" => ListFormat.Ofac, "misp" => ListFormat.Misp,
        "opensanctions" => ListFormat.OpenSanctions, "user" => ListFormat.User, "jsonl" => ListFormat.Jsonl,
        _ => throw new ArgumentException($"unknown list type '{type}'; use csl, ofac, misp, opensanctions, user or jsonl"),
    };

    /// <summary>Looks at the extension and the first line; the caller can always say --type instead.</summary>
    public static ListFormat Detect(string path)
    {
        string first;
        using (var r = new StreamReader(path, Encoding.UTF8, true)) first = r.ReadLine() ?? "";
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".jsonl") return ListFormat.Jsonl;
        if (ext == ".json")
        {
            var head = first + ReadHead(path);
            return head.Contains("\"values\"", StringComparison.Ordinal) && !head.Contains("\"results\"", StringComparison.Ordinal) ? ListFormat.Misp : ListFormat.CslJson;
        }
        var header = first.TrimStart('\uFEFF').ToLowerInvariant();
        if (header.StartsWith("source,entity_number", StringComparison.Ordinal)) return ListFormat.Csl;
        if (char.IsAsciiDigit(header.FirstOrDefault()) && Path.GetFileName(path).Contains("prim", StringComparison.OrdinalIgnoreCase)) return ListFormat.Ofac;
        if (header.Contains("clean name") || header.Contains("report-date") || header.Contains("source url") || header.Contains("start-date")) return ListFormat.OpenSanctions;
        if (header.Contains("name") && header.Contains("source")) return ListFormat.User;
        throw new ListFormatException($"{path}:1: cannot tell the list format from the header '{Truncate(first)}'; say --type csl|ofac|misp|opensanctions|user");
    }

    public static LoadedList Read(string path, ListFormat format, string listId, ListReadReport report) => format switch
    {
        ListFormat.Csl => CslCsv.Read(path, listId, report),
        ListFormat.CslJson => CslJson.Read(path, listId, report),
        ListFormat.Ofac => OfacNonSdnCsv.Read(path, listId, report),
        ListFormat.Misp => MispGalaxy.Read(path, listId, report),
        ListFormat.OpenSanctions => OpenSanctionsCsv.Read(path, listId, null, report),
        ListFormat.User => UserListCsv.Read(path, listId, report),
        ListFormat.Jsonl => ReadJsonl(path, report),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes the list as our JSON Lines into <paramref name="directory"/> (default: the XDG lists directory).</summary>
    public static string Save(LoadedList list, string? directory = null)
    {
        var dir = directory ?? UserListsDirectory.Default;
        var path = Path.Combine(dir, list.List.Id + ".jsonl");
        WatchlistJsonl.Write(path, list.List, list.Entries);
        return path;
    }

    private static LoadedList ReadJsonl(string path, ListReadReport report)
    {
        var (lists, entries) = WatchlistJsonl.Read(path, report);
        var list = lists.FirstOrDefault() ?? throw new ListFormatException($"{path}:1: no list description line ({{\"id\",\"name\",\"kind\",\"source\",...}})");
        var byId = lists.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
        return new LoadedList(list, entries.Select(e => WatchlistJsonl.Complete(e, byId)).ToList());
    }

    private static string ReadHead(string path)
    {
        using var r = new StreamReader(path, Encoding.UTF8, true);
        var buf = new char[4096];
        var n = r.ReadBlock(buf, 0, buf.Length);
        return new string(buf, 0, n);
    }

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
