namespace CollabScreen.Reference;

/// <summary>One bad record in a list file: which file, which line, which field, and what to do about it.</summary>
public sealed record ListProblem(string File, long Line, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: field '{Field}': {Message}";
}

/// <summary>Counts what a loader read and collects bad records; one bad record never stops the rest.</summary>
public sealed class ListReadReport
{
    private readonly List<ListProblem> problems = [];
    public IReadOnlyList<ListProblem> Problems => problems;
    public int Records { get; internal set; }

    /// <summary>Records deliberately not imported (e.g. individuals: CollabScreen screens institutions, never people).</summary>
    public int Skipped { get; internal set; }
    public string? SkipReason { get; internal set; }
    public void Add(ListProblem problem) => problems.Add(problem);
    public void Add(string file, long line, string? field, string message) => problems.Add(new(file, line, field, message));
}

/// <summary>A whole list as read from one source: its description and its entries.</summary>
public sealed record LoadedList(Watchlist List, IReadOnlyList<WatchlistEntry> Entries);

/// <summary>A list file that cannot be read at all (wrong layout, missing required column). Names the file and the fix.</summary>
public sealed class ListFormatException(string message) : FormatException(message)
{
    /// <summary>Parses a whole-document JSON list file; invalid JSON becomes FILE:LINE: not valid JSON.</summary>
    public static System.Text.Json.JsonDocument ParseJson(string path)
    {
        using var stream = File.OpenRead(path);
        try { return System.Text.Json.JsonDocument.Parse(stream); }
        catch (System.Text.Json.JsonException e) { throw new ListFormatException($"{path}:{e.LineNumber + 1}: not valid JSON ({e.Message})"); }
    }
}
