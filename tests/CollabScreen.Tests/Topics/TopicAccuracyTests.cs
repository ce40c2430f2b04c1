using CollabScreen.Model;

namespace CollabScreen.Tests.Topics;

/// <summary>
/// Accuracy floors on the shared gold-ish data. The dataset-harms corpora are papers citing MS-Celeb-1M (face)
/// and DukeMTMC (person); about 1 in 7 of them are general machine-learning papers with no surveillance word in
/// title or abstract (every unflagged paper is audited in docs/topics-audit.md), so the issue's 90% flagged is out
/// of reach without flagging papers that are not on the topics. Floors sit just under the measured figures.
/// </summary>
public class TopicAccuracyTests
{
    private static (int Papers, int Flagged, int RightFamily) Measure(IReadOnlyList<Work> corpus, string family)
    {
        int flagged = 0, right = 0;
        foreach (var w in corpus)
        {
            var hits = TopicData.Classifier.Classify(w);
            if (hits.Count == 0) continue;
            flagged++;
            if (hits.Any(h => h.Family == family)) right++;
        }
        return (corpus.Count, flagged, right);
    }

    [Fact]
    public void Dataset_harms_corpora_share_flagged_and_family_correctness_floors()
    {
        var face = Measure(TopicData.MsCeleb, "face");
        var person = Measure(TopicData.Duke, "person");
        Assert.Equal(1404, face.Papers);
        Assert.Equal(1393, person.Papers);
        var flaggedShare = (double)(face.Flagged + person.Flagged) / (face.Papers + person.Papers);
        var familyShare = (double)(face.RightFamily + person.RightFamily) / (face.Flagged + person.Flagged);
        // 84.2% before issue #14; 82.2% after it: 57 flags are refused, each listed with its reason in
        // docs/topics-vetoes-issue14.tsv (tasks named in a list, animals, generic object tracking, EEG, clinical faces).
        Assert.True(flaggedShare >= 0.82, $"flagged {flaggedShare:P1} (measured 82.2%)");
        Assert.True(familyShare >= 0.90, $"right family {familyShare:P1} (measured 92.5%)");
        Assert.True((double)person.Flagged / person.Papers >= 0.87, $"DukeMTMC flagged {person.Flagged} (1,231 before issue #14, 1,217 after: generic object and point-target tracking, animals)");
        Assert.True((double)person.RightFamily / person.Flagged >= 0.95, $"DukeMTMC person family {person.RightFamily}/{person.Flagged}");
        Assert.True((double)face.Flagged / face.Papers >= 0.76, $"MS-Celeb flagged {face.Flagged} (1,104 before issue #14, 1,081 after: tasks named in a list, animals, clinical faces)");
        Assert.True((double)face.RightFamily / face.Flagged >= 0.85, $"MS-Celeb face family {face.RightFamily}/{face.Flagged}");
    }

    [Fact]
    public void Bench_reports_the_share_flagged_among_papers_that_name_a_registry_dataset_beside_the_plain_share()
    {
        var (code, stdout, _) = CliRunner.Bench("topics", "--data", SharedData.Root, "--seconds", "0");
        Assert.Equal(0, code);
        // The existing lines stay (other tools read them); the dataset lines are added per corpus and for both.
        Assert.Matches(@"(?m)^== both corpora: [\d,]+ of 2,797 flagged \(\d+\.\d%\); expected family among flagged", stdout);
        Assert.Matches(@"(?m)^   flagged: [\d,]+ \(\d+\.\d%\); with a 'face' topic", stdout);
        var perCorpus = System.Text.RegularExpressions.Regex.Matches(stdout,
            @"(?m)^   naming a registry dataset in title/abstract \(used, not only discussed\): ([\d,]+) \(\d+\.\d%\); flagged among those: ([\d,]+) \((\d+\.\d)%\); with a '(face|person)' topic");
        Assert.Equal(2, perCorpus.Count);
        Assert.All(perCorpus, m => Assert.True(double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) >= 98, m.Value));
        Assert.Matches(@"(?m)^== both corpora, papers naming a registry dataset in title/abstract: [\d,]+ of 2,797; flagged [\d,]+ \(9\d\.\d%\)", stdout);
    }

    [Fact]
    public void OpenAlex_sample_flags_at_most_2_percent_and_each_flag_has_title_or_abstract_evidence()
    {
        var flagged = TopicData.OpenAlex.Values.Select(w => (Work: w, Hits: TopicData.Classifier.Classify(w))).Where(r => r.Hits.Count > 0).ToList();
        Assert.InRange(flagged.Count, 1, 20);
        // A flag never rests on OpenAlex's machine-assigned concepts alone.
        Assert.All(flagged, r => Assert.Contains(r.Hits[0].Evidence, e => e.StartsWith("title:") || e.StartsWith("abstract:")));
    }

    [Fact]
    public void Papers_that_name_a_topic_in_their_title_are_flagged()
    {
        // Recall on unambiguous titles across both corpora (real shared data).
        string[] cues = ["re-identification", "reidentification", "person reid", "face recognition", "face verification", "speaker verification", "gait recognition", "crowd counting", "multi-object tracking", "multiple object tracking", "facial expression recognition", "deepfake", "face swapping", "talking head"];
        var titled = TopicData.MsCeleb.Concat(TopicData.Duke)
            .Where(w => w.Title is { } t && cues.Any(c => t.Contains(c, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(titled.Count > 800, $"{titled.Count}");
        var missed = titled.Where(w => TopicData.Classifier.Classify(w).Count == 0).Select(w => w.Title).ToList();
        Assert.True(missed.Count <= titled.Count / 100, string.Join("\n", missed));
    }
}
