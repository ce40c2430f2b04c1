namespace CollabScreen.Topics;

/// <summary>
/// A surveillance topic found in a work. Evidence items read like "title: 'person re-identification'".
/// Severity is the taxonomy's default weight for the topic (0..1); Family groups topics (face, person, ...).
/// About, for topics whose evidence must be about a person or face, quotes the words that showed it was
/// ("abstract: 'pedestrians'"); null for topics without that requirement.
/// </summary>
public sealed record TopicHit(string Topic, string Family, double Score, double Severity, IReadOnlyList<string> Evidence,
    IReadOnlyList<string>? About = null);
