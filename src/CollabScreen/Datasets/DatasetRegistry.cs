using static CollabScreen.JsonFields;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CollabScreen.Datasets;

/// <summary>A registry line that could not be read: file, line, field and why.</summary>
public sealed record RegistryProblem(string File, long Line, string? Field, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {(Field is null ? "" : Field + ": ")}{Reason}";
}

/// <summary>
/// The face/person dataset registry: records by id, lookup by id, name or alias, lineage (parent, root, children).
/// Read from JSON Lines; a bad line is reported in <see cref="Problems"/> and skipped, never fatal.
/// </summary>
public sealed class DatasetRegistry
{
    public const string BundledFile = "datasets/datasets.jsonl";

    private readonly Dictionary<string, DatasetRecord> byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DatasetRecord> byName = new(StringComparer.Ordinal);

    public IReadOnlyList<DatasetRecord> Records { get; }
    public IReadOnlyList<RegistryProblem> Problems { get; }
    public string Source { get; }

    public DatasetRegistry(IEnumerable<DatasetRecord> records, string source = "(memory)", IReadOnlyList<RegistryProblem>? problems = null)
    {
        var list = new List<DatasetRecord>();
        var found = new List<RegistryProblem>(problems ?? []);
        foreach (var r in records)
        {
            if (!byId.TryAdd(r.Id, r)) { found.Add(new(source, 0, "id", $"duplicate id '{r.Id}'; the first record is kept")); continue; }
            list.Add(r);
        }
        foreach (var r in list)
        {
            if (r.ParentId is not null && !byId.ContainsKey(r.ParentId))
                found.Add(new(source, 0, "parent", $"'{r.Id}' names parent '{r.ParentId}', which is not in the registry"));
            foreach (var n in r.Aliases.Append(r.Name).Append(r.Id).Concat(r.ContextAliases.Select(c => c.Text)))
                byName.TryAdd(Key(n), r);
        }
        Records = list;
        Problems = found;
        Source = source;
    }

    /// <summary>The bundled registry, with the links `datasets link` wrote to the user's data dir (<see cref="DatasetLinks.DefaultPath"/>).</summary>
    public static DatasetRegistry LoadBundled() => LoadBundled(DatasetLinks.DefaultPath());

    /// <summary>The bundled registry with the links in <paramref name="linksPath"/> (none when null or missing).</summary>
    public static DatasetRegistry LoadBundled(string? linksPath)
    {
        var registry = Load(BundledData.Path(BundledFile));
        if (linksPath is null) return registry;
        var (links, problems) = DatasetLinks.Load(linksPath);
        return registry.WithLinks(links, linksPath, problems);
    }

    /// <summary>Where the merged links came from; null when none were merged.</summary>
    public string? LinksSource { get; private init; }

    /// <summary>
    /// A registry whose records carry <paramref name="links"/> (the dataset papers' looked-up OpenAlex ids). A link to an
    /// id the registry does not hold is reported in <see cref="Problems"/> and left out.
    /// </summary>
    public DatasetRegistry WithLinks(IReadOnlyList<DatasetLink> links, string source, IReadOnlyList<RegistryProblem>? problems = null)
    {
        var found = new List<RegistryProblem>(Problems);
        found.AddRange(problems ?? []);
        var byDataset = links.GroupBy(l => l.Dataset, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var key in byDataset.Keys.Where(k => !byId.ContainsKey(k)))
            found.Add(new(source, 0, "dataset", $"links to '{key}', which is not in the registry; run 'collabscreen datasets link' again"));
        var records = Records.Select(r => byDataset.TryGetValue(r.Id, out var l) ? r with { Links = l } : r).ToList();
        return new DatasetRegistry(records, Source, found) { LinksSource = links.Count > 0 || found.Count > Problems.Count ? source : null };
    }

    public static DatasetRegistry Load(string path)
    {
        var records = new List<DatasetRecord>();
        var problems = new List<RegistryProblem>();
        long lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FieldException(null, "expected a JSON object");
                records.Add(Read(doc.RootElement));
            }
            catch (JsonException e) { problems.Add(new(path, lineNo, null, "not valid JSON: " + e.Message)); }
            catch (FieldException e) { problems.Add(new(path, lineNo, e.Field, e.Message)); }
        }
        return new DatasetRegistry(records, path, problems);
    }

    public DatasetRecord? Get(string id) => byId.GetValueOrDefault(id);

    /// <summary>By id, canonical name or any alias, ignoring case, spaces, hyphens and underscores ("ms1m-v2" finds MS1MV2).</summary>
    public DatasetRecord? Find(string nameOrAlias) => byId.GetValueOrDefault(nameOrAlias) ?? byName.GetValueOrDefault(Key(nameOrAlias));

    public DatasetRecord? ParentOf(DatasetRecord r) => r.ParentId is null ? null : Get(r.ParentId);

    /// <summary>The top of the lineage (MS-Celeb-1M for MS1MV2); the record itself when it has no parent.</summary>
    public DatasetRecord RootOf(DatasetRecord r)
    {
        var seen = 0;
        while (ParentOf(r) is { } p && seen++ < 16) r = p;
        return r;
    }

    public IEnumerable<DatasetRecord> ChildrenOf(DatasetRecord r) =>
        Records.Where(c => string.Equals(c.ParentId, r.Id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The nearest record in the lineage (itself first) that was withdrawn, retracted or decommissioned.</summary>
    public DatasetRecord? WithdrawnInLineage(DatasetRecord r)
    {
        for (var (x, n) = (r, 0); x is not null && n < 16; x = ParentOf(x)!, n++)
            if (IsWithdrawn(x.Status)) return x;
        return null;
    }

    public static bool IsWithdrawn(string status) => status is "withdrawn" or "retracted" or "decommissioned";

    internal static string Key(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s) if (char.IsLetterOrDigit(c) || c == '+') b.Append(char.ToLowerInvariant(c));
        return b.ToString();
    }

    private static readonly HashSet<string> Statuses = ["available", "withdrawn", "retracted", "decommissioned", "unavailable", "unknown"];

    private static DatasetRecord Read(JsonElement o)
    {
        var status = Str(o, "status", true)!;
        if (!Statuses.Contains(status)) throw new FieldException("status", $"'{status}' is not one of {string.Join(", ", Statuses)}");
        var withdrawn = Str(o, "withdrawn");
        if (withdrawn is not null && !DateOnly.TryParseExact(withdrawn.Length == 4 ? withdrawn + "-01" : withdrawn, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new FieldException("withdrawn", $"'{withdrawn}' is not YYYY-MM or YYYY");
        var statusSources = Strs(o, "status_sources");
        if (statusSources.Count == 0) throw new FieldException("status_sources", "missing; every status claim needs a source URL");
        var contextAliases = new List<ContextAlias>();
        if (o.TryGetProperty("context_aliases", out var ca) && ca.ValueKind == JsonValueKind.Array)
            foreach (var c in ca.EnumerateArray())
            {
                var needs = Str(c, "needs", true)!;
                if (!Enum.TryParse<AliasContext>(needs.Replace("-", ""), true, out var ctx))
                    throw new FieldException("context_aliases.needs", $"'{needs}' is not one of face, person, face-dataset, reid-dataset, pretrained");
                contextAliases.Add(new ContextAlias(Str(c, "text", true)!, ctx));
            }
        long? s2 = o.TryGetProperty("s2_corpus_id", out var s2e) && s2e.ValueKind == JsonValueKind.Number ? s2e.GetInt64() : null;
        return new DatasetRecord(Str(o, "id", true)!, Str(o, "name", true)!, Str(o, "kind") ?? "dataset", Str(o, "parent"),
            Strs(o, "aliases"), contextAliases, status, withdrawn, statusSources, Strs(o, "sources"))
        {
            Task = Str(o, "task"), StudyId = Str(o, "study_id"), WithdrawnBy = Str(o, "withdrawn_by"), StatusNote = Str(o, "status_note"),
            Consent = Str(o, "consent"), Licence = Str(o, "licence"), Paper = Str(o, "paper"), PaperTitle = Str(o, "paper_title"), Doi = Str(o, "doi"), Arxiv = Str(o, "arxiv"),
            OpenAlex = Strs(o, "openalex"), S2CorpusId = s2, Url = Str(o, "url"), Notes = Str(o, "notes"),
        };
    }
}
