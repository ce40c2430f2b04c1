using CollabScreen.Topics;

namespace CollabScreen.Tests.Topics;

public class TaxonomyTests
{
    private static Taxonomy Bundled => TopicData.Classifier.Taxonomy;

    [Fact]
    public void Bundled_taxonomy_has_every_topic_the_issue_names()
    {
        var ids = Bundled.Topics.Select(t => t.Id).ToHashSet();
        string[] expected =
        [
            "face-recognition", "facial-attribute-inference", "ethnicity-race-classification", "facial-expression-recognition",
            "person-reidentification", "gait-recognition", "crowd-analysis", "pedestrian-tracking", "surveillance-video-analytics",
            "iris-recognition", "fingerprint-recognition", "palm-vein-recognition", "speaker-identification", "biometric-recognition",
            "vehicle-reidentification", "licence-plate-recognition", "lip-reading", "face-synthesis-deepfakes", "voice-cloning",
            "censorship-opinion-monitoring",
        ];
        Assert.Empty(expected.Except(ids));
        Assert.Equal("person", Bundled.Topics.Single(t => t.Id == "person-reidentification").Family);
        Assert.Equal("face", Bundled.Topics.Single(t => t.Id == "face-recognition").Family);
    }

    [Fact]
    public void Ethnicity_classification_is_its_own_topic_and_the_most_severe()
    {
        var ethnicity = Bundled.Topics.Single(t => t.Id == "ethnicity-race-classification");
        Assert.All(Bundled.Topics.Where(t => t != ethnicity), t => Assert.True(t.Severity < ethnicity.Severity, t.Id));
        Assert.Equal(1.0, ethnicity.Severity);
    }

    [Fact]
    public void Every_topic_is_reviewable_description_examples_family_severity_phrases()
    {
        Assert.All(Bundled.Topics, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Id);
            Assert.True(t.Examples.Count >= 2, $"{t.Id} needs example titles");
            Assert.False(string.IsNullOrWhiteSpace(t.Family), t.Id);
            Assert.InRange(t.Severity, 0.0, 1.0);
            Assert.Contains(t.Phrases, p => p.Strength == Strength.Strong);
        });
        string[] contexts = ["face-perception-psychology", "clinical-gait-analysis", "public-health-surveillance", "eye-tracking", "record-deidentification", "materials-and-engineering-faces"];
        Assert.Empty(contexts.Except(Bundled.NegativeContexts.Select(c => c.Id)));
    }

    /// <summary>
    /// Each topic's example titles are classified as that topic. Examples found in the dataset-harms corpora are
    /// classified as the real record (title + abstract); the others are published titles named in the taxonomy
    /// ("not in the shared data") and are classified from the title alone.
    /// </summary>
    [Fact]
    public void Every_topic_recognises_its_own_example_titles()
    {
        var failures = new List<string>();
        foreach (var topic in Bundled.Topics)
        foreach (var example in topic.Examples)
        {
            var cut = example.IndexOf(" (", StringComparison.Ordinal);
            var external = cut > 0 && example.Contains("not in the shared data");
            var work = external ? TopicData.Titled(example[..cut]) : TopicData.Paper(example);
            var hits = TopicData.Classifier.Classify(work);
            if (hits.All(h => h.Topic != topic.Id))
                failures.Add($"{topic.Id}: '{example}' -> [{string.Join(", ", hits.Select(h => h.Topic))}]");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Negative_context_examples_are_not_flagged()
    {
        var failures = new List<string>();
        foreach (var context in Bundled.NegativeContexts)
        foreach (var example in context.Examples)
        {
            var cut = example.IndexOf(" (", StringComparison.Ordinal);
            var external = cut > 0 && example.Contains("not in the shared data");
            var work = external ? TopicData.Titled(example[..cut]) : TopicData.Paper(example);
            var hits = TopicData.Classifier.Classify(work);
            if (hits.Count > 0) failures.Add($"{context.Id}: '{example}' -> [{string.Join(", ", hits.Select(h => h.Topic))}]");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void A_bad_taxonomy_file_is_rejected_naming_the_file_and_the_entry()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taxonomy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "threshold": 0.5, "strengths": {"strong": 0.9, "medium": 0.6, "weak": 0.2},
              "fieldWeights": {"title":1,"abstract":0.7,"fulltext":0.3,"keyword":0.8,"concept":0.7,"topic":0.8,"field":0.5},
              "topics": [ {"id": "x", "family": "face", "severity": 0.5, "description": "d", "examples": ["e"], "strong": ["face recognition"]} ],
              "negativeContexts": [ {"id": "n", "description": "d", "suppresses": ["family:nope"], "strong": ["fusiform"]} ] }
            """);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Taxonomy.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("negative context 'n'", e.Message);
            Assert.Contains("family:nope", e.Message);
        }
        finally { File.Delete(path); }
    }
}
