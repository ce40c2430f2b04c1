using System.CommandLine;
using CollabScreen.Datasets;
using CollabScreen.Sources;

namespace CollabScreen.Cli;

/// <summary>
/// `collabscreen datasets link`: looks up the dataset papers' OpenAlex work ids by DOI, checks each title, and writes
/// the links to the user's data dir, where `classify` and `datasets show` find them.
/// </summary>
public static class DatasetsLinkCommand
{
    private const int MaxFailuresInARow = 3;

    public static Command Create()
    {
        var command = new Command("link", """
            Look up the OpenAlex work id of each dataset paper in the registry, so that works citing it are reported
            ("via": "citation"). OpenAlex lists a work's references as OpenAlex ids (referenced_works), never as DOIs,
            and the bundled registry holds DOIs and arXiv ids only. Each paper is looked up by its DOI and by its arXiv
            DOI (10.48550/arXiv.ID); every id found is kept. An id is accepted only when OpenAlex's title matches the
            registry's paper title; otherwise it is refused and reported. A DOI OpenAlex does not know is reported and
            the rest go on.

            The links go to $XDG_DATA_HOME/collabscreen/dataset-links.jsonl (else ~/.local/share/collabscreen/...),
            with the DOI, the API URL and the date of each lookup; never into the install. Run it again to refresh:
            a DOI that gets no answer (network, quota) keeps its earlier links.
            Exit code 0 when every DOI got an answer (linked, refused or not found), 1 when some got none.

            Examples:
              collabscreen datasets link --mailto office@example.org
              collabscreen datasets link --dataset ms-celeb-1m --dataset dukemtmc --no-cache
              collabscreen datasets show ms-celeb-1m      # the linked ids and where they came from
            """);
        var api = new OpenAlexQueryOptions();
        var only = new Option<string[]>("--dataset")
        {
            HelpName = "NAME", Description = "Look up only this dataset (id, name or alias); repeat for several (default: every record with a DOI or arXiv id and a paper title)",
        };
        command.Options.Add(only);
        api.AddConnectionTo(command);
        command.SetAction(parse =>
        {
            var options = api.ApiOptions(parse);
            var path = DatasetLinks.DefaultPath();
            var registry = DatasetRegistry.LoadBundled(linksPath: null);
            foreach (var p in registry.Problems) Console.Error.WriteLine($"collabscreen: {p}");

            var names = parse.GetValue(only) ?? [];
            var records = names.Length == 0
                ? registry.Records.Where(DatasetPaperLinker.CanLink).ToList()
                : names.Select(n => registry.Find(n) ?? throw new UsageException($"--dataset '{n}': no such dataset; list them with 'collabscreen datasets'")).Distinct().ToList();
            foreach (var r in records.Where(r => !DatasetPaperLinker.CanLink(r)))
                throw new UsageException($"--dataset '{r.Id}': the registry has no {(r.PaperDois().Any() ? "paper_title to check OpenAlex's answer against" : "DOI or arXiv id")} for it");
            var untitled = names.Length == 0 ? registry.Records.Count(r => r.PaperDois().Any() && r.PaperTitle is null) : 0;

            var (previous, problems) = DatasetLinks.Load(path);
            foreach (var p in problems) Console.Error.WriteLine($"collabscreen: {p} (this line is dropped)");

            var lookups = new List<PaperLookup>();
            using (var client = new OpenAlexApiClient(options))
            {
                var linker = new DatasetPaperLinker(client);
                var o = Console.Out;
                var failedInARow = 0;
                var stopped = 0;
                foreach (var r in records)
                {
                    var done = 0;
                    // Each failure has spent its retries; when OpenAlex is unreachable, more DOIs would only wait longer.
                    foreach (var l in failedInARow < MaxFailuresInARow ? linker.Lookup(r) : [])
                    {
                        done++;
                        failedInARow = l.Outcome == PaperLookupOutcome.Failed ? failedInARow + 1 : 0;
                        lookups.Add(l);
                        var label = l.Outcome switch
                        {
                            PaperLookupOutcome.Linked => "linked",
                            PaperLookupOutcome.TitleMismatch => "REFUSED",
                            PaperLookupOutcome.NotFound => "not found",
                            _ => "FAILED",
                        };
                        o.WriteLine($"{label,-9} {l.Dataset,-20} doi:{l.Doi,-36} {l.Message}");
                        if (failedInARow >= MaxFailuresInARow) break;
                    }
                    stopped += r.PaperDois().Count() - done;
                }
                var links = DatasetPaperLinker.Merge(previous, lookups);
                if (File.Exists(path) ? !links.SequenceEqual(previous) || problems.Count > 0 : links.Count > 0) DatasetLinks.Save(path, links);
                int Count(PaperLookupOutcome x) => lookups.Count(l => l.Outcome == x);
                var linked = lookups.Where(l => l.Link is not null).ToList();
                var kept = links.Count(l => !linked.Any(n => n.Link == l));
                Console.Error.WriteLine(
                    $"looked up {lookups.Count} DOI(s) of {records.Count} dataset paper(s): {Count(PaperLookupOutcome.Linked)} linked " +
                    $"({linked.Select(l => l.Link!.OpenAlex).Distinct().Count()} OpenAlex id(s) for {linked.Select(l => l.Dataset).Distinct().Count()} dataset(s)), " +
                    $"{Count(PaperLookupOutcome.TitleMismatch)} refused (title mismatch), {Count(PaperLookupOutcome.NotFound)} not in OpenAlex, " +
                    $"{Count(PaperLookupOutcome.Failed)} failed ({client.Transport.Requests} HTTP request(s), {client.Transport.CacheHits} from cache)");
                if (untitled > 0) Console.Error.WriteLine($"{untitled} record(s) with a DOI or arXiv id but no paper_title were not looked up (nothing to check the title against)");
                Console.Error.WriteLine($"{links.Count} link(s) in {path}{(kept > 0 ? $" ({kept} kept from earlier runs)" : "")}");
                if (stopped > 0) Console.Error.WriteLine($"collabscreen: stopped after {MaxFailuresInARow} failures in a row; {stopped} DOI(s) not looked up");
                if (Count(PaperLookupOutcome.Failed) > 0)
                {
                    Console.Error.WriteLine("collabscreen: some DOIs got no answer from OpenAlex; run 'collabscreen datasets link' again later (their earlier links were kept)");
                    return Cli.Failure;
                }
            }
            return Cli.Ok;
        });
        return command;
    }
}
