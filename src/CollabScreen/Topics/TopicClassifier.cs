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
    private readonly int _signalGroups;
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
        _signalGroups = groups.Count;

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
        _index.Freeze();

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

    /// <summary>One phrase found in one field, as evidence for one group (topic, negative context or technical context).</summary>
    private readonly record struct Contribution(int Group, int Phrase, double Value, string Field, string Text, int Start, int Length)
    {
        // Quoted only when it becomes evidence: most matches (e.g. technical words) never do.
        public string Evidence => $"{Field}: '{Text.AsSpan(Start, Length)}'";
    }

    /// <summary>Collects the phrases found in one work, field by field, and turns them into a decision.</summary>
    private sealed class Findings(TopicClassifier owner)
    {
        private List<Contribution>? _found;

        public void Scan(string field, string? text, double fieldWeight)
        {
            if (string.IsNullOrEmpty(text) || fieldWeight <= 0) return;
            var state = (this, field, text, fieldWeight);
            owner._index.Match(text, ref state, static (ref (Findings Self, string Field, string Text, double Weight) s, PhraseMatch m) =>
            {
                var found = s.Self._found ??= [];
                foreach (var (group, strength) in s.Self.Owner._signals[m.Phrase])
                    found.Add(new Contribution(group, m.Phrase, strength * s.Weight, s.Field, s.Text, m.Start, m.Length));
            });
        }

        private TopicClassifier Owner => owner;

        // Group, then phrase, then strongest first: the first of each (group, phrase) run is the one that counts.
        private static readonly Comparison<Contribution> Order = (a, b) =>
            a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Phrase != b.Phrase ? a.Phrase.CompareTo(b.Phrase) : b.Value.CompareTo(a.Value);

        public TopicAnalysis Decide()
        {
            if (_found is null) return Empty;
            var taxonomy = owner._taxonomy;
            _found.Sort(Order);
            var groupCount = owner._signalGroups;
            Span<double> miss = stackalloc double[groupCount]; // product of (1 - contribution)
            Span<double> mass = stackalloc double[groupCount]; // sum of contributions
            miss.Fill(1);
            for (var k = 0; k < _found.Count; k++)
            {
                var c = _found[k];
                if (k > 0 && _found[k - 1].Group == c.Group && _found[k - 1].Phrase == c.Phrase) continue; // each phrase once, at its best
                miss[c.Group] *= 1 - c.Value;
                mass[c.Group] += c.Value;
            }

            var topicCount = taxonomy.Topics.Count;
            var technicalMass = mass[owner._technicalGroup];
            // For each topic, the heaviest negative context that suppresses it (-1: none).
            Span<int> suppressor = stackalloc int[topicCount];
            suppressor.Fill(-1);
            for (var n = 0; n < taxonomy.NegativeContexts.Count; n++)
            {
                var g = topicCount + n;
                if (1 - miss[g] < taxonomy.Threshold) continue;
                if (taxonomy.NegativeContexts[n].TechnicalOverrides && mass[g] <= technicalMass) continue;
                foreach (var t in owner._suppressedBy[n])
                    if (suppressor[t] < 0 || mass[topicCount + suppressor[t]] < mass[g])
                        suppressor[t] = n;
            }

            List<TopicHit>? hits = null;
            List<SuppressedTopic>? suppressed = null;
            for (var t = 0; t < topicCount; t++)
            {
                var score = 1 - miss[t];
                if (score < taxonomy.Threshold) continue;
                var topic = taxonomy.Topics[t];
                var hit = new TopicHit(topic.Id, topic.Family, Math.Round(score, 3), topic.Severity, Evidence(t));
                if (suppressor[t] >= 0)
                {
                    var n = suppressor[t];
                    (suppressed ??= []).Add(new SuppressedTopic(hit, taxonomy.NegativeContexts[n].Id, Math.Round(1 - miss[topicCount + n], 3), Evidence(topicCount + n)));
                }
                else (hits ??= []).Add(hit);
            }
            hits?.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Severity.CompareTo(a.Severity));
            return new TopicAnalysis((IReadOnlyList<TopicHit>?)hits ?? [], (IReadOnlyList<SuppressedTopic>?)suppressed ?? []);
        }

        private IReadOnlyList<string> Evidence(int group)
        {
            var items = new List<Contribution>();
            for (var k = 0; k < _found!.Count; k++)
            {
                var c = _found[k];
                if (c.Group != group || (k > 0 && _found[k - 1].Group == group && _found[k - 1].Phrase == c.Phrase)) continue;
                items.Add(c);
            }
            return items.OrderByDescending(c => c.Value).ThenBy(c => c.Start)
                .Select(c => c.Evidence).Distinct().Take(MaxEvidence).ToArray();
        }
    }

    private static readonly TopicAnalysis Empty = new([], []);
}
