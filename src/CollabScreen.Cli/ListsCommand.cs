using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Reference;
using CollabScreen.Reference.Updates;

namespace CollabScreen.Cli;

public static class ListsCommand
{
    public static Command Create()
    {
        var command = new Command("lists", """
            Show the watchlists in force (bundled curated lists and your imported lists), with entry counts,
            versions and sources; search them; import and compare list files.

            Examples:
              collabscreen lists
              collabscreen lists show dod-1260h
              collabscreen lists search NUDT
              collabscreen lists import consolidated.csv --as csl
              collabscreen lists diff 1260h-2024.csv 1260h-2025.csv
            """);
        var dir = ListsDirOption();
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            var w = Watchlists.LoadBundled(parse.GetValue(dir) ?? UserListsDirectory.Default);
            var o = Console.Out;
            o.WriteLine($"{"LIST",-18} {"KIND",-17} {"ENTRIES",7}  {"VERSION",-41} {"RETRIEVED",-10}  SOURCE");
            foreach (var l in w.Lists)
                o.WriteLine($"{l.Id,-18} {KindLabel(l.Kind),-17} {w.OnList(l.Id).Count(),7}  {Cut(l.Version, 41),-41} {l.Retrieved?.ToString("yyyy-MM-dd") ?? "",-10}  {l.SourceUrl}");
            o.WriteLine($"{w.Entries.Count} entries in {w.Lists.Count} lists; {w.Entries.Count(e => e.RorIds.Count > 0)} with a ROR id. Imported lists: {parse.GetValue(dir) ?? UserListsDirectory.Default}");
            o.WriteLine(CuratedNote);
            ReportProblems(w.Problems);
            return Cli.Ok;
        }));
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Search());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Update());
        return command;
    }

    private static Option<string?> ListsDirOption() => new("--lists-dir")
    {
        Description = "Directory of imported lists (default: $XDG_DATA_HOME/collabscreen/lists or ~/.local/share/collabscreen/lists)",
    };

    private static Command Show()
    {
        var command = new Command("show", """
            Show one list (its description and every entry with listing dates) or one entry (by id).

            Examples:
              collabscreen lists show aspi-cdut
              collabscreen lists show national-university-of-defense-technology
            """);
        var name = new Argument<string>("NAME") { Description = "A list id (see 'collabscreen lists') or an entry id" };
        var dir = ListsDirOption();
        command.Arguments.Add(name);
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            var w = Watchlists.LoadBundled(parse.GetValue(dir) ?? UserListsDirectory.Default);
            var id = parse.GetValue(name)!;
            var o = Console.Out;
            if (w.List(id) is { } list)
            {
                o.WriteLine($"{list.Name} [{list.Id}]");
                o.WriteLine($"  {KindLabel(list.Kind)} by {list.Authority}; version {list.Version}; retrieved {list.Retrieved?.ToString("yyyy-MM-dd") ?? "?"}");
                o.WriteLine($"  {list.Description}");
                o.WriteLine($"  source: {list.SourceUrl}");
                if (Watchlists.LoadBundled(null).List(list.Id) is not null) o.WriteLine("  " + CuratedNote);
                foreach (var e in w.OnList(list.Id))
                {
                    var ls = e.Listings.Where(l => string.Equals(l.List, list.Id, StringComparison.OrdinalIgnoreCase));
                    o.WriteLine($"{e.Id}\t{e.Name}{(e.NameZh is null ? "" : $" ({e.NameZh})")}\t{string.Join("; ", ls.Select(l => $"{l.Category} {Dates(l)}"))}");
                }
                return Cli.Ok;
            }
            if (w.Get(id) is { } entry)
            {
                WriteEntry(o, w, entry, null);
                foreach (var c in w.ChildrenOf(entry)) o.WriteLine($"    child: {c.Name} [{c.Id}] ({c.Type})");
                return Cli.Ok;
            }
            throw new UsageException($"no list or entry '{id}'; lists: {string.Join(", ", w.Lists.Select(l => l.Id))}; find entries with 'collabscreen lists search'");
        }));
        return command;
    }

    private static Command Search()
    {
        var command = new Command("search", """
            Find entries by name in any script, alias, acronym or ROR id. Exact matches come first; look-alikes
            that merely share words with the query are shown apart, as different institutions.
            Each match shows its listings with dates, kind (legal designation or assessment) and source URL.

            Examples:
              collabscreen lists search 国防科技大学
              collabscreen lists search NUDT
              collabscreen lists search "Beijing University of Aeronautics and Astronautics"
              collabscreen lists search https://ror.org/01rxvg760 --format jsonl
            """);
        var query = new Argument<string>("QUERY") { Description = "Name, alias, acronym or ROR id" };
        var limit = new Option<int>("--limit", "-n") { Description = "Most results to show", DefaultValueFactory = _ => 20 };
        var format = Cli.FormatOption("table", "table", "jsonl");
        var dir = ListsDirOption();
        command.Arguments.Add(query);
        command.Options.Add(limit);
        command.Options.Add(format);
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            var w = Watchlists.LoadBundled(parse.GetValue(dir) ?? UserListsDirectory.Default);
            var q = parse.GetValue(query)!;
            var hits = w.Search(q, Math.Max(1, parse.GetValue(limit)));
            var o = Console.Out;
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var h in hits) o.WriteLine(Json(w, h));
                return hits.Count > 0 ? Cli.Ok : Cli.Failure;
            }
            if (hits.Count == 0) { o.WriteLine($"No entry matches \"{q}\"."); return Cli.Failure; }
            var same = hits.Where(h => h.SameInstitution).ToList();
            var alike = hits.Where(h => !h.SameInstitution).ToList();
            if (same.Count > 0)
            {
                o.WriteLine($"Entries named \"{q}\":");
                foreach (var h in same) WriteEntry(o, w, h.Entry, h);
            }
            else o.WriteLine($"No entry is named \"{q}\".");
            if (alike.Count > 0)
            {
                o.WriteLine();
                o.WriteLine($"Look-alikes: other institutions whose names contain the query. NOT \"{q}\" itself:");
                foreach (var h in alike) WriteEntry(o, w, h.Entry, h);
            }
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Import()
    {
        var command = new Command("import", """
            Import a list file so screening uses it. The format is detected (or say --type); the list is saved as
            JSON Lines in your data directory ($XDG_DATA_HOME/collabscreen/lists), never inside the install.
            Bad records are reported with file, line and field; the others are imported.

            Types: csl (trade.gov Consolidated Screening List CSV), csl-json (its JSON), ofac (OFAC non-SDN
            cons_prim.csv, with cons_alt.csv and cons_add.csv beside it), misp (MISP galaxy JSON), opensanctions
            (OpenSanctions-style source CSV such as the 1260H or §1286 files), user (CSV: name,aliases,country,ror,
            category,source[,id,start,end,reason]).

            Examples:
              collabscreen lists import consolidated.csv --as csl
              collabscreen lists import cons_prim.csv --as ofac-nonsdn --type ofac
              collabscreen lists import our-partners.csv --as partners --type user
            """);
        var file = new Argument<FileInfo>("FILE") { Description = "The list file" };
        var name = new Option<string>("--as") { Description = "Name (id) for the imported list: letters, digits, '-' and '_'", Required = true };
        var type = new Option<string?>("--type", "-t") { Description = "csl|csl-json|ofac|misp|opensanctions|user|jsonl (default: detected)" };
        type.AcceptOnlyFromAmong("csl", "csl-json", "ofac", "misp", "opensanctions", "user", "jsonl");
        var dir = ListsDirOption();
        command.Arguments.Add(file);
        command.Options.Add(name);
        command.Options.Add(type);
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists) throw new UsageException($"{f.FullName}: no such file");
            var id = parse.GetValue(name)!;
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new UsageException($"--as '{id}': use letters, digits, '-' and '_' only");
            var target = parse.GetValue(dir) ?? UserListsDirectory.Default;
            if (Path.GetFullPath(target).StartsWith(Path.GetFullPath(BundledData.Root), StringComparison.Ordinal))
                throw new UsageException($"--lists-dir {target} is inside the install; imported lists belong in your data directory");
            var bundled = Watchlists.LoadBundled(null);
            if (bundled.List(id) is not null) throw new UsageException($"--as '{id}' is a bundled list; choose another name");
            var fmt = parse.GetValue(type) is { } t ? ListImport.Parse(t) : ListImport.Detect(f.FullName);
            var report = new ListReadReport();
            var loaded = ListImport.Read(f.FullName, fmt, id, report);
            if (fmt == ListFormat.Jsonl) loaded = Renamed(loaded, id);
            var path = ListImport.Save(loaded, target);
            Console.Out.WriteLine($"Imported {loaded.Entries.Count} entries from {f.Name} ({fmt}) as '{id}' into {path}");
            if (report.Skipped > 0) Console.Out.WriteLine($"Skipped {report.Skipped} {report.SkipReason}.");
            ReportProblems(report.Problems);
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Diff()
    {
        var command = new Command("diff", """
            Compare two versions of a list: entries added, removed and changed (aliases, ROR ids, parents,
            listing dates: a delisting shows as a changed end date). OLD and NEW are list files (any importable
            format) or list ids.

            Examples:
              collabscreen lists diff 1260h-2024.csv ../shared/data/watchlists/us-dod-1260h.csv
              collabscreen lists diff my-old-list my-new-list
            """);
        var oldArg = new Argument<string>("OLD") { Description = "Older list: a file or a list id" };
        var newArg = new Argument<string>("NEW") { Description = "Newer list: a file or a list id" };
        var type = new Option<string?>("--type", "-t") { Description = "Format of both files (default: detected)" };
        type.AcceptOnlyFromAmong("csl", "csl-json", "ofac", "misp", "opensanctions", "user", "jsonl");
        var dir = ListsDirOption();
        command.Arguments.Add(oldArg);
        command.Arguments.Add(newArg);
        command.Options.Add(type);
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            Watchlists? w = null;
            IReadOnlyList<WatchlistEntry> Load(string what)
            {
                if (File.Exists(what))
                {
                    var fmt = parse.GetValue(type) is { } t ? ListImport.Parse(t) : ListImport.Detect(what);
                    var report = new ListReadReport();
                    var l = ListImport.Read(what, fmt, "diff", report);
                    ReportProblems(report.Problems);
                    return l.Entries;
                }
                w ??= Watchlists.LoadBundled(parse.GetValue(dir) ?? UserListsDirectory.Default);
                if (w.List(what) is null) throw new UsageException($"'{what}' is neither a file nor a list id ({string.Join(", ", w.Lists.Select(l => l.Id))})");
                return w.OnList(what).ToList();
            }
            var a = Load(parse.GetValue(oldArg)!);
            var b = Load(parse.GetValue(newArg)!);
            var d = WatchlistDiff.Compare(a, b);
            var o = Console.Out;
            o.WriteLine($"{d.Added.Count} added, {d.Removed.Count} removed, {d.Changed.Count} changed ({a.Count} → {b.Count} entries)");
            foreach (var e in d.Added) o.WriteLine($"+ {e.Name}  {string.Join("; ", e.Listings.Select(WatchlistDiff.Describe))}");
            foreach (var e in d.Removed) o.WriteLine($"- {e.Name}  {string.Join("; ", e.Listings.Select(WatchlistDiff.Describe))}");
            foreach (var c in d.Changed)
            {
                o.WriteLine($"~ {c.New.Name}");
                foreach (var line in c.Changes) o.WriteLine($"    {line}");
            }
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Update()
    {
        var command = new Command("update", """
            Fetch the current official lists into your lists directory, where screening picks them up: the trade.gov
            Consolidated Screening List (Entity List, MEU, UVL, DPL, SDN, ...), OFAC's non-SDN files (cons_prim,
            cons_alt, cons_add), the 1260H and §1286 transcriptions and ASPI's tracker from the MISP galaxy.
            Requests are conditional (ETag / Last-Modified); each good download is kept as a version (retrieved
            date, URL, SHA-256, entry counts) under LISTS_DIR/versions/NAME/. A download that fails, is cut short or
            no longer reads as the list it should (a changed column) never replaces the version in force; the
            command then exits 1 naming the URL and the fault. Sources: csl, ofac-nonsdn, dod-1260h-current,
            ndaa-1286-current, aspi-cdut-current.

            Examples:
              collabscreen lists update
              collabscreen lists update --dry-run
              collabscreen lists update --only csl --source csl=https://mirror.example.org/consolidated.csv
              collabscreen lists update --config mirrors.json
            """);
        var dryRun = new Option<bool>("--dry-run") { Description = "Download and validate, show what would change (as 'lists diff' does), keep nothing" };
        var source = new Option<string[]>("--source") { Description = "NAME=URL: fetch NAME from a mirror (OFAC: the cons_prim URL, or prim,alt,add)", AllowMultipleArgumentsPerToken = false };
        var config = new Option<FileInfo?>("--config") { Description = "JSON file of mirrors: {\"sources\": {\"NAME\": \"URL\"}}" };
        var only = new Option<string[]>("--only") { Description = "Update only these sources (repeatable)" };
        var dir = ListsDirOption();
        command.Options.Add(dryRun);
        command.Options.Add(source);
        command.Options.Add(config);
        command.Options.Add(only);
        command.Options.Add(dir);
        command.SetAction(parse => Guard(() =>
        {
            var mirrors = new List<KeyValuePair<string, IReadOnlyList<Uri>>>();
            if (parse.GetValue(config) is { } cf)
            {
                if (!cf.Exists) throw new UsageException($"--config {cf.FullName}: no such file");
                mirrors.AddRange(ListSources.ReadConfig(cf.FullName));
            }
            mirrors.AddRange((parse.GetValue(source) ?? []).Select(ListSources.ParseOption));
            var sources = ListSources.Resolve(mirrors, parse.GetValue(only));
            var target = parse.GetValue(dir) ?? UserListsDirectory.Default;
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("CollabScreen-lists-update/1");
            var updater = new ListUpdater(http, new ListVersions(target), new UpdateOptions { DryRun = parse.GetValue(dryRun) });
            var results = updater.UpdateAsync(sources, CancellationToken.None).GetAwaiter().GetResult();
            var o = Console.Out;
            foreach (var r in results) WriteUpdate(o, r);
            var failed = results.Count(r => r.Status == UpdateStatus.Failed);
            o.WriteLine($"{results.Count(r => r.Status == UpdateStatus.Updated)} updated, {results.Count(r => r.Status == UpdateStatus.Unchanged)} unchanged, " +
                $"{results.Count(r => r.Status == UpdateStatus.WouldUpdate)} would change, {failed} failed; lists directory: {target}");
            foreach (var r in results.Where(r => r.Status == UpdateStatus.Failed))
                Console.Error.WriteLine($"collabscreen: {r.Name}: {r.FailedUrl}: {r.Fault}; the version in force is unchanged ({r.Version?.Label ?? "none yet"})");
            return failed > 0 ? Cli.Failure : Cli.Ok;
        }));
        return command;
    }

    private static void WriteUpdate(TextWriter o, SourceUpdate r)
    {
        var v = r.Version;
        var requests = $"{r.Requests} request(s), {r.ConditionalRequests} conditional, {r.NotModified} not modified";
        switch (r.Status)
        {
            case UpdateStatus.Unchanged:
                o.WriteLine($"{r.Name}: unchanged, version {v!.Label} in force ({requests})");
                break;
            case UpdateStatus.Failed:
                o.WriteLine($"{r.Name}: FAILED {r.FailedUrl}: {r.Fault}");
                o.WriteLine($"    version in force: {v?.Label ?? "none (bundled lists only)"}");
                break;
            default:
                var d = r.Diff!;
                o.WriteLine($"{r.Name}: {(r.Status == UpdateStatus.Updated ? "updated to" : "would update to")} {v!.Label}: {v.Entries} entries from {v.Records} records" +
                    $"{(v.Problems > 0 ? $", {v.Problems} unreadable" : "")}; {d.Added.Count} added, {d.Removed.Count} removed, {d.Changed.Count} changed ({requests})");
                foreach (var f in v.Files) o.WriteLine($"    {f.File}  sha256 {f.Sha256}  {f.Bytes} bytes  {f.Url}");
                o.WriteLine($"    counts: {string.Join("; ", v.Counts.Select(c => $"{c.Key} {c.Value}"))}");
                if (r.Status == UpdateStatus.WouldUpdate)
                {
                    foreach (var e in d.Added.Take(20)) o.WriteLine($"  + {e.Name}  {string.Join("; ", e.Listings.Select(WatchlistDiff.Describe))}");
                    foreach (var e in d.Removed.Take(20)) o.WriteLine($"  - {e.Name}  {string.Join("; ", e.Listings.Select(WatchlistDiff.Describe))}");
                    foreach (var c in d.Changed.Take(20)) o.WriteLine($"  ~ {c.New.Name}: {string.Join("; ", c.Changes)}");
                    var more = Math.Max(0, d.Added.Count - 20) + Math.Max(0, d.Removed.Count - 20) + Math.Max(0, d.Changed.Count - 20);
                    if (more > 0) o.WriteLine($"  ... and {more} more changes");
                }
                break;
        }
    }

    /// <summary>Said wherever bundled lists are shown: they are curated subsets, and how to get the full ones.</summary>
    internal const string CuratedNote =
        "The bundled lists are curated subsets (facts checked up to the RETRIEVED date shown), not the full official lists. " +
        "For the full, current lists run 'collabscreen lists update' (trade.gov Consolidated Screening List, OFAC non-SDN, 1260H, §1286, ASPI); see docs/lists.md.";

    /// <summary>Errors for people: bad files and bad usage become one line on stderr and an exit code.</summary>
    private static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (UsageException e) { Console.Error.WriteLine($"collabscreen: {e.Message}"); return Cli.Usage; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Cli.Failure;
        }
    }

    private static LoadedList Renamed(LoadedList l, string id) =>
        new(l.List with { Id = id }, l.Entries.Select(e => e with { Listings = e.Listings.Select(x => x with { List = id }).ToList() }).ToList());

    private static void WriteEntry(TextWriter o, Watchlists w, WatchlistEntry e, WatchlistSearchHit? hit)
    {
        o.WriteLine($"  {e.Name}{(e.NameZh is null ? "" : $" ({e.NameZh})")}  [{e.Id}]{(e.Country is null ? "" : "  " + e.Country)}{(e.Type is null ? "" : "  " + e.Type)}");
        if (hit is not null) o.WriteLine($"    matched {hit.How switch { SearchMatch.Ror => "ROR id", SearchMatch.Name => "name", SearchMatch.ChineseName => "Chinese name", SearchMatch.Alias => "alias", _ => "words in" }}: {hit.MatchedName}");
        if (e.RorIds.Count > 0) o.WriteLine($"    ROR: {string.Join(", ", e.RorIds)}");
        if (w.ParentOf(e) is { } p) o.WriteLine($"    part of: {p.Name} [{p.Id}]");
        else if (e.ParentName is not null) o.WriteLine($"    part of: {e.ParentName} (not itself listed)");
        if (e.Aliases.Count > 0) o.WriteLine($"    aliases: {Cut(string.Join("; ", e.Aliases), 200)}");
        if (e.SupervisingAgencies.Count > 0) o.WriteLine($"    supervised by: {string.Join("; ", e.SupervisingAgencies)}");
        if (e.Addresses.Count > 0) o.WriteLine($"    addresses: {Cut(string.Join("; ", e.Addresses), 200)}");
        foreach (var l in e.Listings.OrderBy(l => l.Kind).ThenBy(l => l.Start ?? DateOnly.MaxValue))
            o.WriteLine($"    [{KindLabel(l.Kind)}] {l.List}: {l.Category}  {Dates(l)}  tier {l.Tier.ToString().ToLowerInvariant()}{(l.Reason is null ? "" : "  (" + Cut(l.Reason, 120) + ")")}\n        source: {l.SourceUrl}");
    }

    private static string Json(Watchlists w, WatchlistSearchHit h)
    {
        var e = h.Entry;
        return JsonSerializer.Serialize(new
        {
            id = e.Id, name = e.Name, name_zh = e.NameZh, country = e.Country, type = e.Type, ror = e.RorIds, parent = e.ParentId,
            same_institution = h.SameInstitution, match = h.How.ToString(), matched_name = h.MatchedName, score = h.Score,
            listings = e.Listings.Select(l => new
            {
                list = l.List, kind = l.Kind.ToString(), authority = l.Authority, category = l.Category, tier = l.Tier.ToString().ToLowerInvariant(),
                start = l.Start?.ToString("yyyy-MM-dd"), end = l.End?.ToString("yyyy-MM-dd"), reason = l.Reason, source = l.SourceUrl,
            }),
        }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string KindLabel(ListKind k) => k switch
    {
        ListKind.LegalDesignation => "legal designation",
        ListKind.Assessment => "assessment",
        _ => "user list",
    };

    private static string Dates(Listing l) => (l.Start, l.End) switch
    {
        (null, null) => "no listing date",
        ({ } s, null) => $"listed {s:yyyy-MM-dd}",
        (null, { } e) => $"until {e:yyyy-MM-dd}",
        ({ } s, { } e) => $"listed {s:yyyy-MM-dd}, delisted {e:yyyy-MM-dd}",
    };

    private static string Cut(string s, int n) => s.Length > n ? s[..(n - 1)] + "…" : s;

    private static void ReportProblems(IReadOnlyList<ListProblem> problems)
    {
        foreach (var p in problems.Take(50)) Console.Error.WriteLine($"collabscreen: {p}");
        if (problems.Count > 50) Console.Error.WriteLine($"collabscreen: ... and {problems.Count - 50} more problems");
        if (problems.Count > 0) Console.Error.WriteLine($"collabscreen: {problems.Count} record(s) had problems (listed above); the rest were read.");
    }
}
