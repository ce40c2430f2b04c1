namespace CollabScreen.Datasets;

/// <summary>The small word lists that decide whether a short dataset name is meant (all compared ignoring case).</summary>
internal static class Vocab
{
    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(params string[] words) =>
        new HashSet<string>(words, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Face =
        Set("face", "faces", "facial", "celebrity", "celebrities", "selfie", "selfies", "biometric", "biometrics", "expression", "expressions");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Person =
        Set("person", "persons", "pedestrian", "pedestrians", "people", "reid", "identification", "tracking", "tracklet", "tracklets",
            "crowd", "crowds", "crowded", "surveillance", "camera", "cameras", "multicamera", "head", "heads");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DatasetWords =
        Set("dataset", "datasets", "database", "databases", "benchmark", "benchmarks", "data", "set", "sets", "corpus");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Institution =
        Set("university", "univ", "universities", "hospital", "health", "medical", "medicine", "chronicle", "kunshan", "energy", "campus", "school", "ece");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Pretrained =
        Set("pretrained", "pre", "model", "models", "weights", "checkpoint", "checkpoints", "embedding", "embeddings", "features", "extractor", "extracted");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Loss =
        Set("loss", "losses", "margin", "softmax", "penalty", "objective");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Negation =
        Set("unlike", "instead", "rather", "without", "not", "never", "no", "except", "excluding", "avoid", "avoids", "avoiding", "contrast", "opposed");
    /// <summary>Words that may stand between a negation and the name it governs: "instead of using the", "do not train on".</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NegationFiller =
        Set("of", "than", "to", "using", "use", "used", "uses", "the", "a", "an", "any", "on", "from", "with", "like", "such", "as",
            "train", "trained", "training", "rely", "relying", "include", "including", "need", "needing", "requiring", "data", "images", "public");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Withdrawal =
        Set("withdrawn", "withdrew", "withdrawal", "retracted", "retraction", "decommissioned", "discontinued",
            "scrutiny", "consent", "ethical", "ethics", "controversy", "controversial");

    public static bool IsFace(ReadOnlySpan<char> w) => Face.Contains(w);
    public static bool IsPerson(ReadOnlySpan<char> w) => Person.Contains(w);
    public static bool IsDatasetWord(ReadOnlySpan<char> w) => DatasetWords.Contains(w);
    public static bool IsInstitutionWord(ReadOnlySpan<char> w) => !w.IsEmpty && Institution.Contains(w);
    public static bool IsPretrainedWord(ReadOnlySpan<char> w) => Pretrained.Contains(w);
    public static bool IsLossWord(ReadOnlySpan<char> w) => !w.IsEmpty && Loss.Contains(w);
    public static bool IsNegationCue(ReadOnlySpan<char> w) => Negation.Contains(w);
    public static bool IsNegationFiller(ReadOnlySpan<char> w) => NegationFiller.Contains(w);
    public static bool IsWithdrawalWord(ReadOnlySpan<char> w) => Withdrawal.Contains(w);
}
