namespace CollabScreen.Sources;

/// <summary>
/// Which works to fetch from <c>/works</c>: by institution, authors (any of them), publication date range and
/// free text; every given part must hold. <see cref="Filter"/> is the OpenAlex <c>filter</c> parameter.
/// </summary>
public sealed record OpenAlexApiQuery
{
    public OpenAlexInstitutionRef? Institution { get; init; }
    public IReadOnlyList<OpenAlexAuthorRef> Authors { get; init; } = [];
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>OpenAlex full-text <c>search</c> (title, abstract, full text).</summary>
    public string? Search { get; init; }

    /// <summary>Why this query cannot be sent, or null when it can.</summary>
    public string? Problem()
    {
        if (Institution is null && Authors.Count == 0 && string.IsNullOrWhiteSpace(Search))
            return "select works with an institution, an author or a search text (a date range alone would select millions of works)";
        if (From is { } f && To is { } t && f > t)
            return $"the date range is empty: from {f:yyyy-MM-dd} is after to {t:yyyy-MM-dd}";
        if (Institution?.Kind == InstitutionRefKind.Name)
            return $"institution {Institution}: a name must be resolved to an OpenAlex id first (OpenAlexApiClient.ResolveInstitution)";
        if (Authors.Select(a => a.Kind).Distinct().Count() > 1)
            return "authors mix ORCIDs and OpenAlex ids; resolve the ORCIDs first (OpenAlexApiClient.ResolveAuthors)";
        return null;
    }

    /// <summary>The <c>filter</c> value, e.g. <c>authorships.institutions.ror:05d2yfz11,from_publication_date:2024-03-01</c>.</summary>
    public string Filter()
    {
        if (Problem() is { } problem) throw new InvalidOperationException(problem);
        var parts = new List<string>();
        if (Institution is { } i)
            // lineage also matches the institution's children (labs, departments) that OpenAlex files under it.
            parts.Add(i.Kind == InstitutionRefKind.Ror ? $"authorships.institutions.ror:{i.Value}" : $"authorships.institutions.lineage:{i.Value}");
        if (Authors.Count > 0)
        {
            var key = Authors[0].Kind == AuthorRefKind.Orcid ? "authorships.author.orcid" : "authorships.author.id";
            parts.Add($"{key}:{string.Join('|', Authors.Select(a => a.Value).Distinct())}");
        }
        if (From is { } from) parts.Add($"from_publication_date:{from:yyyy-MM-dd}");
        if (To is { } to) parts.Add($"to_publication_date:{to:yyyy-MM-dd}");
        return string.Join(',', parts);
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Institution is not null) parts.Add($"institution {Institution}");
        if (Authors.Count > 0) parts.Add($"author {string.Join(" or ", Authors)}");
        if (From is not null || To is not null) parts.Add($"published {From?.ToString("yyyy-MM-dd") ?? "…"} to {To?.ToString("yyyy-MM-dd") ?? "…"}");
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add($"search \"{Search}\"");
        return string.Join(", ", parts);
    }
}
