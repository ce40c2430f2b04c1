using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CollabScreen.Datasets;

namespace CollabScreen.Cli;

/// <summary>`collabscreen datasets`: the face/person dataset registry; `datasets show NAME`: one record's facts and sources.</summary>
public static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", """
            List the face and person datasets (and models pre-trained on them) that CollabScreen traces in papers:
            status (available, withdrawn, retracted, decommissioned, unavailable, unknown), withdrawal date, parent.

            Examples:
              collabscreen datasets
              collabscreen datasets --format jsonl
              collabscreen datasets show MS1MV2
              collabscreen datasets show "Duke MTMC"
            """);
        var format = Cli.FormatOption("table", "table", "jsonl");
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var registry = DatasetRegistry.LoadBundled();
            var o = Console.Out;
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var r in registry.Records) o.WriteLine(Json(r));
                return Report(registry);
            }
            o.WriteLine($"{"ID",-24} {"KIND",-7} {"STATUS",-14} {"WITHDRAWN",-9}  {"PARENT",-14} NAME");
            foreach (var r in registry.Records)
                o.WriteLine($"{r.Id,-24} {r.Kind,-7} {r.Status,-14} {r.Withdrawn ?? "",-9}  {r.ParentId ?? "",-14} {r.Name}");
            var byStatus = registry.Records.GroupBy(r => r.Status).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}");
            o.WriteLine($"{registry.Records.Count} records ({registry.Records.Count(r => r.Kind == "model")} pre-trained models; " +
                        $"{registry.Records.Count(r => r.ParentId is not null)} derivatives): {string.Join(", ", byStatus)}. " +
                        "'unknown' means we have no verified source for its current availability.");
            var linked = registry.Records.Count(r => r.Links.Count > 0);
            o.WriteLine(linked > 0
                ? $"{linked} dataset paper(s) linked to OpenAlex ids ({registry.LinksSource}); works citing them are reported."
                : $"No dataset paper is linked to an OpenAlex id yet: run 'collabscreen datasets link' to find works that cite them.");
            return Report(registry);
        });
        command.Subcommands.Add(Show());
        command.Subcommands.Add(DatasetsLinkCommand.Create());
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", """
            Show one dataset's facts and the sources behind them: aliases and spellings, lineage (parent and derivatives),
            status with withdrawal date and by whom, consent and licence notes, the dataset paper's DOI / arXiv id.
            NAME is an id, the canonical name or any alias, ignoring case, spaces and hyphens.

            Examples:
              collabscreen datasets show ms-celeb-1m
              collabscreen datasets show MS1M-ArcFace
              collabscreen datasets show DukeMTMC-reID
            """);
        var name = new Argument<string>("NAME") { Description = "Dataset id, name or alias" };
        var format = Cli.FormatOption("table", "table", "jsonl");
        command.Arguments.Add(name);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var registry = DatasetRegistry.LoadBundled();
            var q = parse.GetValue(name)!;
            var r = registry.Find(q);
            if (r is null)
            {
                var like = registry.Records.Where(x => x.Id.Contains(q, StringComparison.OrdinalIgnoreCase) || x.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                                                      || x.Aliases.Any(a => a.Contains(q, StringComparison.OrdinalIgnoreCase))).Select(x => x.Id).Take(10).ToList();
                throw new UsageException($"no dataset named '{q}'" + (like.Count > 0 ? $"; did you mean: {string.Join(", ", like)}?" : "; list them with 'collabscreen datasets'"));
            }
            var o = Console.Out;
            if (parse.GetValue(format) == "jsonl") { o.WriteLine(Json(r)); return Cli.Ok; }
            o.WriteLine($"{r.Name}  [{r.Id}]  {r.Kind}{(r.Task is null ? "" : ", " + r.Task)}");
            if (registry.ParentOf(r) is { } p) o.WriteLine($"  derived from: {p.Name} [{p.Id}] ({p.Status}{(p.Withdrawn is null ? "" : " " + p.Withdrawn)})");
            var children = registry.ChildrenOf(r).ToList();
            if (children.Count > 0) o.WriteLine($"  derivatives: {string.Join(", ", children.Select(c => c.Name))}");
            if (r.Aliases.Count > 0) o.WriteLine($"  aliases: {string.Join("; ", r.Aliases)}");
            foreach (var c in r.ContextAliases) o.WriteLine($"  short name: {c.Text} (counts only in a {Needs(c.Needs)} context)");
            o.WriteLine($"  status: {r.Status}{(r.Withdrawn is null ? "" : " since " + r.Withdrawn)}{(r.WithdrawnBy is null ? "" : " by " + r.WithdrawnBy)}");
            if (r.StatusNote is not null) o.WriteLine($"    {r.StatusNote}");
            foreach (var s in r.StatusSources) o.WriteLine($"    source: {s}");
            if (registry.WithdrawnInLineage(r) is { } w && w != r) o.WriteLine($"  carries forward: {w.Name}, {w.Status} {w.Withdrawn}");
            if (r.Consent is not null) o.WriteLine($"  consent: {r.Consent}");
            if (r.Licence is not null) o.WriteLine($"  licence: {r.Licence}");
            if (r.Paper is not null) o.WriteLine($"  paper: {r.Paper}");
            if (r.Doi is not null) o.WriteLine($"  doi: https://doi.org/{r.Doi}");
            if (r.Arxiv is not null) o.WriteLine($"  arXiv: https://arxiv.org/abs/{r.Arxiv}");
            if (r.PaperTitle is not null) o.WriteLine($"  paper title: {r.PaperTitle}");
            foreach (var id in r.OpenAlex) o.WriteLine($"  OpenAlex: {id}");
            foreach (var l in r.Links)
                o.WriteLine($"  OpenAlex: {l.OpenAlex} (looked up by doi:{l.Doi} on {l.LookedUp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}, source {l.Source}; title \"{l.Title}\")");
            if (r.Links.Count == 0 && DatasetPaperLinker.CanLink(r))
                o.WriteLine("  OpenAlex: not linked yet; run 'collabscreen datasets link' so that works citing the paper are found");
            if (r.Links.Count > 0) o.WriteLine($"    links file: {registry.LinksSource}");
            if (r.S2CorpusId is { } s2) o.WriteLine($"  Semantic Scholar corpus id: {s2}");
            if (r.StudyId is not null) o.WriteLine($"  Peng, Mathur & Narayanan (2021) id: {r.StudyId}");
            if (r.Url is not null) o.WriteLine($"  access: {r.Url}");
            if (r.Notes is not null) o.WriteLine($"  notes: {r.Notes}");
            foreach (var s in r.Sources) o.WriteLine($"  source: {s}");
            return Cli.Ok;
        });
        return command;
    }

    private static string Needs(AliasContext c) => c switch
    {
        AliasContext.Face => "face",
        AliasContext.Person => "person/re-identification",
        AliasContext.FaceDataset => "face-dataset",
        AliasContext.ReidDataset => "re-identification dataset (never 'Duke University')",
        _ => "pre-trained model",
    };

    private static int Report(DatasetRegistry registry)
    {
        foreach (var p in registry.Problems) Console.Error.WriteLine($"collabscreen: {p}");
        return Cli.Ok;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static string Json(DatasetRecord r) => JsonSerializer.Serialize(new
    {
        id = r.Id, name = r.Name, kind = r.Kind, task = r.Task, parent = r.ParentId, aliases = r.Aliases,
        context_aliases = r.ContextAliases.Select(c => new { text = c.Text, needs = c.Needs.ToString() }),
        status = r.Status, withdrawn = r.Withdrawn, withdrawn_by = r.WithdrawnBy, status_note = r.StatusNote, status_sources = r.StatusSources,
        consent = r.Consent, licence = r.Licence, paper = r.Paper, paper_title = r.PaperTitle, doi = r.Doi, arxiv = r.Arxiv, openalex = r.OpenAlex, s2_corpus_id = r.S2CorpusId,
        study_id = r.StudyId, url = r.Url, notes = r.Notes, sources = r.Sources,
        links = r.Links.Count == 0 ? null : r.Links.Select(l => new { openalex = l.OpenAlex, doi = l.Doi, title = l.Title, source = l.Source, looked_up = l.LookedUp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }),
    }, JsonOptions);
}
