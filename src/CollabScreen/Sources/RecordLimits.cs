using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Size limits per record, applied to every work as it is read (all formats): a field over its limit is cut, and
/// the cut is reported with the record's file, line and field. Without them one 50 MB field made `screen` peak
/// above 1 GB and a 1 MB affiliation string kept the resolver busy for minutes. See docs/limits.md.
/// </summary>
public static class RecordLimits
{
    /// <summary>One affiliation string as printed (the longest in the shared OpenAlex sample: 249 characters).</summary>
    public const int Affiliation = 4_096;
    /// <summary>Title, venue, author name, subject name, id, DOI.</summary>
    public const int ShortText = 4_096;
    /// <summary>An abstract (the longest in the shared OpenAlex sample is about 5,800 characters).</summary>
    public const int Abstract = 100_000;
    /// <summary>Affiliation strings per author.</summary>
    public const int AffiliationsPerAuthor = 100;

    /// <summary>The work with every over-long field cut; each cut is reported once per field as a warning.</summary>
    public static Work Enforce(Work work, ReadReport report)
    {
        HashSet<string>? cut = null;
        string? Cut(string? value, int limit, string field)
        {
            if (value is null || value.Length <= limit) return value;
            if ((cut ??= []).Add(field))
                report.Warn(new ReadError(work.Origin.Source, work.Origin.Line,
                    $"field '{field}': {value.Length:N0} characters, over the limit of {limit:N0}; cut to the first {limit:N0} (docs/limits.md)"));
            return CutAt(value, limit);
        }

        if (!NeedsCut(work)) return work;
        var authorships = work.Authorships.Select((a, i) =>
        {
            var raws = a.RawAffiliations;
            if (raws.Count > AffiliationsPerAuthor)
            {
                if ((cut ??= []).Add("authorships.raw_affiliations"))
                    report.Warn(new ReadError(work.Origin.Source, work.Origin.Line,
                        $"field 'authorships[{i}].raw_affiliations': {raws.Count:N0} strings, over the limit of {AffiliationsPerAuthor}; kept the first {AffiliationsPerAuthor}"));
                raws = raws.Take(AffiliationsPerAuthor).ToList();
            }
            return a with
            {
                AuthorName = Cut(a.AuthorName, ShortText, "authorships.author"),
                RawAffiliations = raws.Select(r => Cut(r, Affiliation, $"authorships[{i}].raw_affiliations")!).ToList(),
            };
        }).ToList();
        return work with
        {
            Id = Cut(work.Id, ShortText, "id")!,
            Doi = Cut(work.Doi, ShortText, "doi"),
            Title = Cut(work.Title, ShortText, "title"),
            Venue = Cut(work.Venue, ShortText, "venue"),
            Abstract = Cut(work.Abstract, Abstract, "abstract"),
            Authorships = authorships,
            Subjects = work.Subjects.Select(s => s with { Name = Cut(s.Name, ShortText, "subjects.name")! }).ToList(),
        };
    }

    private static bool NeedsCut(Work w) =>
        Over(w.Id, ShortText) || Over(w.Doi, ShortText) || Over(w.Title, ShortText) || Over(w.Venue, ShortText) || Over(w.Abstract, Abstract)
        || w.Subjects.Any(s => Over(s.Name, ShortText))
        || w.Authorships.Any(a => Over(a.AuthorName, ShortText) || a.RawAffiliations.Count > AffiliationsPerAuthor || a.RawAffiliations.Any(r => Over(r, Affiliation)));

    private static bool Over(string? s, int limit) => s is not null && s.Length > limit;

    /// <summary>The first <paramref name="limit"/> characters, ended at the last separator in its last quarter (so no name is cut in half) and never inside a surrogate pair.</summary>
    public static string CutAt(string value, int limit)
    {
        if (value.Length <= limit) return value;
        var end = limit;
        var separator = value.AsSpan(0, limit).LastIndexOfAny(';', ',', '\n');
        if (separator >= limit * 3 / 4) end = separator;
        else if (char.IsHighSurrogate(value[end - 1])) end--;
        return value[..end];
    }
}
