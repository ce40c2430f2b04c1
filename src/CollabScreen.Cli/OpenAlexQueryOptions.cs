using System.CommandLine;
using System.Globalization;
using CollabScreen.Model;
using CollabScreen.Sources;
using Spectre.Console;

namespace CollabScreen.Cli;

/// <summary>
/// The `--openalex` option set (selection, credentials, cache, retries) shared by every command that can read
/// works from the OpenAlex API: add it with <see cref="AddTo"/>, then <see cref="Fetch"/> the works.
/// </summary>
public sealed class OpenAlexQueryOptions
{
    public Option<bool> OpenAlex { get; } = new("--openalex") { Description = "Fetch works from the OpenAlex API instead of files" };
    public Option<string?> Institution { get; } = new("--institution")
    {
        HelpName = "ID|NAME", Description = "Institution: ROR id (05d2yfz11), OpenAlex id (I170215575, also matches its child institutions) or a name (resolved with /institutions?search=, choice shown on stderr)",
    };
    public Option<string[]> Author { get; } = new("--author")
    {
        HelpName = "ORCID|ID", Description = "Author ORCID (0000-0002-1825-0097) or OpenAlex id (A5023888391); repeat for several (works by any of them)",
        AllowMultipleArgumentsPerToken = true,
    };
    public Option<string?> From { get; } = new("--from") { HelpName = "DATE", Description = "Published on or after this date (YYYY-MM-DD)" };
    public Option<string?> To { get; } = new("--to") { HelpName = "DATE", Description = "Published on or before this date (YYYY-MM-DD)" };
    public Option<string?> Search { get; } = new("--search") { HelpName = "TEXT", Description = "OpenAlex full-text search (title, abstract, full text)" };
    public Option<string?> Mailto { get; } = new("--mailto") { HelpName = "EMAIL", Description = "E-mail for OpenAlex's polite pool (default: $COLLABSCREEN_MAILTO or $OPENALEX_MAILTO)" };
    public Option<string?> ApiKey { get; } = new("--api-key") { HelpName = "KEY", Description = "OpenAlex API key (default: $OPENALEX_API_KEY); sent, never cached" };
    public Option<string?> Cache { get; } = new("--cache") { HelpName = "DIR", Description = "Directory of cached OpenAlex pages (default: $XDG_CACHE_HOME/collabscreen/openalex or ~/.cache/collabscreen/openalex)" };
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Fetch every page again and store nothing" };
    public Option<int> Retries { get; } = new("--retries")
    {
        HelpName = "N", Description = "Retries per request on 429/5xx/network errors, with exponential backoff honouring Retry-After",
        DefaultValueFactory = _ => OpenAlexApiRetry.Default.MaxAttempts - 1,
    };
    public Option<string> ApiUrl { get; } = new("--api-url")
    {
        HelpName = "URL", Description = "OpenAlex API base URL (a mirror or proxy)",
        DefaultValueFactory = _ => OpenAlexApiOptions.DefaultBaseUrl,
    };

    private IEnumerable<Option> All => [OpenAlex, Institution, Author, From, To, Search, Mailto, ApiKey, Cache, NoCache, Retries, ApiUrl];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>Only the connection options (--mailto, --api-key, --cache, --no-cache, --retries, --api-url), for commands that look things up rather than select works.</summary>
    public void AddConnectionTo(Command command)
    {
        foreach (var option in (Option[])[Mailto, ApiKey, Cache, NoCache, Retries, ApiUrl]) command.Options.Add(option);
    }

    public bool IsRequested(ParseResult parse) => parse.GetValue(OpenAlex);

    /// <summary>API-only options given without --openalex are a usage error, not silently ignored.</summary>
    public void RejectWithoutOpenAlex(ParseResult parse, params Option[] allowed)
    {
        var stray = All.Where(o => o != OpenAlex && !allowed.Contains(o) && parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (stray.Count > 0) throw new UsageException($"{string.Join(", ", stray)} {(stray.Count == 1 ? "only works" : "only work")} with --openalex");
    }

    /// <exception cref="UsageException">Malformed ids or dates, no selector, an empty date range.</exception>
    public OpenAlexApiQuery Query(ParseResult parse)
    {
        OpenAlexInstitutionRef? institution = null;
        if (parse.GetValue(Institution) is { } text)
        {
            try { institution = OpenAlexInstitutionRef.Parse(text); }
            catch (FormatException e) { throw new UsageException("--institution: " + e.Message); }
        }
        var authors = new List<OpenAlexAuthorRef>();
        foreach (var a in parse.GetValue(Author) ?? [])
        {
            try { authors.Add(OpenAlexAuthorRef.Parse(a)); }
            catch (FormatException e) { throw new UsageException("--author: " + e.Message); }
        }
        var query = new OpenAlexApiQuery
        {
            Institution = institution,
            Authors = authors,
            From = Date(parse, From),
            To = Date(parse, To),
            Search = parse.GetValue(Search) is { Length: > 0 } s ? s : null,
        };
        // A name is resolved later (it needs the network); check the rest with a stand-in id.
        var check = institution?.Kind == InstitutionRefKind.Name ? query with { Institution = new(InstitutionRefKind.OpenAlexId, "I0") } : query;
        check = check with { Authors = authors.Select(a => a with { Kind = AuthorRefKind.OpenAlexId }).ToList() };
        if (check.Problem() is { } problem)
            throw new UsageException($"--openalex: {problem}; e.g. --institution 05d2yfz11 --from 2024-03-01");
        return query;
    }

    /// <exception cref="UsageException">Both --cache and --no-cache, a bad --api-url or --retries.</exception>
    public OpenAlexApiOptions ApiOptions(ParseResult parse)
    {
        if (parse.GetValue(Cache) is not null && parse.GetValue(NoCache))
            throw new UsageException("give --cache DIR or --no-cache, not both");
        var url = parse.GetValue(ApiUrl)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new UsageException($"--api-url '{url}': not an http(s) URL");
        var retries = parse.GetValue(Retries);
        if (retries < 0) throw new UsageException($"--retries {retries}: must be 0 or more");
        var mailto = parse.GetValue(Mailto);
        if (mailto is not null && !mailto.Contains('@')) throw new UsageException($"--mailto '{mailto}': not an e-mail address");
        return new OpenAlexApiOptions
        {
            BaseUrl = url,
            Mailto = mailto,
            ApiKey = parse.GetValue(ApiKey),
            CacheDirectory = parse.GetValue(NoCache) ? null : parse.GetValue(Cache) ?? OpenAlexApiOptions.DefaultCacheDirectory(),
            Retry = OpenAlexApiRetry.Default with { MaxAttempts = retries + 1 },
        }.FromEnvironment();
    }

    /// <summary>The query with an institution name resolved to its OpenAlex id (the choice is shown on stderr).</summary>
    /// <exception cref="UsageException">Bad options, or a name no institution matches.</exception>
    public OpenAlexApiQuery ResolvedQuery(ParseResult parse)
    {
        var query = Query(parse);
        if (query.Institution is not { Kind: InstitutionRefKind.Name } named) return query;
        using var client = new OpenAlexApiClient(ApiOptions(parse));
        var choice = client.ResolveInstitution(named.Value)
            ?? throw new UsageException($"--institution \"{named.Value}\": no OpenAlex institution has that name; give a ROR id or an OpenAlex id (I...)");
        foreach (var line in choice.Describe()) Console.Error.WriteLine(line);
        return query with { Institution = choice.Chosen.AsRef() };
    }

    /// <summary>
    /// Resolves an institution name (showing the choice on stderr), then hands the selected works to
    /// <paramref name="consume"/>, at most <paramref name="max"/> of them, with a progress display on stderr
    /// when <paramref name="showProgress"/>. Returns the one-line summary for stderr.
    /// </summary>
    /// <exception cref="UsageException">Bad options, or a name no institution matches.</exception>
    /// <exception cref="OpenAlexApiException">OpenAlex did not answer after retries.</exception>
    public string Fetch(ParseResult parse, ReadReport report, long? max, bool showProgress, Action<IEnumerable<Work>> consume)
    {
        var query = Query(parse);
        using var client = new OpenAlexApiClient(ApiOptions(parse));
        if (query.Institution is { Kind: InstitutionRefKind.Name } named)
        {
            var choice = client.ResolveInstitution(named.Value)
                ?? throw new UsageException($"--institution \"{named.Value}\": no OpenAlex institution has that name; give a ROR id or an OpenAlex id (I...)");
            foreach (var line in choice.Describe()) Console.Error.WriteLine(line);
            query = query with { Institution = choice.Chosen.AsRef() };
        }

        var last = new OpenAlexApiProgress();
        if (showProgress)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("OpenAlex: fetching first page");
                    task.IsIndeterminate = true;
                    consume(Limit(client.Works(query, report, p =>
                    {
                        last = p;
                        var total = Math.Min(p.Total ?? p.Works, max ?? long.MaxValue);
                        task.IsIndeterminate = false;
                        task.MaxValue = Math.Max(1, total);
                        task.Value = p.Works;
                        task.Description = $"OpenAlex: {p.Works:N0}/{total:N0} works, {p.Pages:N0} page(s)";
                    }), max));
                    task.Value = task.MaxValue;
                });
        }
        else consume(Limit(client.Works(query, report, p => last = p), max));

        return $"read {report.Read:N0} works from {last.Pages:N0} OpenAlex page(s) ({last.PagesFromCache:N0} from cache, " +
            $"{client.Transport.Requests:N0} HTTP request(s)), skipped {report.Skipped:N0} record(s), {report.ErrorCount:N0} error(s)";
    }

    public static IEnumerable<Work> Limit(IEnumerable<Work> works, long? max) => max is { } n ? works.Take((int)Math.Min(n, int.MaxValue)) : works;

    private static DateOnly? Date(ParseResult parse, Option<string?> option)
    {
        if (parse.GetValue(option) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw new UsageException($"{option.Name} '{text}': not a date; use YYYY-MM-DD, e.g. 2024-03-01");
    }
}
