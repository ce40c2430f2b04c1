using CollabScreen.Model;
using CollabScreen.Screening;

namespace CollabScreen.Monitoring;

/// <summary>
/// Re-screens stored findings against the lists and policy in force now, without fetching their works again. A stored
/// finding keeps, per co-author, the affiliation string as printed, the institution the source asserted (ROR id, name,
/// country, the source's id) and the topics and datasets found in the text; listings are the only part that depends on
/// the lists. So the work is rebuilt from that evidence, its institutions collected again (the source's assertions and
/// the resolver over the same strings, with today's listings and listing dates), and the screener applied with the
/// stored topics and datasets.
/// </summary>
public static class Reevaluation
{
    public static Finding Reevaluate(Finding stored, SignalCollector collector, Screener screener)
    {
        var work = WorkOf(stored);
        var signals = collector.Collect(work) with { Topics = stored.Topics, Datasets = stored.Datasets };
        return screener.Assess(signals);
    }

    /// <summary>The work as far as its stored evidence describes it: id, dates, title, and each author's strings and asserted institutions.</summary>
    public static Work WorkOf(Finding f)
    {
        var authorships = new List<Authorship>();
        foreach (var author in f.Institutions.GroupBy(i => (i.Author, i.AuthorId)))
        {
            // Source-asserted institutions store all of the author's strings joined with " | "; resolver ones the string that matched.
            var raw = author.Where(i => i.Affiliation is not null)
                .SelectMany(i => i.AssertedBy == AssertedBy.Source ? i.Affiliation!.Split(" | ") : [i.Affiliation!])
                .Distinct(StringComparer.Ordinal).ToList();
            var asserted = author.Where(i => i.AssertedBy is AssertedBy.Source or AssertedBy.Both)
                .Select(i => new AssertedInstitution(i.SourceId, i.Ror, i.Name, i.Country, null)).ToList();
            authorships.Add(new Authorship(author.Key.Author, author.Key.AuthorId, null, null, raw, asserted));
        }
        return new Work(f.Work, f.Doi, f.Title, null, f.Year, f.Date, f.Venue, null, authorships, [], [], new Origin(f.Origin ?? "stored finding", 0));
    }
}
