using CollabScreen.Model;
using CollabScreen.Topics;

namespace CollabScreen.Tests.Topics;

/// <summary>The classifier on real records: traps from the OpenAlex sample, word rules, evidence, negative contexts.</summary>
public class TopicClassifierTests
{
    private static TopicClassifier Classifier => TopicData.Classifier;

    private static TopicAnalysis Analyze(string openAlexId) => Classifier.Analyze(TopicData.OpenAlex[openAlexId]);

    [Theory]
    [InlineData("W2101790396")] // The distributed human neural system for face perception.
    [InlineData("W2134302492")] // Capturing specific abilities as a window into human individuality: the example of face recognition.
    [InlineData("W3043702047")] // fMRI of amygdala responses to emotional faces
    [InlineData("W2973016950")] // [The health determinants in young children: testing a new surveillance system in Italy].
    [InlineData("W3184556518")] // The ERACE-PA Global Surveillance Program (antimicrobial resistance)
    [InlineData("W2613792383")] // SEER "Surveillance, Epidemiology, and End Results" cohort
    [InlineData("W3172339469")] // Using SNSs for early detection of disease outbreak (public-health surveillance)
    [InlineData("W2613088714")] // Systematic review and meta-analysis of gait mechanics in young and older adults.
    [InlineData("W2982892500")] // gait speed and physical health in patients
    [InlineData("W2105680447")] // Normative biometrics for fetal ocular growth using volumetric MRI reconstruction.
    [InlineData("W2082174831")] // benzene adsorption on transition metal (111) surfaces
    [InlineData("W2972737638")] // a solid surface at a liquid-solid interface
    [InlineData("W3088271272")] // slippery surfaces inspired by fish scales
    [InlineData("W2089441618")] // "one face of the helix" (DNA)
    [InlineData("W2972737369")] // "face-to-face" pain management programs
    [InlineData("W3125841125")] // "in the face of uncertainties"
    [InlineData("W2941707390")] // gene "expression" levels
    [InlineData("W2972180470")] // diffusion MRI streamlines fibre-tracking
    [InlineData("W2089419692")] // Developmental dyslexia (eye movements)
    [InlineData("W2950373907")] // crowding in emergency departments
    [InlineData("W3006963540")] // ethnic identity, stigma and psychological health
    [InlineData("W3087736720")] // Deep learning and system identification
    public void Known_traps_in_the_OpenAlex_sample_are_not_flagged(string id)
    {
        var analysis = Analyze(id);
        Assert.True(analysis.Hits.Count == 0, $"{id} flagged: {string.Join("; ", analysis.Hits.Select(h => $"{h.Topic} {string.Join(", ", h.Evidence)}"))}");
    }

    [Theory]
    [InlineData("W2101790396", "face-recognition", "face-perception-psychology", "title: 'face perception'")]
    [InlineData("W2134302492", "face-recognition", "face-perception-psychology", "abstract: 'Cambridge Face Memory Test'")]
    [InlineData("W2973016950", "surveillance-video-analytics", "public-health-surveillance", "concept: 'Public health'")]
    [InlineData("W2105680447", "biometric-recognition", "clinical-gait-analysis", "title: 'fetal'")]
    public void A_trap_with_topic_words_is_suppressed_by_its_negative_context_with_evidence(string id, string topic, string context, string evidence)
    {
        var analysis = Analyze(id);
        var suppressed = Assert.Single(analysis.Suppressed, s => s.Hit.Topic == topic);
        Assert.Equal(context, suppressed.Context);
        Assert.Contains(evidence, suppressed.ContextEvidence);
        Assert.Empty(analysis.Hits);
    }

    [Fact]
    public void Face_mask_detection_is_flagged_as_face_recognition_with_title_abstract_and_concept_evidence()
    {
        var hit = Assert.Single(Analyze("W3142882742").Hits); // Real-time face mask detection method based on yolov3
        Assert.Equal("face-recognition", hit.Topic);
        Assert.Equal("face", hit.Family);
        Assert.True(hit.Score >= 0.9);
        Assert.Equal("title: 'face mask detection'", hit.Evidence[0]);
        Assert.Contains("abstract: 'Face Detection'", hit.Evidence);
        Assert.Contains(hit.Evidence, e => e.StartsWith("concept: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Attention Network Robustification for Person ReID", "title: 'Person ReID'")]
    [InlineData("Frustratingly Easy Person Re-Identification: Generalizing Person Re-ID in Practice", "title: 'Person Re-Identification'")]
    [InlineData("A Discriminatively Learned CNN Embedding for Person Reidentification", "title: 'Person Reidentification'")]
    [InlineData("A Novel Pedestrian Reidentification Method Based on a Multiview Generative Adversarial Network", "title: 'Pedestrian Reidentification'")]
    public void Spelling_variants_of_re_identification_match_and_quote_the_original_text(string title, string evidence)
    {
        var hit = Classifier.Classify(TopicData.Paper(title)).First(h => h.Topic == "person-reidentification");
        Assert.Equal(evidence, hit.Evidence[0]);
    }

    [Fact]
    public void The_plural_of_the_longest_vocabulary_word_is_still_looked_up()
    {
        // Word rule, not a corpus claim: "reidentification" is the longest pattern word (16 letters); its plural has 17.
        var hit = Assert.Single(TopicData.Classifier.Classify(TopicData.Titled("Reidentifications")));
        Assert.Equal("person-reidentification", hit.Topic);
        Assert.Equal(["title: 'Reidentifications'"], hit.Evidence);
    }

    [Fact]
    public void The_longest_phrase_wins_vehicle_re_identification_is_not_person_re_identification()
    {
        // Title only: the abstract of this real paper also mentions person re-identification.
        var hits = Classifier.Classify(TopicData.Titled(TopicData.Paper("Multi-Proxy Constraint Loss for Vehicle Re-Identification").Title!));
        var hit = Assert.Single(hits);
        Assert.Equal("vehicle-reidentification", hit.Topic);
        Assert.Equal("vehicle", hit.Family);
    }

    [Fact]
    public void Title_counts_more_than_abstract_and_full_text_least()
    {
        const string phrase = "person re-identification";
        var title = Classifier.Classify(TopicData.Titled($"A study of {phrase}")).Single().Score;
        var inAbstract = Classifier.Classify(TopicData.Titled("A study", $"We address {phrase}.")).Single().Score;
        var inFullText = Classifier.Classify(TopicData.Titled("A study"), $"We address {phrase}.");
        Assert.True(title > inAbstract, $"{title} vs {inAbstract}");
        Assert.Empty(inFullText); // one mention in full text alone is not enough
        var twice = Classifier.Classify(TopicData.Titled("A study"), $"We address {phrase} on Market-1501 and DukeMTMC-reID with non-overlapping cameras.");
        Assert.Equal("person-reidentification", Assert.Single(twice).Topic);
        Assert.StartsWith("fulltext: ", twice[0].Evidence[0]);
    }

    [Fact]
    public void Keywords_count_as_subject_evidence()
    {
        var work = TopicData.Titled("A lightweight network for edge devices") with
        {
            Subjects = [new SubjectTerm(SubjectKind.Keyword, "gait recognition"), new SubjectTerm(SubjectKind.Keyword, "edge computing")],
        };
        var hit = Assert.Single(Classifier.Classify(work));
        Assert.Equal("gait-recognition", hit.Topic);
        Assert.Equal(["keyword: 'gait recognition'"], hit.Evidence);
    }

    [Fact]
    public void Ethnicity_classification_is_reported_as_its_own_most_severe_topic()
    {
        var hits = Classifier.Classify(TopicData.Paper("Mitigating Bias in Gender, Age and Ethnicity Classification: A Multi-task Convolution Neural Network Approach"));
        var ethnicity = Assert.Single(hits, h => h.Topic == "ethnicity-race-classification");
        Assert.Equal(1.0, ethnicity.Severity);
        Assert.Contains("title: 'Gender, Age and Ethnicity Classification'", ethnicity.Evidence);
        Assert.Contains(hits, h => h.Topic == "facial-attribute-inference");
    }

    [Fact]
    public void Research_on_racial_bias_in_face_recognition_is_face_recognition_not_ethnicity_classification()
    {
        var hits = Classifier.Classify(TopicData.Paper("Racial Faces in the Wild: Reducing Racial Bias by Information Maximization Adaptation Network"));
        Assert.Equal("face-recognition", hits[0].Topic);
        Assert.DoesNotContain(hits, h => h.Topic == "ethnicity-race-classification");
    }

    // Negative contexts without an example in the shared data: real published papers, cited in the comment.

    [Fact]
    public void Eye_movements_during_multiple_object_tracking_is_psychology_not_tracking()
    {
        // Fehd and Seiffert, "Eye movements during multiple object tracking: Where do participants look?", Cognition 108 (2008).
        var analysis = Classifier.Analyze(TopicData.Titled("Eye movements during multiple object tracking: Where do participants look?"));
        Assert.Empty(analysis.Hits);
        Assert.Equal("eye-tracking", Assert.Single(analysis.Suppressed).Context);
    }

    [Fact]
    public void Re_identification_of_people_in_anonymised_records_is_privacy_research_not_person_re_identification()
    {
        // Rocher, Hendrickx and de Montjoye, Nature Communications 10, 3069 (2019): title and the opening of the abstract.
        var work = TopicData.Titled("Estimating the success of re-identifications in incomplete datasets using generative models",
            "While rich medical, behavioral, and socio-demographic data are key to modern data-driven research, their collection and use raise " +
            "legitimate privacy concerns. Anonymizing datasets through de-identification and sampling before sharing them has been the main tool " +
            "used to address those concerns.");
        var analysis = Classifier.Analyze(work);
        Assert.Empty(analysis.Hits);
        Assert.Equal("record-deidentification", Assert.Single(analysis.Suppressed).Context);
        // Benitez and Malin, "Evaluating re-identification risks with respect to the HIPAA privacy policies", JAMIA 17 (2010).
        Assert.Empty(Classifier.Classify(TopicData.Titled("Evaluating re-identification risks with respect to the HIPAA privacy policies")));
    }

    [Fact]
    public void Tracking_fish_or_sewer_defects_with_the_same_techniques_is_not_person_tracking()
    {
        var zebrafish = Classifier.Analyze(TopicData.Paper("3D-ZeF: A 3D Zebrafish Tracking Benchmark Dataset"));
        Assert.Empty(zebrafish.Hits);
        var sewer = Classifier.Analyze(TopicData.Paper("Automated sewer pipe defect tracking in CCTV videos based on defect detection and metric learning"));
        Assert.Empty(sewer.Hits);
        Assert.Contains(sewer.Suppressed, s => s.Context == "infrastructure-inspection");
    }

    [Fact]
    public void A_face_recognition_paper_that_mentions_perception_stays_flagged_technical_context_wins()
    {
        // Real paper from the MS-Celeb corpus whose abstract speaks of human perception of faces.
        var hits = Classifier.Classify(TopicData.Paper("Investigating the Impact of Inclusion in Face Recognition Training Data on Individual Face Identification"));
        Assert.Equal("face-recognition", hits[0].Topic);
    }

    [Fact]
    public void An_empty_work_has_no_topics()
    {
        Assert.Empty(Classifier.Analyze(TopicData.Titled("")).Hits);
        Assert.Empty(Classifier.Classify(new Work("x", null, null, null, null, null, null, null, [], [], [], new Origin("t", 0))));
    }
}

public class TopicClassifierConcurrencyTests
{
    [Fact]
    public void One_classifier_shared_by_threads_gives_the_same_answers()
    {
        var works = TopicData.Duke.Take(400).ToList();
        var serial = works.Select(w => string.Join("|", TopicData.Classifier.Classify(w).Select(h => $"{h.Topic}:{h.Score}:{string.Join(",", h.Evidence)}"))).ToList();
        var parallel = works.AsParallel().AsOrdered().WithDegreeOfParallelism(4)
            .Select(w => string.Join("|", TopicData.Classifier.Classify(w).Select(h => $"{h.Topic}:{h.Score}:{string.Join(",", h.Evidence)}"))).ToList();
        Assert.Equal(serial, parallel);
        Assert.True(serial.Count(s => s.Length > 0) > 300);
    }
}
