using CollabScreen.Reference;

namespace CollabScreen.Screening;

/// <summary>A test over a work's signals, as written in a policy file. Conditions are data: see data/policy/README.md.</summary>
public abstract record PolicyCondition
{
    public abstract bool Holds(WorkSignals signals);

    /// <summary>The signals that make the condition hold, in words ("Beihang University: aspi-cdut Seven Sons of National Defence").</summary>
    public abstract IEnumerable<string> Because(WorkSignals signals);
}

public sealed record AllOf(IReadOnlyList<PolicyCondition> Conditions) : PolicyCondition
{
    public override bool Holds(WorkSignals s) => Conditions.All(c => c.Holds(s));
    public override IEnumerable<string> Because(WorkSignals s) => Conditions.SelectMany(c => c.Because(s)).Distinct();
}

public sealed record AnyOf(IReadOnlyList<PolicyCondition> Conditions) : PolicyCondition
{
    public override bool Holds(WorkSignals s) => Conditions.Any(c => c.Holds(s));
    public override IEnumerable<string> Because(WorkSignals s) => Conditions.Where(c => c.Holds(s)).SelectMany(c => c.Because(s)).Distinct();
}

public sealed record NotCondition(PolicyCondition Condition) : PolicyCondition
{
    public override bool Holds(WorkSignals s) => !Condition.Holds(s);
    public override IEnumerable<string> Because(WorkSignals s) => [];
}

/// <summary>
/// True when some co-author institution has a listing that passes every given filter (a null filter passes all).
/// Values within one filter are alternatives; string comparisons ignore case. Strength is the exception: without
/// a strength filter a disputed pair does not count (the author's own string names another institution), so a
/// disputed listing never raises severity unless the policy asks for it with "strength": [..., "disputed"].
/// </summary>
public sealed record ListingCondition(
    IReadOnlyList<string>? Lists = null,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<ListKind>? Kinds = null,
    IReadOnlyList<ListingTiming>? Timings = null,
    IReadOnlyList<AssertedBy>? AssertedBy = null,
    IReadOnlyList<RiskTier>? Tiers = null,
    IReadOnlyList<EvidenceStrength>? Strengths = null) : PolicyCondition
{
    /// <summary>true: only listings an institution carries through a parent (a unit or subsidiary); false: only direct ones; null: both.</summary>
    public bool? ViaParent { get; init; }

    private static readonly EvidenceStrength[] Undisputed = [EvidenceStrength.Confirmed, EvidenceStrength.String, EvidenceStrength.SourceOnly];

    private bool Counts(InstitutionEvidence i) =>
        (AssertedBy is null || AssertedBy.Contains(i.AssertedBy)) && (Strengths ?? Undisputed).Contains(i.Strength);

    public override bool Holds(WorkSignals s) =>
        s.Institutions.Any(i => Counts(i) && i.Listings.Any(Matches));

    public override IEnumerable<string> Because(WorkSignals s) =>
        s.Institutions.Where(Counts)
            .SelectMany(i => i.Listings.Where(Matches).Select(l => $"{i.Name}: {l.List}{(l.Category is null ? "" : " " + l.Category)}"))
            .Distinct();

    public bool Matches(ListingEvidence l) =>
        In(Lists, l.List) && In(Categories, l.Category) &&
        (Kinds is null || l.Kind is { } k && Kinds.Contains(k)) &&
        (Timings is null || Timings.Contains(l.Timing)) &&
        (Tiers is null || Tiers.Contains(l.Tier ?? RiskTiers.For(l.Kind ?? ListKind.Assessment, l.Category))) &&
        (ViaParent is null || (l.ViaParent is not null) == ViaParent);

    internal static bool In(IReadOnlyList<string>? allowed, string? value) =>
        allowed is null || value is not null && allowed.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}

/// <summary>True when the work has a topic hit with one of the given topics/families and at least MinScore.</summary>
public sealed record TopicCondition(
    IReadOnlyList<string>? Topics = null,
    IReadOnlyList<string>? Families = null,
    double MinScore = 0) : PolicyCondition
{
    public override bool Holds(WorkSignals s) =>
        s.Topics.Any(Matches);

    public override IEnumerable<string> Because(WorkSignals s) => s.Topics.Where(Matches).Select(t => $"topic {t.Topic}");

    private bool Matches(CollabScreen.Topics.TopicHit t) =>
        t.Score >= MinScore && ListingCondition.In(Topics, t.Topic) && ListingCondition.In(Families, t.Family);
}

/// <summary>
/// True when the work has a dataset hit with one of the given statuses, contexts and datasets. Withdrawn = true asks
/// for a dataset that was itself withdrawn or decommissioned, or derives from one (DukeMTMC-reID from DukeMTMC).
/// </summary>
public sealed record DatasetCondition(
    IReadOnlyList<string>? Statuses = null,
    IReadOnlyList<string>? Contexts = null,
    IReadOnlyList<string>? Datasets = null,
    bool? Withdrawn = null) : PolicyCondition
{
    public override bool Holds(WorkSignals s) => s.Datasets.Any(Matches);

    public override IEnumerable<string> Because(WorkSignals s) =>
        s.Datasets.Where(Matches).Select(d => $"dataset {d.Name} ({d.Status}{(d.DerivedFromWithdrawn is { } w ? ", derived from withdrawn " + w : "")})");

    private bool Matches(CollabScreen.Datasets.DatasetHit d) =>
        ListingCondition.In(Statuses, d.Status) && ListingCondition.In(Contexts, d.Context) &&
        (Datasets is null || ListingCondition.In(Datasets, d.Dataset) || ListingCondition.In(Datasets, d.Parent)) &&
        (Withdrawn is null || WithdrawnLineage(d) == Withdrawn);

    /// <summary>The dataset or one it derives from was withdrawn (the detector names the withdrawn ancestor).</summary>
    public static bool WithdrawnLineage(CollabScreen.Datasets.DatasetHit d) =>
        CollabScreen.Datasets.DatasetRegistry.IsWithdrawn(d.Status) || d.DerivedFromWithdrawn is not null || d.Withdrawn is not null;
}
