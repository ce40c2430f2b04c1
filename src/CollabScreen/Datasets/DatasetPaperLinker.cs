using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Datasets;

public enum PaperLookupOutcome
{
    /// <summary>OpenAlex has the DOI and its title matches the registry's paper title.</summary>
    Linked,
    /// <summary>OpenAlex has the DOI under another title: refused, never linked.</summary>
    TitleMismatch,
    /// <summary>OpenAlex has no work with the DOI (HTTP 404).</summary>
    NotFound,
    /// <summary>No answer (network, quota, server error): earlier links for this DOI are kept.</summary>
    Failed,
}

/// <summary>One DOI of one dataset paper looked up in OpenAlex, and what came of it (a link only when Linked).</summary>
public sealed record PaperLookup(string Dataset, string Doi, string Url, PaperLookupOutcome Outcome, string Message)
{
    public DatasetLink? Link { get; init; }
    public string? FoundTitle { get; init; }
}

/// <summary>
/// Finds the OpenAlex work ids of dataset papers by DOI (the paper's DOI and its arXiv DOI 10.48550/arXiv.ID, since
/// OpenAlex may hold either record or both: a work citing either cites the paper) and accepts an id only when
/// OpenAlex's title is the registry's paper title. A wrong id would turn unrelated citations into findings.
/// </summary>
public sealed class DatasetPaperLinker(OpenAlexApiClient client)
{
    /// <summary>A record can be linked when it has a DOI or an arXiv id and a paper title to check the answer against.</summary>
    public static bool CanLink(DatasetRecord r) => r.PaperTitle is not null && r.PaperDois().Any();

    /// <summary>
    /// Each of the record's paper DOIs, looked up in order; one failing DOI does not stop the next. A link's date is
    /// the day OpenAlex answered (for a cached answer, the day it was cached).
    /// </summary>
    public IEnumerable<PaperLookup> Lookup(DatasetRecord r, CancellationToken cancel = default)
    {
        if (r.PaperTitle is null) throw new ArgumentException($"'{r.Id}' has no paper_title to check OpenAlex's answer against", nameof(r));
        foreach (var doi in r.PaperDois())
        {
            var url = OpenAlexApiUrl.WorkByDoi(client.Options.BaseUrl, doi);
            OpenAlexWorkAnswer? answer = null;
            string? failure = null;
            try { answer = client.WorkByDoi(doi, cancel); }
            catch (OpenAlexApiException e) { failure = e.Reason; }
            if (failure is not null) { yield return new(r.Id, doi, url, PaperLookupOutcome.Failed, failure); continue; }
            if (answer is null) { yield return new(r.Id, doi, url, PaperLookupOutcome.NotFound, "OpenAlex has no work with this DOI"); continue; }
            var (work, day) = (answer.Work, DateOnly.FromDateTime(answer.ReceivedAt.UtcDateTime));
            var cached = answer.FromCache ? $" (from the cache, {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : "";
            var title = work.Title ?? "";
            if (!SameTitle(title, r.PaperTitle))
            {
                yield return new(r.Id, doi, url, PaperLookupOutcome.TitleMismatch,
                    $"refused: OpenAlex {ShortId(work.Id)} is titled \"{title}\", the registry's paper is \"{r.PaperTitle}\"; " +
                    "not linked (check the record's doi/arxiv and paper_title)" + cached) { FoundTitle = title };
                continue;
            }
            var link = new DatasetLink(r.Id, work.Id, doi, title, url, day);
            yield return new(r.Id, doi, url, PaperLookupOutcome.Linked, $"{ShortId(work.Id)} \"{title}\"{cached}") { Link = link, FoundTitle = title };
        }
    }

    /// <summary>
    /// The links file after a run: this run's links replace the earlier ones for every DOI that got an answer (linked,
    /// not found, refused); for a DOI that got no answer the earlier links stay, so a network failure loses nothing.
    /// </summary>
    public static IReadOnlyList<DatasetLink> Merge(IReadOnlyList<DatasetLink> previous, IReadOnlyList<PaperLookup> lookups)
    {
        var answered = lookups.Where(l => l.Outcome != PaperLookupOutcome.Failed)
            .Select(l => Key(l.Dataset, l.Doi)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return previous.Where(p => !answered.Contains(Key(p.Dataset, p.Doi)))
            .Concat(lookups.Select(l => l.Link).OfType<DatasetLink>())
            .DistinctBy(l => Key(l.Dataset, l.Doi) + " " + l.OpenAlex.ToLowerInvariant())
            .ToList();
    }

    private static string Key(string dataset, string doi) => dataset.ToLowerInvariant() + " " + OpenAlexApiUrl.BareDoi(doi).ToLowerInvariant();

    /// <summary>
    /// Titles compared as words: markup (&lt;i&gt;), case, accents, punctuation and spacing ignored, so
    /// "Racial Faces in-the-Wild: ..." is "Racial faces in the wild ...", but a different paper is not.
    /// </summary>
    public static bool SameTitle(string a, string b) => Normalise(a) is { Length: > 0 } n && n == Normalise(b);

    internal static string Normalise(string title)
    {
        var text = Regex.Replace(title, "<[^>]{1,20}>", " ").Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static string ShortId(string id) => id.StartsWith("https://openalex.org/", StringComparison.OrdinalIgnoreCase) ? id[21..] : id;
}
