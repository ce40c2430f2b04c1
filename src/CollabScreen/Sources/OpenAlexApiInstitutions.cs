namespace CollabScreen.Sources;

/// <summary>One institution OpenAlex offered for a name search.</summary>
public sealed record OpenAlexInstitutionCandidate(string Id, string DisplayName, string? Ror, string? CountryCode, string? Type, long? WorksCount)
{
    /// <summary>The short OpenAlex id, e.g. I82880672.</summary>
    public string ShortId => Id.StartsWith("https://openalex.org/", StringComparison.Ordinal) ? Id[21..] : Id;

    public OpenAlexInstitutionRef AsRef() => new(InstitutionRefKind.OpenAlexId, ShortId);

    public override string ToString() =>
        $"{DisplayName} ({string.Join(", ", new[] { ShortId, Ror, CountryCode, Type, WorksCount is { } n ? $"{n:N0} works" : null }.OfType<string>())})";
}

/// <summary>
/// What a name search chose, and what it passed over, so the user can check the choice. The rule: a
/// candidate whose name equals the query (ignoring case) wins; else OpenAlex's most relevant result.
/// </summary>
public sealed record OpenAlexInstitutionChoice(string Query, OpenAlexInstitutionCandidate Chosen, IReadOnlyList<OpenAlexInstitutionCandidate> RunnersUp)
{
    public static OpenAlexInstitutionChoice? Choose(string query, IReadOnlyList<OpenAlexInstitutionCandidate> candidates)
    {
        if (candidates.Count == 0) return null;
        var chosen = candidates.FirstOrDefault(c => string.Equals(c.DisplayName, query.Trim(), StringComparison.OrdinalIgnoreCase)) ?? candidates[0];
        return new(query, chosen, candidates.Where(c => c != chosen).ToList());
    }

    /// <summary>Lines for a person: the choice, then the runners-up, then how to pin another one.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"institution \"{Query}\" → {Chosen}";
        foreach (var other in RunnersUp) yield return $"  not chosen: {other}";
        if (RunnersUp.Count > 0) yield return "  (to choose another, give its id, e.g. --institution " + RunnersUp[0].ShortId + ")";
    }
}
