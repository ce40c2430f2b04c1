namespace CollabScreen.Screening;

/// <summary>Applies a severity policy to a work's signals. Pure: the same signals always give the same finding.</summary>
public sealed class Screener(SeverityPolicy policy)
{
    public SeverityPolicy Policy { get; } = policy;

    public Finding Assess(WorkSignals signals)
    {
        var fired = Policy.Rules.Where(r => r.When.Holds(signals)).ToList();
        var severity = fired.Count == 0 ? Severity.None : fired.Max(r => r.Severity);
        var w = signals.Work;
        return new Finding(w.Id, w.Doi, w.Title, w.Year, w.Date, w.Venue, severity,
            fired.OrderByDescending(r => r.Severity).Select(r => r.Id).ToList(),
            signals.Institutions, signals.Topics, signals.Datasets, w.Origin.ToString(),
            fired.OrderByDescending(r => r.Severity).ToDictionary(r => r.Id, r => (IReadOnlyList<string>)r.When.Because(signals).ToList()))
        { MergedFrom = w.MergedFrom };
    }
}
