using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Screening.Pipeline;

/// <summary>
/// The immutable description of one screening run: where the works come from, the registry, policy and lists, the
/// screened institution, and how to screen. It is what a stored run records (<see cref="OptionsJson"/>); every front end
/// (CLI, web app, scheduler) builds one and hands it to <see cref="ScreeningEngine"/>.
/// </summary>
public sealed record ScreeningRequest
{
    public required WorkSource Source { get; init; }
    /// <summary>ROR data dump for resolving raw affiliation strings; null screens with the bundled lists alone.</summary>
    public string? Registry { get; init; }
    /// <summary>Severity policy file; null is the bundled default policy.</summary>
    public string? Policy { get; init; }
    /// <summary>The screened institution (ROR id, OpenAlex id or name): centre of the report's network, "our" authors.</summary>
    public string? Institution { get; init; }
    /// <summary>With file inputs and an <see cref="Institution"/>: screen only the works with an author there (default), or all.</summary>
    public WorkScope Scope { get; init; } = WorkScope.Institution;
    /// <summary>Report works with severity none too (sinks see every work either way, see <see cref="ScreenedWork.Reported"/>).</summary>
    public bool All { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Distinct affiliation strings remembered by the run's resolution cache (each resolved once); 0: no cache. Does not change findings.</summary>
    public int ResolveCacheEntries { get; init; } = Matching.ResolutionCache.DefaultCapacity;
    /// <summary>Directory of full texts (ID.txt / ID.tei.xml) searched for datasets too.</summary>
    public string? FullText { get; init; }
    /// <summary>Stop after this many works (null: all).</summary>
    public long? Max { get; init; }
    /// <summary>Directory of imported and fetched lists read beside the bundled ones; null is <see cref="Reference.UserListsDirectory.Default"/>.</summary>
    public string? ListsDirectory { get; init; }
    /// <summary>
    /// Review suppressions ("affiliation string S is not institution X") to honour; null: those of the store a
    /// <see cref="StoreSink"/> writes to, if any (see <see cref="Review.ReviewBook.Suppressions"/>).
    /// </summary>
    public Screening.Suppressions? Suppressions { get; init; }
    /// <summary>How the run was asked for, as stored with it (e.g. the command line).</summary>
    public string Command { get; init; } = "collabscreen screen";
    /// <summary>Presentation choices of the front end (format, output, ...) recorded with the run; they do not change findings.</summary>
    public IReadOnlyDictionary<string, object?> Presentation { get; init; } = new Dictionary<string, object?>();

    /// <summary>The options as stored with the run (a JSON object; paths as given).</summary>
    public string OptionsJson()
    {
        var o = new Dictionary<string, object?>
        {
            ["registry"] = Registry, ["institution"] = Institution, ["policy"] = Policy ?? SeverityPolicy.BundledPath,
        };
        foreach (var (k, v) in Presentation) o[k] = v;
        if (Institution is not null && Source is FileSource) o["scope"] = Scope == WorkScope.All ? "all" : "institution";
        o["all"] = All;
        o["fulltext"] = FullText;
        if (Max is not null) o["max"] = Max;
        return JsonSerializer.Serialize(o);
    }
}

/// <summary>Where a run's works come from. Records are immutable; <see cref="Open"/> starts one read.</summary>
public abstract record WorkSource
{
    /// <summary>The inputs as a stored run lists them.</summary>
    public abstract IReadOnlyList<string> Inputs { get; }

    /// <summary>A short description for the report's scope line.</summary>
    public abstract string Describe();

    public abstract WorkFeed Open(ReadReport report, Action<OpenAlexApiProgress>? onPage, CancellationToken cancel);
}

/// <summary>
/// Files or snapshot directories, each read in the format its content shows (OpenAlex, WoS, Scopus, CSV). The records
/// of one paper (across files, or repeated in one) are merged into one work (<see cref="WorkMerger"/>, two passes).
/// </summary>
public sealed record FileSource(IReadOnlyList<string> Paths, CsvColumns? Columns = null) : WorkSource
{
    public override IReadOnlyList<string> Inputs => Paths;

    public override string Describe() =>
        $"{Paths.Count} input file(s): {string.Join(", ", Paths.Select(Path.GetFileName).Take(3))}{(Paths.Count > 3 ? ", …" : "")}";

    public override WorkFeed Open(ReadReport report, Action<OpenAlexApiProgress>? onPage, CancellationToken cancel) =>
        new(WorkMerger.Read(Paths, report, Columns), () => null, () => { });
}

/// <summary>
/// Works selected from the OpenAlex API. An institution given by name must be resolved first (it needs the network);
/// <paramref name="Asked"/> is the query as asked (with the name), which the run records.
/// </summary>
public sealed record OpenAlexSource(OpenAlexApiQuery Query, OpenAlexApiOptions Options, OpenAlexApiQuery? Asked = null) : WorkSource
{
    public override IReadOnlyList<string> Inputs => [$"OpenAlex API: {Asked ?? Query}"];

    public override string Describe() => Inputs[0];

    public override WorkFeed Open(ReadReport report, Action<OpenAlexApiProgress>? onPage, CancellationToken cancel)
    {
        var client = new OpenAlexApiClient(Options);
        var last = new OpenAlexApiProgress();
        var works = client.Works(Query, report, p => { last = p; onPage?.Invoke(p); }, cancel);
        return new WorkFeed(works,
            () => $"read {report.Read:N0} works from {last.Pages:N0} OpenAlex page(s) ({last.PagesFromCache:N0} from cache, " +
                  $"{client.Transport.Requests:N0} HTTP request(s)), skipped {report.Skipped:N0} record(s), {report.ErrorCount:N0} error(s)",
            client.Dispose);
    }
}

/// <summary>One read of a source: the works, and afterwards a line that says what was read (null when the run summary says it all).</summary>
public sealed class WorkFeed(IEnumerable<Work> works, Func<string?> summary, Action close) : IDisposable
{
    public IEnumerable<Work> Works => works;
    public string? Summary() => summary();
    public void Dispose() => close();
}

/// <summary>A request that cannot be screened as given (e.g. a registry file with no ROR records); the fix is the caller's.
/// Front ends show the message and treat it as bad usage (the CLI: exit 2).</summary>
public sealed class ScreeningRequestException(string message) : Exception(message);
