using System.Text.Json;
using System.Text.Json.Serialization;

namespace CollabScreen.Topics;

/// <summary>How strongly a phrase indicates its topic or context: strong decides alone, weak only adds up.</summary>
public enum Strength { Strong, Medium, Weak }

/// <summary>A phrase as written in the taxonomy, with its strength.</summary>
public sealed record Phrase(string Text, Strength Strength);

/// <summary>A surveillance topic: what it covers, real example titles, its family and default severity, its phrases.</summary>
public sealed record TopicDefinition(
    string Id, string Name, string Family, double Severity, string Description,
    IReadOnlyList<string> Examples, IReadOnlyList<Phrase> Phrases, TopicAnchors? About = null);

/// <summary>
/// What a topic's evidence must be about (a person, a face, a camera image): the topic is reported only when one
/// of these phrases occurs somewhere in the work. "Multi-target tracking" is pedestrian tracking only when the work
/// names people or a benchmark of them; "emotion recognition" is a face topic only when a face or camera is named.
/// Matched independently of the topic phrases, so "facial" counts inside "facial expression".
/// </summary>
public sealed record TopicAnchors(string Description, IReadOnlyList<string> Phrases);

/// <summary>
/// A context in which topic words mean something else (face perception in psychology, clinical gait
/// analysis, ...). When it is present and outweighs the technical context it suppresses the listed
/// topics; entries "family:face" suppress a whole family. With TechnicalOverrides false it suppresses
/// whatever the technical vocabulary (cell tracking, CCTV pipe inspection: same technique, no person).
/// </summary>
public sealed record NegativeContext(
    string Id, string Description, IReadOnlyList<string> Suppresses,
    IReadOnlyList<string> Examples, IReadOnlyList<Phrase> Phrases, bool TechnicalOverrides = true,
    IReadOnlyList<string>? Unless = null)
{
    /// <summary>Phrases that cancel this context when any occurs (EEG papers that also read faces from a camera).</summary>
    public IReadOnlyList<string> Unless { get; init; } = Unless ?? [];
}

/// <summary>The curated taxonomy (data/topics/taxonomy.json): topics, negative contexts, technical context, weights.</summary>
public sealed record Taxonomy(
    IReadOnlyList<TopicDefinition> Topics,
    IReadOnlyList<NegativeContext> NegativeContexts,
    IReadOnlyList<Phrase> TechnicalContext,
    IReadOnlyDictionary<Strength, double> Strengths,
    IReadOnlyDictionary<string, double> FieldWeights,
    double Threshold)
{
    public const string BundledPath = "topics/taxonomy.json";

    public static Taxonomy LoadBundled() => Load(BundledData.Path(BundledPath));

    /// <summary>Reads and validates a taxonomy file; problems name the file and the topic.</summary>
    public static Taxonomy Load(string path)
    {
        TaxonomyFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<TaxonomyFile>(stream, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid taxonomy ({e.Message})", e);
        }
        if (file is null) throw new InvalidDataException($"{path}: empty taxonomy");
        return file.ToTaxonomy(path);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed class TaxonomyFile
    {
        public double Threshold { get; set; } = 0.5;
        public Dictionary<string, double>? Strengths { get; set; }
        public Dictionary<string, double>? FieldWeights { get; set; }
        public List<TopicEntry>? Topics { get; set; }
        public List<ContextEntry>? NegativeContexts { get; set; }
        public PhraseLists? TechnicalContext { get; set; }

        public Taxonomy ToTaxonomy(string path)
        {
            var strengths = new Dictionary<Strength, double>();
            foreach (var s in Enum.GetValues<Strength>())
            {
                var key = s.ToString().ToLowerInvariant();
                if (Strengths is null || !Strengths.TryGetValue(key, out var w) || w is <= 0 or > 1)
                    throw new InvalidDataException($"{path}: \"strengths\" needs \"{key}\" between 0 and 1");
                strengths[s] = w;
            }
            if (FieldWeights is null || FieldWeights.Count == 0)
                throw new InvalidDataException($"{path}: \"fieldWeights\" is missing");
            foreach (var field in new[] { "title", "abstract", "fulltext", "keyword", "concept", "topic", "field" })
                if (!FieldWeights.ContainsKey(field))
                    throw new InvalidDataException($"{path}: \"fieldWeights\" needs \"{field}\"");
            if (Threshold is <= 0 or > 1) throw new InvalidDataException($"{path}: \"threshold\" must be in (0, 1]");
            if (Topics is null || Topics.Count == 0) throw new InvalidDataException($"{path}: no topics");

            var topics = new List<TopicDefinition>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in Topics)
            {
                var where = $"{path}: topic '{t.Id ?? "(no id)"}'";
                if (string.IsNullOrWhiteSpace(t.Id) || !ids.Add(t.Id)) throw new InvalidDataException($"{where}: id missing or repeated");
                if (string.IsNullOrWhiteSpace(t.Family)) throw new InvalidDataException($"{where}: \"family\" is missing");
                if (t.Severity is < 0 or > 1) throw new InvalidDataException($"{where}: \"severity\" must be between 0 and 1");
                if (string.IsNullOrWhiteSpace(t.Description)) throw new InvalidDataException($"{where}: \"description\" is missing");
                if (t.Examples is null || t.Examples.Count == 0) throw new InvalidDataException($"{where}: give at least one example title");
                TopicAnchors? about = null;
                if (t.About is { } a)
                {
                    if (string.IsNullOrWhiteSpace(a.Description)) throw new InvalidDataException($"{where}: \"about\" needs a \"description\"");
                    if (a.Phrases is null || a.Phrases.Count == 0 || a.Phrases.Any(x => Words.Split(x).Count == 0))
                        throw new InvalidDataException($"{where}: \"about\" needs \"phrases\", each with words");
                    about = new TopicAnchors(a.Description, a.Phrases);
                }
                topics.Add(new TopicDefinition(t.Id, t.Name ?? t.Id, t.Family, t.Severity, t.Description, t.Examples, t.ToPhrases(where), about));
            }
            var families = topics.Select(t => t.Family).ToHashSet(StringComparer.Ordinal);

            var contexts = new List<NegativeContext>();
            foreach (var c in NegativeContexts ?? [])
            {
                var where = $"{path}: negative context '{c.Id ?? "(no id)"}'";
                if (string.IsNullOrWhiteSpace(c.Id) || !ids.Add(c.Id)) throw new InvalidDataException($"{where}: id missing or repeated");
                if (string.IsNullOrWhiteSpace(c.Description)) throw new InvalidDataException($"{where}: \"description\" is missing");
                foreach (var s in c.Suppresses ?? [])
                {
                    var known = s.StartsWith("family:", StringComparison.Ordinal) ? families.Contains(s["family:".Length..]) : topics.Any(t => t.Id == s);
                    if (!known) throw new InvalidDataException($"{where}: suppresses unknown topic or family '{s}'");
                }
                if (c.Unless is { } unless && unless.Any(x => Words.Split(x).Count == 0))
                    throw new InvalidDataException($"{where}: an \"unless\" phrase has no words");
                contexts.Add(new NegativeContext(c.Id, c.Description, c.Suppresses ?? [], c.Examples ?? [], c.ToPhrases(where), c.TechnicalOverrides, c.Unless));
            }
            var technical = TechnicalContext?.ToPhrases($"{path}: technicalContext") ?? [];
            return new Taxonomy(topics, contexts, technical, strengths, FieldWeights, Threshold);
        }
    }

    private class PhraseLists
    {
        public List<string>? Strong { get; set; }
        public List<string>? Medium { get; set; }
        public List<string>? Weak { get; set; }

        public IReadOnlyList<Phrase> ToPhrases(string where)
        {
            var phrases = new List<Phrase>();
            void Add(List<string>? list, Strength strength)
            {
                foreach (var text in list ?? [])
                {
                    if (Words.Split(text).Count == 0) throw new InvalidDataException($"{where}: phrase '{text}' has no words");
                    phrases.Add(new Phrase(text, strength));
                }
            }
            Add(Strong, Strength.Strong);
            Add(Medium, Strength.Medium);
            Add(Weak, Strength.Weak);
            if (phrases.Count == 0) throw new InvalidDataException($"{where}: no phrases");
            return phrases;
        }
    }

    private sealed class TopicEntry : PhraseLists
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Family { get; set; }
        public double Severity { get; set; } = -1;
        public string? Description { get; set; }
        public List<string>? Examples { get; set; }
        public AnchorEntry? About { get; set; }
    }

    private sealed class AnchorEntry
    {
        public string? Description { get; set; }
        public List<string>? Phrases { get; set; }
    }

    private sealed class ContextEntry : PhraseLists
    {
        public string? Id { get; set; }
        public string? Description { get; set; }
        public List<string>? Suppresses { get; set; }
        public List<string>? Examples { get; set; }
        public bool TechnicalOverrides { get; set; } = true;
        public List<string>? Unless { get; set; }
    }
}
