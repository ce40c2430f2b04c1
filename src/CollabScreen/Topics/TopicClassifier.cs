using CollabScreen.Model;

namespace CollabScreen.Topics;

/// <summary>A topic the classifier found but did not report, because a negative context outweighed the technical one.</summary>
public sealed record SuppressedTopic(TopicHit Hit, string Context, double ContextScore, IReadOnlyList<string> ContextEvidence);

/// <summary>
/// A topic that scored but was not reported because its evidence is not about what the topic needs (no person or
/// face named, only machine-assigned subject terms, a proceedings table of contents): the words and the veto.
/// </summary>
public sealed record VetoedTopic(TopicHit Hit, string Reason);

/// <summary>Everything the classifier decided about one work: reported hits, suppressed and vetoed ones, with reasons.</summary>
public sealed record TopicAnalysis(IReadOnlyList<TopicHit> Hits, IReadOnlyList<SuppressedTopic> Suppressed, IReadOnlyList<VetoedTopic>? Vetoed = null)
{
    public IReadOnlyList<VetoedTopic> Vetoed { get; init; } = Vetoed ?? [];
}

/// <summary>
/// Finds surveillance topics in a work from its title, subject terms (keywords, concepts), abstract and
/// optional full text. Each taxonomy phrase found contributes strength x field weight (title counts most,
/// full text least); a topic's score is 1 - product(1 - contribution) over its distinct phrases. A negative
/// context (psychology of faces, clinical gait, public-health surveillance, ...) suppresses the topics it
/// names when it reaches the threshold and its evidence outweighs the technical (CV/ML) vocabulary, unless one of
/// its "unless" phrases occurs. A topic with anchors ("about") is reported only when the work names what the topic
/// is about (a person, a face, a camera image); a topic found only in subject terms of a work that has an abstract
/// is vetoed, and so is everything in a proceedings front matter. Immutable after construction and safe to share between threads.
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
    // Gate phrases (topic anchors and context "unless" phrases), matched in their own pass so that a word inside a
    // longer topic phrase still counts ("facial" in "facial expression recognition").
    private readonly PhraseIndex _gates = new();
    private readonly List<int>[] _anchorPhrases; // per topic: gate phrase indices
    private readonly List<int>[] _unlessPhrases; // per negative context: gate phrase indices

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

        _anchorPhrases = taxonomy.Topics.Select(t => (t.About?.Phrases ?? []).Select(p => _gates.Add(Words.Split(p))).Distinct().ToList()).ToArray();
        _unlessPhrases = taxonomy.NegativeContexts.Select(c => c.Unless.Select(p => _gates.Add(Words.Split(p))).Distinct().ToList()).ToArray();
        _gates.Freeze();
    }

    public static TopicClassifier LoadBundled() => new(Taxonomy.LoadBundled());

    public static TopicClassifier Load(string taxonomyPath) => new(Taxonomy.Load(taxonomyPath));

    public IReadOnlyList<TopicHit> Classify(Work work) => Analyze(work).Hits;

    public IReadOnlyList<TopicHit> Classify(Work work, string? fullText) => Analyze(work, fullText).Hits;

    public TopicAnalysis Analyze(Work work, string? fullText = null)
    {
        var found = new Findings(this, !string.IsNullOrWhiteSpace(work.Abstract));
        var weights = _taxonomy.FieldWeights;
        found.Scan("title", work.Title, weights["title"]);
        foreach (var subject in work.Subjects)
        {
            var label = subject.Kind.ToString().ToLowerInvariant();
            // Machine-assigned subjects carry a score; a weak assignment (OpenAlex concepts go down to ~0.3) counts less.
            var confidence = subject.Score is { } s ? Math.Clamp(s / 0.5, 0, 1) : 1.0;
            // Subjects with a score are machine-assigned (OpenAlex concepts, WoS Keywords Plus); author keywords have none.
            found.Scan(label, subject.Name, weights.GetValueOrDefault(label, weights["keyword"]) * confidence, authored: subject.Score is null);
        }
        found.Scan("abstract", work.Abstract, weights["abstract"]);
        found.Scan("fulltext", fullText, weights["fulltext"]);
        var analysis = found.Decide();
        if (analysis.Hits.Count > 0 && FrontMatter.Why(work) is { } why)
            return analysis with { Hits = [], Vetoed = [.. analysis.Vetoed, .. analysis.Hits.Select(h => new VetoedTopic(h, why))] };
        return analysis;
    }

    /// <summary>One phrase found in one field, as evidence for one group (topic, negative context or technical context).</summary>
    private readonly record struct Contribution(int Group, int Phrase, double Value, string Field, string Text, int Start, int Length, bool Authored)
    {
        // Quoted only when it becomes evidence: most matches (e.g. technical words) never do.
        public string Evidence => $"{Field}: '{Text.AsSpan(Start, Length)}'";
    }

    /// <summary>Collects the phrases found in one work, field by field, and turns them into a decision.</summary>
    private sealed class Findings(TopicClassifier owner, bool hasAbstract)
    {
        private List<Contribution>? _found;
        private Dictionary<int, string>? _gatesFound; // gate phrase -> first place it was found
        private List<(int Phrase, string Field, int Start)>? _gateSpots; // every place a gate phrase was found

        public void Scan(string field, string? text, double fieldWeight, bool authored = true)
        {
            if (string.IsNullOrEmpty(text)) return;
            var gate = (this, field, text);
            owner._gates.Match(text, ref gate, static (ref (Findings Self, string Field, string Text) s, PhraseMatch m) =>
            {
                (s.Self._gatesFound ??= []).TryAdd(m.Phrase, $"{s.Field}: '{s.Text.AsSpan(m.Start, m.Length)}'");
                (s.Self._gateSpots ??= []).Add((m.Phrase, s.Field, m.Start));
            }, nested: true);
            if (fieldWeight <= 0) return;
            var state = (this, field, text, fieldWeight, authored);
            owner._index.Match(text, ref state, static (ref (Findings Self, string Field, string Text, double Weight, bool Authored) s, PhraseMatch m) =>
            {
                var found = s.Self._found ??= [];
                foreach (var (group, strength) in s.Self.Owner._signals[m.Phrase])
                    found.Add(new Contribution(group, m.Phrase, strength * s.Weight, s.Field, s.Text, m.Start, m.Length, s.Authored));
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
            Span<bool> inText = stackalloc bool[groupCount]; // some evidence in the title, abstract or full text
            miss.Fill(1);
            for (var k = 0; k < _found.Count; k++)
            {
                var c = _found[k];
                if (c.Authored) inText[c.Group] = true;
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
                if (owner._unlessPhrases[n].Any(p => _gatesFound?.ContainsKey(p) == true)) continue;
                foreach (var t in owner._suppressedBy[n])
                    if (suppressor[t] < 0 || mass[topicCount + suppressor[t]] < mass[g])
                        suppressor[t] = n;
            }

            List<TopicHit>? hits = null;
            List<SuppressedTopic>? suppressed = null;
            List<VetoedTopic>? vetoed = null;
            for (var t = 0; t < topicCount; t++)
            {
                var score = 1 - miss[t];
                if (score < taxonomy.Threshold) continue;
                var topic = taxonomy.Topics[t];
                IReadOnlyList<string>? about = null;
                if (topic.About is not null)
                    about = owner._anchorPhrases[t].Where(p => _gatesFound?.ContainsKey(p) == true).Select(p => _gatesFound![p]).Distinct().Take(3).ToArray();
                var hit = new TopicHit(topic.Id, topic.Family, Math.Round(score, 3), topic.Severity, Evidence(t), about);
                if (suppressor[t] >= 0)
                {
                    var n = suppressor[t];
                    (suppressed ??= []).Add(new SuppressedTopic(hit, taxonomy.NegativeContexts[n].Id, Math.Round(1 - miss[topicCount + n], 3), Evidence(topicCount + n)));
                }
                else if (about is { Count: 0 })
                    (vetoed ??= []).Add(new VetoedTopic(hit, $"the work names no {topic.About!.Description}"));
                else if (!inText[t] && hasAbstract)
                    (vetoed ??= []).Add(new VetoedTopic(hit, "found only in machine-assigned subject terms (concepts, Keywords Plus); the title, abstract and authors' keywords do not say it"));
                else if (PassingMention(t) is { } passing)
                    (vetoed ??= []).Add(new VetoedTopic(hit, $"named once, as one item of a list of tasks or applications ({passing}); nothing else in the work is about it"));
                else (hits ??= []).Add(hit);
            }
            hits?.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Severity.CompareTo(a.Severity));
            return new TopicAnalysis((IReadOnlyList<TopicHit>?)hits ?? [], (IReadOnlyList<SuppressedTopic>?)suppressed ?? [], vetoed);
        }

        /// <summary>
        /// A topic named once in passing: its only evidence is one phrase occurrence in the abstract, no other word of
        /// the topic and none of its anchors occurs anywhere else, and the sentence lists it as one of several tasks
        /// or applications ("... in image classification, object detection and person re-identification",
        /// "applications such as facial recognition"). Returns the quoted mention, or null.
        /// </summary>
        private string? PassingMention(int topic)
        {
            Contribution? only = null;
            foreach (var c in _found!)
            {
                if (c.Group != topic) continue;
                if (only is { } o && (o.Field != c.Field || o.Start != c.Start)) return null;
                only = c;
            }
            if (only is not { Field: "abstract" } mention) return null;
            foreach (var spot in _gateSpots ?? [])
                if (owner._anchorPhrases[topic].Contains(spot.Phrase) &&
                    (spot.Field != mention.Field || spot.Start < mention.Start || spot.Start >= mention.Start + mention.Length))
                    return null;
            return Enumerated(mention.Text, mention.Start, mention.Length) ? mention.Evidence : null;
        }

        /// <summary>The phrase at [start, start+length) is an item of an enumeration in its sentence.</summary>
        private static bool Enumerated(string text, int start, int length)
        {
            var from = start;
            while (from > 0 && !(text[from - 1] is '.' or ';' or '!' or '?' && (from >= text.Length || char.IsWhiteSpace(text[from])))) from--;
            var to = start + length;
            while (to < text.Length && !(text[to] is '.' or ';' or '!' or '?' && (to + 1 >= text.Length || char.IsWhiteSpace(text[to + 1])))) to++;
            var sentence = text.AsSpan(from, to - from).ToString();
            if (ListMarker.IsMatch(sentence)) return true;
            var before = text.AsSpan(from, start - from).TrimEnd();
            // A later item of a list: "..., X" or "... and X" / "... or X" after an earlier comma.
            return before.EndsWith(",") || ((before.EndsWith(" and") || before.EndsWith(" or")) && before.Contains(','));
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

    private static readonly System.Text.RegularExpressions.Regex ListMarker = new(
        @"\b(such as|e\.\s?g\b|for example|for instance|including|etc\b|and so on|among others)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);
}
