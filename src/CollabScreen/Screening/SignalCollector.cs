using CollabScreen.Datasets;
using CollabScreen.Matching;
using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Topics;

namespace CollabScreen.Screening;

/// <summary>
/// Gathers the signals of one work: co-author institutions from the source's own ids and from resolving the raw
/// affiliation strings (both kept, disagreements written out), their listings, topics and datasets. The producers
/// are passed in as functions so the CLI wires the real ones and tests can hand-build them. Ancestors (bare ROR ids
/// of an institution's ROR parents) let a lab found in the string confirm the university the source asserted.
/// </summary>
public sealed class SignalCollector(
    IReadOnlyDictionary<string, Watchlist> lists,
    Func<string, IReadOnlyList<MatchedListing>> listingsForRor,
    Func<string, IReadOnlyList<InstitutionMatch>>? resolve = null,
    Func<Work, IReadOnlyList<TopicHit>>? topics = null,
    Func<Work, IReadOnlyList<DatasetHit>>? datasets = null,
    Func<string, IEnumerable<string>>? ancestors = null)
{
    public bool Resolves => resolve is not null;

    public WorkSignals Collect(Work work)
    {
        var published = work.Date ?? (work.Year is { } y && y is > 0 and < 10000 ? new DateOnly(y, 1, 1) : null);
        var source = work.Id.Contains("openalex.org", StringComparison.OrdinalIgnoreCase) ? "OpenAlex" : "the source";
        var institutions = new List<InstitutionEvidence>();
        foreach (var authorship in work.Authorships)
            Institutions(authorship, published, source, institutions);
        // Listed partners first, so tables and reports lead with what matters.
        institutions.Sort((a, b) => b.Listed.CompareTo(a.Listed));
        return new WorkSignals(work, institutions,
            topics?.Invoke(work) ?? [],
            datasets?.Invoke(work) ?? []);
    }

    private void Institutions(Authorship a, DateOnly? published, string source, List<InstitutionEvidence> into)
    {
        // Source assertions, keyed by bare ROR id (or the source's own id when it gave no ROR).
        var asserted = new Dictionary<string, AssertedInstitution>(StringComparer.OrdinalIgnoreCase);
        foreach (var inst in a.Institutions)
        {
            var key = RorId.Bare(inst.Ror) ?? inst.Id ?? inst.Name;
            if (key is not null) asserted.TryAdd(key, inst);
        }
        // Our resolution of each raw string, keyed the same way; the first string that yields an institution wins.
        var resolved = new Dictionary<string, (InstitutionMatch Match, string Raw)>(StringComparer.OrdinalIgnoreCase);
        if (resolve is not null)
            foreach (var raw in a.RawAffiliations)
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                foreach (var m in resolve(raw))
                    if (RorId.Bare(m.Ror) is { } bare) resolved.TryAdd(bare, (m, raw));
            }

        // Everything the author's strings name, before kin folding: a string that names only others disputes an assertion.
        var named = resolved.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

        // A resolved lab or campus whose ROR parent the source asserted (or the reverse) confirms it at another
        // granularity: one institution, both witnesses, the finer one's listings added.
        var confirming = new Dictionary<string, List<(InstitutionMatch Match, string Raw)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (ror, found) in resolved.ToList())
        {
            if (asserted.ContainsKey(ror)) continue;
            var kin = asserted.Keys.FirstOrDefault(s => Related(ror, s));
            if (kin is null) continue;
            if (!confirming.TryGetValue(kin, out var list)) confirming[kin] = list = [];
            list.Add(found);
            resolved.Remove(ror);
        }

        var rawJoined = a.RawAffiliations.Count == 0 ? null : string.Join(" | ", a.RawAffiliations);
        var sourceRors = asserted.Where(kv => kv.Value.Ror is not null).ToList();

        foreach (var (key, inst) in asserted)
        {
            var ror = RorId.Bare(inst.Ror);
            var listings = new List<ListingEvidence>();
            if (ror is not null) AddListings(listings, listingsForRor(ror), published);
            (InstitutionMatch Match, string Raw)? witness = ror is not null && resolved.TryGetValue(ror, out var same) ? same : null;
            if (confirming.TryGetValue(key, out var finer))
            {
                foreach (var f in finer) AddListings(listings, f.Match.Listings, published);
                witness ??= finer[0];
            }
            if (witness is { } both)
            {
                AddListings(listings, both.Match.Listings, published);
                into.Add(new InstitutionEvidence(a.AuthorName, a.AuthorId, both.Raw, RorId.Url(ror), inst.Name ?? both.Match.Name,
                    inst.CountryCode ?? both.Match.Country, listings, AssertedBy.Both, both.Match.Score,
                    both.Match.Name == inst.Name ? both.Match.Matched : $"{both.Match.Matched} ({both.Match.Name})", null, inst.Id,
                    EvidenceStrength.Confirmed));
                continue;
            }
            // Only a named alternative is a disagreement; a string the resolver cannot place is just its silence. The
            // alternative may itself confirm another of the source's assertions (OpenAlex gives the author both
            // Nanyang Technological University and Tsinghua; the string names only NTU): it still names another one.
            var others = named.Where(r => r.Key != ror && (ror is null || !Related(r.Key, ror)))
                .Select(r => Describe(r.Value.Match.Name, r.Value.Match.Ror)).ToList();
            // A string that gives the asserted name only as the start of a longer one ("Zhejiang University" in
            // "Zhejiang University of Traditional Chinese Medicine") names another institution, registered or not.
            var longer = others.Count == 0 && ror is not null ? LongerName.Find(inst.Name, a.RawAffiliations) : null;
            // ... unless the registry knows the longer name as this institution's own (a full or former name).
            if (longer is not null && resolve is not null && resolve(longer).Any(m => RorId.Bare(m.Ror) is { } r && (r == ror || Related(r, ror!))))
                longer = null;
            if (longer is not null) others.Add($"\"{longer}\" (not {inst.Name})");
            var disagreement = ror is not null && others.Count > 0
                ? $"{source} asserts {Describe(inst.Name, ror)}; resolving \"{rawJoined}\" found {string.Join(", ", others)}"
                : null;
            // Disputed: the author's own string names another institution (a resolver match is above its threshold).
            into.Add(new InstitutionEvidence(a.AuthorName, a.AuthorId, rawJoined, RorId.Url(ror), inst.Name ?? key,
                inst.CountryCode, listings, AssertedBy.Source, null, null, disagreement, inst.Id,
                disagreement is not null ? EvidenceStrength.Disputed : EvidenceStrength.SourceOnly) { NamedInstead = longer });
        }

        foreach (var (ror, (match, raw)) in resolved)
        {
            if (asserted.ContainsKey(ror)) continue;
            var listings = new List<ListingEvidence>();
            AddListings(listings, match.Listings, published);
            string? disagreement = null;
            if (sourceRors.Count > 0)
                disagreement = $"resolving \"{raw}\" found {Describe(match.Name, ror)}; {source} asserts " +
                               string.Join(", ", sourceRors.Select(s => Describe(s.Value.Name, RorId.Bare(s.Value.Ror))));
            into.Add(new InstitutionEvidence(a.AuthorName, a.AuthorId, raw, RorId.Url(ror), match.Name, match.Country,
                listings, AssertedBy.Resolver, match.Score, match.Matched, disagreement, null, EvidenceStrength.String));
        }
    }

    private bool Related(string a, string b) =>
        ancestors is not null && (ancestors(a).Contains(b, StringComparer.OrdinalIgnoreCase) || ancestors(b).Contains(a, StringComparer.OrdinalIgnoreCase));

    private static string Describe(string? name, string? ror) =>
        ror is null ? name ?? "(unnamed)" : $"{name ?? "(unnamed)"} ({RorId.Bare(ror)})";

    private void AddListings(List<ListingEvidence> into, IReadOnlyList<MatchedListing> found, DateOnly? published)
    {
        foreach (var m in found)
        {
            var l = m.Listing;
            if (into.Any(e => e.List == l.List && e.EntryId == m.EntryId && e.Category == l.Category && e.Start == l.Start))
                continue;
            lists.TryGetValue(l.List, out var list);
            // The listing carries its list's kind; a list we do not know keeps the listing's own.
            into.Add(new ListingEvidence(l.List, list?.Name, l.Authority, list?.Kind ?? l.Kind, l.Category, l.Start, l.End, l.SourceUrl,
                m.EntryId, m.EntryName, m.ViaParent, l.Reason, ListingTimingNames.Of(l.Start, l.End, published), l.Tier) { ListVersion = list?.Version, Relation = m.Relation });
        }
    }
}

/// <summary>ROR ids come as "https://ror.org/01yqg2h08" or "01yqg2h08"; compare bare, print as URL.</summary>
public static class RorId
{
    public static string? Bare(string? ror)
    {
        if (string.IsNullOrWhiteSpace(ror)) return null;
        var s = ror.Trim();
        var slash = s.LastIndexOf('/');
        return (slash >= 0 ? s[(slash + 1)..] : s).ToLowerInvariant();
    }

    public static string? Url(string? ror) => Bare(ror) is { } b ? "https://ror.org/" + b : null;
}
