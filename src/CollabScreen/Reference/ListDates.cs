using System.Globalization;

namespace CollabScreen.Reference;

/// <summary>Dates as the official lists write them; anything else is a field problem, never a guess.</summary>
public static class ListDates
{
    private static readonly string[] Formats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "MMMM d, yyyy", "MMMM dd, yyyy", "dd MMM yyyy", "d MMM yyyy", "MM/dd/yyyy"];

    public static bool TryParse(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return true;
        }
        return false;
    }

    /// <summary>Parses or reports "field 'F': 'X' is not a date" and returns null (the record is kept without the date).</summary>
    public static DateOnly? Parse(string? text, ListReadReport report, string file, long line, string field)
    {
        if (TryParse(text, out var d)) return d;
        report.Add(file, line, field, $"'{text}' is not a date (expected YYYY-MM-DD); the record is kept without it");
        return null;
    }
}

/// <summary>Stable entry ids for imported lists: list id + "/" + a slug of the name, numbered on collision.</summary>
internal sealed class EntryIds(string listId)
{
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public string Next(string name)
    {
        var slug = Slug(name);
        var id = $"{listId}/{slug}";
        for (var n = 2; !used.Add(id); n++) id = $"{listId}/{slug}-{n}";
        return id;
    }

    public static string Slug(string name)
    {
        var key = WatchlistNames.Key(name);
        var chars = key.Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' || WatchlistNames.HasCjk(c.ToString()) ? c : '-').ToArray();
        var s = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return s.Length == 0 ? "entry" : s.Length > 60 ? s[..60].TrimEnd('-') : s;
    }
}
