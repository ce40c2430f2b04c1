using CollabScreen.Model;

namespace CollabScreen.Topics;

/// <summary>A topic the classifier found but did not report, because a negative context outweighed the technical one.</summary>
public sealed record SuppressedTopic(TopicHit Hit, string Context, double ContextScore, IReadOnlyList<string> ContextEvidence);

/// <summary>Everything the classifier decided about one work: reported hits and suppressed ones, with reasons.</summary>
public sealed record TopicAnalysis(IReadOnlyList<TopicHit> Hits, IReadOnlyList<SuppressedTopic> Suppressed);

/// <summary>
/// Finds surveillance topics in a work from its title, subject terms (keywords, concepts), abstract and
/// optional full text. Each taxonomy phrase found contributes strength x field weight (title counts most,
/// full text least); a topic's score is 1 - product(1 - contribution) over its distinct phrases. A negative
/// context (psychology of faces, clinical gait, public-health surveillance, ...) suppresses the topics it
/// names when it reaches the threshold and its evidence outweighs the technical (CV/ML) vocabulary.
/// Immutable after construction and safe to share between threads.
/// </summary>
public sealed class TopicClassifier
{
    private const int MaxEvidence = 6;

    private readonly Taxonomy _taxonomy;
    private readonly PhraseIndex _index = new();
    private readonly List<(int Group, double Strength)>[] _signals; // per phrase index
    private readonly int _technicalGroup;
    private readonly int[][] _suppressedBy; // per negative context: topic indices it suppresses

    public Taxonomy Taxonomy => _taxonomy;

    public TopicClassifier(Taxonomy taxonomy)
    {
        _taxonomy = taxonomy;
        var groups = new List<IReadOnlyList<Phrase>>();
        groups.AddRange(taxonomy.Topics.Select(t => t.Phrases));
        groups.AddRange(taxonomy.NegativeContexts.Select(c => c.Phrases));
        groups.Add(taxonomy.TechnicalContext);
        _technicalGroup = groups.Count - 1;

        var signals = new List<List<(int, double)>>();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var phrase in groups[g])
            {
                var index = _index.Add(Words.Split(phrase.Text));
                while (signals.Count <= index) signals.Add([]);
                var weight = taxonomy.Strengths[phrase.Strength];
                var list = signals[index];
                var existing = list.FindIndex(s => s.Item1 == g);
                // The same words listed twice in a group (e.g. "face" and "faces") count once, at the higher strength.
                if (existing < 0) list.Add((g, weight));
                else if (list[existing].Item2 < weight) list[existing] = (g, weight);
            }
        }
        _signals = signals.ToArray();

        _suppressedBy = taxonomy.NegativeContexts.Select(c =>
            c.Suppresses.SelectMany(s => s.StartsWith("family:", StringComparison.Ordinal)
                    ? Enumerable.Range(0, taxonomy.Topics.Count).Where(t => taxonomy.Topics[t].Family == s["family:".Length..])
                    : Enumerable.Range(0, taxonomy.Topics.Count).Where(t => taxonomy.Topics[t].Id == s))
                .Distinct().ToArray()).ToArray();
    }

    public static TopicClassifier LoadBundled() => new(Taxonomy.LoadBundled());

    public static TopicClassifier Load(string taxonomyPath) => new(Taxonomy.Load(taxonomyPath));

    public IReadOnlyList<TopicHit> Classify(Work work) => Analyze(work).Hits;

    public IReadOnlyList<TopicHit> Classify(Work work, string? fullText) => Analyze(work, fullText).Hits;

    public TopicAnalysis Analyze(Work work, string? fullText = null)
    {
        var found = new Findings(this);
        var weights = _taxonomy.FieldWeights;
        found.Scan("title", work.Title, weights["title"]);
        foreach (var subject in work.Subjects)
        {
            var label = subject.Kind.ToString().ToLowerInvariant();
            // Machine-assigned subjects carry a score; a weak assignment (OpenAlex concepts go down to ~0.3) counts less.
            var confidence = subject.Score is { } s ? Math.Clamp(s / 0.5, 0, 1) : 1.0;
            found.Scan(label, subject.Name, weights.GetValueOrDefault(label, weights["keyword"]) * confidence);
        }
        found.Scan("abstract", work.Abstract, weights["abstract"]);
        found.Scan("fulltext", fullText, weights["fulltext"]);
        return found.Decide();
    }

    /// <summary>One phrase's best contribution to one group (topic, negative context or technical context).</summary>
    private readonly record struct Contribution(int Group, int Phrase, double Value, string Field, string Text, int Start, int Length)
    {
        // Quoted only when it becomes evidence: most matches (e.g. technical words) never do.
        public string Evidence => $"{Field}: '{Text.AsSpan(Start, Length)}'";
    }

    private readonly record struct GroupScore(double Score, double Mass, List<Contribution> Items);

    /// <summary>Collects the phrases found in one work, field by field, and turns them into a decision.</summary>
    private sealed class Findings(TopicClassifier owner)
    {
        private Dictionary<(int Group, int Phrase), Contribution>? _best;

        public void Scan(string field, string? text, double fieldWeight)
        {
            if (string.IsNullOrEmpty(text) || fieldWeight <= 0) return;
            var state = (this, field, text, fieldWeight);
            owner._index.Match(text, ref state, static (ref (Findings Self, string Field, string Text, double Weight) s, PhraseMatch m) =>
            {
                foreach (var (group, strength) in s.Self.Owner._signals[m.Phrase])
                {
                    var value = strength * s.Weight;
                    var key = (group, m.Phrase);
                    var best = s.Self._best ??= new();
                    if (best.TryGetValue(key, out var old) && old.Value >= value) continue;
                    best[key] = new Contribution(group, m.Phrase, value, s.Field, s.Text, m.Start, m.Length);
                }
            });
        }

        private TopicClassifier Owner => owner;

        public TopicAnalysis Decide()
        {
            if (_best is null) return Empty;
            var taxonomy = owner._taxonomy;
            var groups = new Dictionary<int, GroupScore>();
            foreach (var c in _best.Values)
            {
                var g = groups.TryGetValue(c.Group, out var existing) ? existing : new GroupScore(0, 0, []);
                g.Items.Add(c);
                groups[c.Group] = g with { Score = 1 - (1 - g.Score) * (1 - c.Value), Mass = g.Mass + c.Value };
            }

            var topicCount = taxonomy.Topics.Count;
            var technicalMass = groups.TryGetValue(owner._technicalGroup, out var tech) ? tech.Mass : 0;
            // For each topic, the strongest negative context that suppresses it (if any).
            var suppressor = new Dictionary<int, (int Context, GroupScore Score)>();
            for (var n = 0; n < taxonomy.NegativeContexts.Count; n++)
            {
                if (!groups.TryGetValue(topicCount + n, out var neg) || neg.Score < taxonomy.Threshold || neg.Mass <= technicalMass) continue;
                foreach (var t in owner._suppressedBy[n])
                    if (!suppressor.TryGetValue(t, out var prior) || prior.Score.Mass < neg.Mass)
                        suppressor[t] = (n, neg);
            }

            List<TopicHit>? hits = null;
            List<SuppressedTopic>? suppressed = null;
            for (var t = 0; t < topicCount; t++)
            {
                if (!groups.TryGetValue(t, out var g) || g.Score < taxonomy.Threshold) continue;
                var topic = taxonomy.Topics[t];
                var hit = new TopicHit(topic.Id, topic.Family, Math.Round(g.Score, 3), topic.Severity, Evidence(g.Items));
                if (suppressor.TryGetValue(t, out var by))
                    (suppressed ??= []).Add(new SuppressedTopic(hit, taxonomy.NegativeContexts[by.Context].Id, Math.Round(by.Score.Score, 3), Evidence(by.Score.Items)));
                else
                    (hits ??= []).Add(hit);
            }
            hits?.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Severity.CompareTo(a.Severity));
            return new TopicAnalysis((IReadOnlyList<TopicHit>?)hits ?? [], (IReadOnlyList<SuppressedTopic>?)suppressed ?? []);
        }

        private static IReadOnlyList<string> Evidence(List<Contribution> items) =>
            items.OrderByDescending(c => c.Value).ThenBy(c => c.Phrase)
                .Select(c => c.Evidence)
                .Distinct()
                .Take(MaxEvidence)
                .ToArray();
    }

    private static readonly TopicAnalysis Empty = new([], []);
}
