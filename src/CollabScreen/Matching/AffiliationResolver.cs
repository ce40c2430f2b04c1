using System.Diagnostics;
using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>
/// Resolves a raw affiliation string to zero or more institutions, as OpenSanctions-style matchers do:
/// normalise, generate candidates from the name index (every indexed name found as a token span), score each
/// with named features and weights (<see cref="MatchWeights"/>), then decide: keep the best candidate of a span
/// only when it is strong and clearly ahead of the next, otherwise abstain.
/// </summary>
public sealed class AffiliationResolver
{
    private static readonly HashSet<string> HeadWords = ["univ", "coll", "inst", "acad", "polytech"];
    // Words that open a sub-unit phrase ("Department of Physics University of Oxford" is not a longer name).
    private static readonly HashSet<string> UnitWords =
    [
        "dept", "sch", "fac", "lab", "ctr", "division", "div", "unit", "group", "program", "programme", "key", "state", "section",
        "clin", "hosp", "inst", "coll", "grad", "graduate", "res", "college", "office", "chair", "cluster", "team", "national", "natl",
    ];
    // Names that open with these are sub-units ("Department of Earth Sciences", "School of Medicine").
    private static readonly HashSet<string> SubUnitWords = ["dept", "division", "div", "fac", "sch", "section", "unit", "group", "program", "programme", "chair", "team", "cluster", "office"];
    private static readonly HashSet<string> Directions = ["north", "south", "east", "west", "northwest", "northeast", "southwest", "southeast", "central", "northern", "southern", "eastern", "western", "upper", "lower", "new", "greater"];
    // Chinese characters that end an address part, so what follows can start a name ("湖南省长沙市国防科技大学").
    private static readonly HashSet<string> CjkAddressEnds = ["市", "省", "区", "县", "国", "路", "号", "镇"];

    private readonly RorRegistry? _registry;
    private readonly Watchlists _lists;
    private readonly Places _places;
    private readonly Dictionary<string, int> _candidateByRor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _candidateByEntry = new(StringComparer.Ordinal);
    private readonly (string? City, string? Region)[] _placeKeys;
    private readonly double[] _prominence;

    private static string? PlaceKey(string? place) => place is null ? null : Places.Canonical(AffiliationText.Key(AffiliationText.Tokenise(place, removeNoise: false)));

    public NameIndex Index { get; }
    public CompanyBrands Brands { get; }
    public TimeSpan BuildTime { get; }
    public double Threshold { get; init; } = MatchWeights.Threshold;

    public AffiliationResolver(RorRegistry? registry, Watchlists lists)
    {
        var watch = Stopwatch.StartNew();
        _registry = registry;
        _lists = lists;
        _places = new Places(registry);
        var candidates = new List<Candidate>();
        if (registry is not null)
        {
            foreach (var i in registry.Institutions)
            {
                var names = i.Names.Select(n => (n.Value, n.Kind)).ToList();
                // The watchlists' names for a registry institution count as its aliases ("国防科技大学", "NUDT").
                foreach (var e in lists.ForRor(i.Ror))
                    if (e.RorIds.Count == 1)
                        foreach (var n in NamesOf(e)) names.Add((n, KindOf(n)));
                var successors = i.Links.Where(l => l.Type == "successor").Select(l => RorRegistry.FullId(l.Ror)).ToList();
                var parents = i.Links.Where(l => l.Type == "parent").Select(l => RorRegistry.FullId(l.Ror)).ToList();
                // A record ROR withdrew without a successor is never an answer; its parent is the nearest one that stands
                // ("University of Maryland School of Medicine" → University of Maryland, Baltimore).
                var toParent = i.Status == "withdrawn" && successors.Count == 0 && parents.Count > 0;
                candidates.Add(new Candidate(RorRegistry.FullId(i.Ror), i.Name, i.Country, i.City, i.Region, i.IsActive,
                    toParent ? parents : successors, parents, names) { Types = i.Types, WithdrawnToParent = toParent });
            }
        }
        // Watchlist entries the registry does not hold (companies, or no registry at all) are searched by their own names.
        foreach (var e in lists.Entries)
        {
            if (registry is not null && e.RorIds.Any(registry.Contains)) continue;
            var names = NamesOf(e).Select(n => (n, KindOf(n))).ToList();
            names[0] = (e.Name, NameKind.Display);
            var ror = e.RorIds.FirstOrDefault() is { } r ? RorRegistry.FullId(r) : "";
            var parents = e.ParentId is not null && lists.Get(e.ParentId) is { } p && p.RorIds.FirstOrDefault() is { } pr ? [RorRegistry.FullId(pr)] : new List<string>();
            candidates.Add(new Candidate(ror, e.Name, e.Country, null, null, true, [], parents, names, e)
                { Types = e.Type is "institution" ? ["education"] : e.Type is { } t ? [t] : [] });
        }
        for (var c = 0; c < candidates.Count; c++)
            if (candidates[c].Ror.Length > 0) _candidateByRor.TryAdd(candidates[c].Ror, c);
        var keyCache = new Dictionary<string, string>(StringComparer.Ordinal);
        string? CachedKey(string? place) => place is null ? null
            : keyCache.TryGetValue(place, out var k) ? k : keyCache[place] = PlaceKey(place)!;
        _placeKeys = candidates.Select(c => (CachedKey(c.City), CachedKey(c.Region))).ToArray();
        _prominence = candidates.Select(c => registry?.Get(c.Ror) is { } i ? Math.Min(1, Math.Log10(1 + i.Links.Count) / 2) : 0).ToArray();
        Index = new NameIndex(candidates);
        for (var c = 0; c < candidates.Count; c++)
            if (candidates[c].Entry is { } entry) _candidateByEntry.TryAdd(entry.Id, c);
        Brands = new CompanyBrands(Index, lists, registry, t => _places.Get(t) is not null);
        BuildTime = watch.Elapsed;
    }

    /// <summary>An entry's names, with the other renderings of an armed-force or police institution's (<see cref="ForceNames"/>).</summary>
    private static IEnumerable<string> NamesOf(WatchlistEntry e) =>
        ForceNames.Applies(e) ? e.AllNames().Concat(e.AllNames().SelectMany(ForceNames.Expand)).Distinct(StringComparer.Ordinal) : e.AllNames();

    private static NameKind KindOf(string name) => IsAcronym(name) ? NameKind.Acronym : NameKind.Alias;

    private static bool IsAcronym(string s) => s.Length is >= 2 and <= 10 && !s.Contains(' ') && s.Count(char.IsUpper) >= 2 && s.All(ch => char.IsUpper(ch) || char.IsDigit(ch) || ch == '-' || ch == '&');

    public IReadOnlyList<InstitutionMatch> Resolve(string raw) => Resolve(raw, null);

    /// <summary>Resolve and, when <paramref name="trace"/> is given, record every candidate considered with its features.</summary>
    public IReadOnlyList<InstitutionMatch> Resolve(string raw, List<string>? trace)
    {
        // Bounded work per string: readers already cut longer strings with a warning naming the record (RecordLimits).
        raw = CollabScreen.Sources.RecordLimits.CutAt(raw, CollabScreen.Sources.RecordLimits.Affiliation);
        var tokens = AffiliationText.Tokenise(CountryAfterDash(WithoutAddressNotes(UnglueWords(raw))));
        if (tokens.Count == 0) return [];
        // Misspelt name words ("Universty", "Institue") are read as the one name word they are an edit away from,
        // with a registry only (the watchlists alone are too few words to tell a typo from another name) and never
        // for a place ("Qinghai" is not a misspelt "Qinghua").
        HashSet<int>? corrected = null;
        for (var i = 0; _registry is not null && i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Cjk || Index.TokenId(t.Text) >= 0 || _places.Get(t.Text) is not null || Index.Correct(t.Surface) is not { } fixedText) continue;
            if (tokens is not List<Token> list) tokens = list = tokens.ToList();
            list[i] = t with { Text = fixedText };
            (corrected ??= []).Add(i);
        }
        var spans = Index.FindSpans(tokens);
        // A whole segment whose words are a name's words in another order is a candidate too.
        var bagSpans = new HashSet<(int, int)>();
        var spanAt = spans.Select(s => (s.Start, s.Length)).ToHashSet(); // not spans.Any per segment: quadratic in the string's length
        for (int start = 0, end; start < tokens.Count; start = end)
        {
            end = start + 1;
            while (end < tokens.Count && tokens[end].Segment == tokens[start].Segment) end++;
            if (tokens[start].Cjk || spanAt.Contains((start, end - start))) continue;
            if (Index.FindBag(tokens, start, end - start) is { } bag) { spans.Add((start, end - start, bag)); bagSpans.Add((start, end - start)); }
        }
        if (spans.Count == 0) return [];

        var places = _places.Find(tokens);
        // A name may run over a comma only where the registry's name has one too, or into a place
        // ("University of California, San Diego"); "Science, University of Tokyo" is not "Science University of Tokyo".
        if (spans.Any(s => tokens[s.Start].Segment != tokens[s.Start + s.Length - 1].Segment))
        {
            var allSpans = spans.ToArray();
            spans.RemoveAll(s => !CrossesValidly(s, tokens, places, allSpans));
        }

        // Longest names first; a span that is decided, or is that name but ambiguous, claims its tokens, so
        // "Nanjing University" inside "Nanjing University of Aeronautics and Astronautics" never competes with
        // the longer name. A span ruled out by evidence (wrong country or city, extra words) claims nothing:
        // "Lombardi Comprehensive Cancer Center Georgetown" must not swallow "Georgetown University".
        spans.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var context = new Context(tokens, places, spans) { BagSpans = bagSpans, Corrected = corrected };
        var claimed = new bool[tokens.Count];
        var found = new List<(int Start, int Part, InstitutionMatch Match, Candidate Cand)>();
        var ends = new Dictionary<int, (int End, int Segment)>();
        foreach (var span in spans)
        {
            var free = true;
            for (var k = span.Start; k < span.Start + span.Length; k++) if (claimed[k]) { free = false; break; }
            if (!free) continue;
            var best = DecideSpan(span, context, trace, out var ruledOut);
            if (best is not null)
            {
                found.Add((span.Start, tokens[span.Start].Part, best.Value.Match, best.Value.Cand));
                ends[span.Start] = (span.Start + span.Length, tokens[span.Start].Segment);
            }
            if (best is not null || !ruledOut)
                for (var k = span.Start; k < span.Start + span.Length; k++) claimed[k] = true;
        }
        // "Peking University Shenzhen Graduate School": a name glued right after another institution's name, in
        // the same segment, is a unit of that institution, not the look-alike the registry knows by the tail alone
        // (Tsinghua's "Graduate School at Shenzhen"). Only a registered child of the first name stays.
        // Only after a university, and only across a place ("Shenzhen"): "Medical College of Wisconsin and Marquette
        // University" names two, and a State Key Laboratory before its institute is the institute's unit, not the reverse.
        found.RemoveAll(b => found.Any(a => a.Start < b.Start && a.Cand.Types.Contains("education")
            && ends[a.Start].Segment == tokens[b.Start].Segment
            && OnlyPlacesBetween(ends[a.Start].End, b.Start, places) && !b.Cand.Parents.Contains(a.Match.Ror)));
        AddBrandMatches(context, found);
        return Select(found, MembershipPhrases(tokens));
    }

    /// <summary>
    /// A listed company's brand opening a segment ("Tencent Jarvis Lab", "SenseTime Res", "Zhuzhou CRRC Times Semicond Co
    /// Ltd") is that company, or the branch of it the registry knows in the string's country ("ZTE USA Inc" → ZTE (United
    /// States), a subsidiary of ZTE), unless a name already found in the same affiliation reaches it. Rules in <see cref="CompanyBrands"/>.
    /// </summary>
    private void AddBrandMatches(Context ctx, List<(int Start, int Part, InstitutionMatch Match, Candidate Cand)> found)
    {
        var tokens = ctx.Tokens;
        for (var k = 0; k < tokens.Count; k++)
        {
            if (Brands.At(tokens, k, j => ctx.PlaceToken[j]) is not { } brand) continue;
            var part = tokens[k].Part;
            ctx.CountriesByPart.TryGetValue(part, out var countries);
            var home = brand.Entry.Country;
            var homeNamed = home is not null && countries is not null && (countries.Contains(home) || (home == "CN" && countries.Contains("HK")));
            // A city of the company's country named in the affiliation places it there too ("CRRC Qingdao Sifang").
            var homeCity = home is not null && ctx.Places.Any(p => p.Place.Kind == PlaceKind.City && p.Place.Countries.Contains(home) && tokens[p.Start].Part == part);
            // A shared acronym needs the company's country, and either no namesake there or, when the namesakes there are
            // no companies, a legal form after it ("BGI Tech Solutions Co Ltd" is not the Beijing Graphene Institute).
            if (brand.Shared && (!(homeNamed || homeCity) || (brand.NamesakeCountries.Contains(home!)
                && (brand.CompanyNamesakeCountries.Contains(home!) || !CompanyBrands.CompanyWordAfter(tokens, k))))) continue;
            if (found.Any(f => f.Part == part && f.Match.Listings.Any(l => l.EntryId == brand.Entry.Id))) continue;
            // The branch the registry knows in the named country ("ZTE (United States)"), else the listed company itself.
            var cand = countries is { Count: > 0 } && !homeNamed
                ? brand.Family.Select(i => Index.Candidates[i]).FirstOrDefault(c => c.Ror.Length > 0 && c.Active && c.Country is { } cc && countries.Contains(cc))
                : null;
            // A branch the registry does not link to the company is no better than the company itself.
            if (cand is not null && ListingsFor(cand).Count == 0) cand = null;
            cand ??= CandidateOf(brand.Entry);
            if (cand is null) continue;
            var features = new Dictionary<string, double>(StringComparer.Ordinal) { ["brand_word"] = 1 };
            if (k == 0 || tokens[k - 1].Segment != tokens[k].Segment) features["segment_aligned"] = 0.5;
            // Hong Kong and Macau count as China and the reverse: a mainland company's Hong Kong office ("SenseTime Group Limited, Hong Kong").
            // "Huawei Technol Canada Co Ltd, Markham, ON, Canada" with no Canadian branch in the registry: a distinctive brand's
            // office abroad is still the company (a shared acronym never gets here without the company's country).
            if (cand.Entry == brand.Entry || (cand.Ror.Length > 0 && brand.Entry.RorIds.Any(r => RorRegistry.FullId(r) == cand.Ror)))
                if (countries is { Count: > 0 } && !homeNamed && !brand.Shared) { features["branch_abroad"] = 1; countries = null; }
            if (cand.Country is { } country && countries is { Count: > 0 })
                features[countries.Contains(country) || (country is "HK" or "MO" && countries.Contains("CN")) || (country == "CN" && (countries.Contains("HK") || countries.Contains("MO")))
                    ? "country_match" : "country_conflict"] = 1;
            if (brand.Shared) features["brand_shared_acronym"] = 1;
            var score = MatchWeights.Score(features);
            if (score < Threshold) continue;
            var end = k;
            while (end + 1 < tokens.Count && tokens[end + 1].Segment == tokens[k].Segment) end++;
            var matched = string.Join(' ', Enumerable.Range(k, end - k + 1).Select(j => tokens[j].Surface));
            var match = new InstitutionMatch(cand.Ror, cand.Name, cand.Country, Math.Round(Math.Clamp(score, 0, 1), 3), matched, features, ListingsFor(cand));
            if (match.Listings.Count == 0) continue;
            found.Add((k, part, match, cand));
        }
    }

    private Candidate? CandidateOf(WatchlistEntry entry)
    {
        foreach (var r in entry.RorIds)
            if (_candidateByRor.TryGetValue(RorRegistry.FullId(r), out var c)) return Index.Candidates[c];
        return _candidateByEntry.TryGetValue(entry.Id, out var e) ? Index.Candidates[e] : null;
    }

    /// <summary>
    /// Words run together where a space or line break was lost ("Peking UniversityShenzhen Graduate School", "Current
    /// addressKhalifa University", "CONICETUniversidad de Buenos Aires") are parted at the change of case, unless the
    /// whole word is a name word ("DeepMind", "UCLouvain").
    /// </summary>
    private string UnglueWords(string raw)
    {
        List<int>? cuts = null;
        for (int i = 3, start = 0; i < raw.Length; i++)
        {
            if (!char.IsLetter(raw[i - 1])) { start = i; continue; }
            var c = raw[i];
            if (!char.IsUpper(c)) continue;
            // "...ityS": three lower-case letters before a capital; "CONICETU": two capitals before a capital that opens a word.
            if (!char.IsLower(raw[i - 1]) && !char.IsUpper(raw[i - 1])) continue;
            var lowerBefore = char.IsLower(raw[i - 1]) && char.IsLower(raw[i - 2])
                && (char.IsLower(raw[i - 3])
                    || (i - start is 2 && AffiliationText.Connectors.Contains(raw.Substring(start, 2))));   // "atJohnson", "ofUniversity", "laUniversidad"
            var upperBefore = char.IsUpper(raw[i - 1]) && char.IsUpper(raw[i - 2]) && i + 2 < raw.Length && char.IsLower(raw[i + 1]) && char.IsLower(raw[i + 2]);
            if ((!lowerBefore && !upperBefore) || i + 1 == raw.Length || !char.IsLower(raw[i + 1])) continue;
            var end = i;
            while (end < raw.Length && char.IsLetter(raw[end])) end++;
            if (Index.TokenId(AffiliationText.Canonical(raw[start..end].ToLowerInvariant())) >= 0) { i = end; continue; }
            (cuts ??= []).Add(i);
        }
        if (cuts is null) return raw;
        var text = new System.Text.StringBuilder(raw.Length + cuts.Count);
        var from = 0;
        foreach (var cut in cuts) { text.Append(raw, from, cut - from).Append(' '); from = cut; }
        return text.Append(raw, from, raw.Length - from).ToString();
    }

    // "Current address:", "Currently at", "Present address", "Now with", "Also at", "On leave from": notes before an affiliation.
    private static readonly System.Text.RegularExpressions.Regex AddressNote = new(
        @"(^|[;,(]\s*)(?:current(?:ly)?(?:\s+(?:address|at|with|in))?|present\s+address|permanent\s+address|now\s+(?:at|with)|also\s+(?:at|with)|on\s+leave\s+from)\b\s*:?",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // India's "deemed university" status written into the name: "Symbiosis International (Deemed University)",
    // "GITAM Deemed to Be University", "Yenepoya (Deemed to Be University)" are "... University".
    private static readonly System.Text.RegularExpressions.Regex DeemedUniversity = new(
        @"\s*\(?\s*\bdeemed(?:[\s-]+to[\s-]+be)?[\s-]+(universit\w*)\s*\)?",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex DashTail = new(@"\s+[-–—]\s+(?<tail>[^-–—,;()]+?)\s*$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// "National University of Defense Technology - China", "Academy of Military Medical Sciences - China" (OpenAlex and
    /// ROR's API logs): a country after a spaced dash ending the string is an address part, as after a comma.
    /// </summary>
    private string CountryAfterDash(string raw)
    {
        if (raw.IndexOf(" - ", StringComparison.Ordinal) < 0 && raw.IndexOf(" – ", StringComparison.Ordinal) < 0) return raw;
        var m = DashTail.Match(raw);
        if (!m.Success) return raw;
        var key = Places.Canonical(AffiliationText.Key(AffiliationText.Tokenise(m.Groups["tail"].Value, removeNoise: false)));
        return _places.Get(key) is { Kind: PlaceKind.Country } ? raw[..m.Index] + ", " + m.Groups["tail"].Value : raw;
    }

    /// <summary>
    /// An address note before an affiliation ends its segment, so the affiliation opens its own ("Current address:
    /// Google"); a deemed university's status is not part of its name.
    /// </summary>
    private static string WithoutAddressNotes(string raw)
    {
        if (raw.Contains("urrent", StringComparison.OrdinalIgnoreCase) || raw.Contains(" address", StringComparison.OrdinalIgnoreCase)
            || raw.Contains("now ", StringComparison.OrdinalIgnoreCase) || raw.Contains("also ", StringComparison.OrdinalIgnoreCase)
            || raw.Contains("on leave", StringComparison.OrdinalIgnoreCase))
            raw = AddressNote.Replace(raw, "$1,");
        // "The Gandhigram Rural Institute (Deemed to be University)" stays the Institute.
        return raw.Contains("deemed", StringComparison.OrdinalIgnoreCase)
            ? DeemedUniversity.Replace(raw, m => System.Text.RegularExpressions.Regex.IsMatch(raw[..m.Index], @"(?i)\b(institute|college|academy|school|centre|center)\W*$") ? "" : " " + m.Groups[1].Value)
            : raw;
    }

    /// <summary>
    /// From <paramref name="next"/> to the end of its segment there are only company legal forms ("Fujitsu Ltd",
    /// "Canon Inc", "... Co Ltd"), which end a name as written without making it another name.
    /// </summary>
    private static bool OnlyLegalFormsFollow(int next, IReadOnlyList<Token> tokens)
    {
        if (next >= tokens.Count || tokens[next].Segment != tokens[next - 1].Segment) return false;
        for (var k = next; k < tokens.Count && tokens[k].Segment == tokens[next].Segment; k++)
            if (tokens[k].Cjk || !(NameIndex.LegalForms.Contains(tokens[k].Text) || tokens[k].Text == "co")) return false;
        return true;
    }

    /// <summary>True when [from, to) holds at least one token and every one lies in a place name ("Shenzhen").</summary>
    private static bool OnlyPlacesBetween(int from, int to, List<(int Start, int Length, Place Place)> places)
    {
        for (var k = from; k < to; k++)
            if (!places.Any(p => p.Start <= k && k < p.Start + p.Length)) return false;
        return from < to;
    }

    /// <summary>
    /// One institution per affiliation (';'-separated part): "Department, Hospital, University" names one
    /// affiliation, and the registry's answer is the university (else the last named). Other institutions of the
    /// part are kept only when they carry listings, so a listed institution is never hidden.
    /// </summary>
    private IReadOnlyList<InstitutionMatch> Select(List<(int Start, int Part, InstitutionMatch Match, Candidate Cand)> found, List<int> membership)
    {
        if (found.Count == 0) return [];
        var result = new List<InstitutionMatch>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in found.OrderBy(f => f.Start).GroupBy(f => f.Part))
        {
            var items = part.OrderBy(f => f.Start).ToList();
            // "Charité – Universitätsmedizin Berlin, corporate member of Freie Universität Berlin and Humboldt-Universität":
            // what follows a membership phrase describes the institution before it; it is not the affiliation.
            var before = items.Where(f => !membership.Any(m => m < f.Start && items.Any(g => g.Start < m))).ToList();
            // Prefer a university, then other organisations, hospitals, facilities; among those, a parent over
            // its own child named beside it; then the last named (the broadest, before the address).
            var rors = before.Select(f => f.Match.Ror).ToHashSet();
            var primary = before
                .Select((f, i) => (f, i))
                .OrderBy(x => x.f.Match.Features.ContainsKey("name_acronym") ? 1 : 0)
                .ThenBy(x => TypeRank(x.f.Cand))
                .ThenBy(x => x.f.Cand.Parents.Any(rors.Contains) ? 1 : 0)
                .ThenByDescending(x => x.i)
                .First().f;
            var primaryEntries = primary.Match.Listings.Select(l => l.EntryId).ToHashSet();
            foreach (var f in items)
            {
                var key = f.Match.Ror.Length > 0 ? f.Match.Ror : "entry:" + f.Match.Name;
                if (f.Match == primary.Match)
                {
                    if (seen.Add(key)) result.Add(f.Match);
                }
                // Another institution of the same affiliation is kept when it brings listings of its own (not
                // just the primary's, as "State Key Laboratory of Virology, ..., Wuhan University" would).
                else if (f.Match.Listings.Any(l => !primaryEntries.Contains(l.EntryId)) && seen.Add(key))
                {
                    var features = new Dictionary<string, double>(f.Match.Features) { ["secondary_in_affiliation"] = 1 };
                    result.Add(f.Match with { Features = features });
                }
            }
        }
        return result;
    }

    /// <summary>Token positions that open a membership phrase ("corporate member of", "a joint venture between").</summary>
    private static List<int> MembershipPhrases(IReadOnlyList<Token> tokens)
    {
        var result = new List<int>();
        for (var k = 1; k < tokens.Count; k++)
            if ((tokens[k].Text == "member" && tokens[k - 1].Text == "corporate") || (tokens[k].Text == "venture" && tokens[k - 1].Text == "joint"))
                result.Add(k);
        return result;
    }

    private static int TypeRank(Candidate c) =>
        c.Types.Contains("education") ? 0 : c.Types.Contains("healthcare") ? 2 : c.Types.Contains("facility") ? 3 : 1;

    private static bool IsWholeSegment(int start, int length, IReadOnlyList<Token> tokens) =>
        (start == 0 || tokens[start - 1].Segment != tokens[start].Segment)
        && (start + length == tokens.Count || tokens[start + length].Segment != tokens[start + length - 1].Segment);

    private bool CrossesValidly((int Start, int Length, List<int> Variants) span, IReadOnlyList<Token> tokens, List<(int Start, int Length, Place Place)> places,
        (int Start, int Length, List<int> Variants)[] allSpans)
    {
        ulong crossings = 0;
        for (var k = 1; k < span.Length; k++)
            if (tokens[span.Start + k].Segment != tokens[span.Start + k - 1].Segment) crossings |= 1UL << k;
        if (crossings == 0) return true;
        // Every crossing is either in the name itself, or what follows the last crossing is a place, after a name
        // that opens its segment ("University of California, San Diego"; not "Qilu Hospital of Shan Dong University, Jinan").
        // "National Heart, Lung and Blood Institute": a long name written with a comma of its own, when it fills its
        // segments exactly and no segment after a comma is a name by itself ("Science, University of Tokyo").
        if (span.Length >= 4 && IsWholeSegment(span.Start, span.Length, tokens)
            && !allSpans.Any(o => o.Start > span.Start && o.Start < span.Start + span.Length && (crossings & (1UL << (o.Start - span.Start))) != 0
                && IsWholeSegment(o.Start, o.Length, tokens) && o.Variants.Any(id => !Index.Variants[id].HeadOmitted)))
            return true;
        var lastCross = 63 - System.Numerics.BitOperations.LeadingZeroCount(crossings);
        var opensSegment = span.Start == 0 || tokens[span.Start - 1].Segment != tokens[span.Start].Segment;
        var tailIsPlace = opensSegment && places.Any(p => p.Start == span.Start + lastCross && p.Start + p.Length == span.Start + span.Length);
        var unexplainedBeforeLast = crossings & ~(1UL << lastCross);
        foreach (var vid in span.Variants)
        {
            var breaks = Index.Variants[vid].Breaks;
            if ((crossings & ~breaks) == 0) return true;
            if (tailIsPlace && (unexplainedBeforeLast & ~breaks) == 0) return true;
        }
        return false;
    }

    /// <summary>What the whole string says about places, shared by the spans' scoring.</summary>
    private sealed class Context
    {
        public IReadOnlyList<Token> Tokens { get; }
        public Dictionary<int, HashSet<string>> CountriesByPart { get; } = new();
        public HashSet<string> PlaceKeys { get; } = new(StringComparer.Ordinal);
        public List<(int Start, int Length, Place Place)> Places { get; }
        public HashSet<(int, int)> BagSpans { get; init; } = [];
        public HashSet<int>? Corrected { get; init; }
        /// <summary>Token k lies inside a place name.</summary>
        public bool[] PlaceToken { get; }
        /// <summary>Segments made of place names and numbers only: the address parts ("Tbilisi", "Boston, MA 02115").</summary>
        public HashSet<int> AddressSegments { get; } = [];

        public Context(IReadOnlyList<Token> tokens, List<(int Start, int Length, Place Place)> places, List<(int Start, int Length, List<int> Variants)> spans)
        {
            Tokens = tokens;
            Places = places;
            var placeToken = PlaceToken = new bool[tokens.Count];
            foreach (var (start, length, _) in places)
                for (var k = start; k < start + length; k++) placeToken[k] = true;
            AddressSegments.UnionWith(tokens.Select(t => t.Segment));
            for (var k = 0; k < tokens.Count; k++)
                if (!placeToken[k] && !char.IsDigit(tokens[k].Text[0])) AddressSegments.Remove(tokens[k].Segment);
            foreach (var (start, length, place) in places)
            {
                PlaceKeys.Add(place.Key);
                if (place.Kind == PlaceKind.City) continue;
                // A country inside a longer name ("... of China") says nothing about where the author is.
                if (spans.Any(t => t.Length > length && start >= t.Start && start + length <= t.Start + t.Length)) continue;
                // Nor does one that more words follow in its segment ("Prince of Wales Hospital"); an address
                // ends with its country or province, perhaps before a postcode.
                var k = start + length;
                while (k < tokens.Count && tokens[k].Segment == tokens[start].Segment && (placeToken[k] || char.IsDigit(tokens[k].Text[0]))) k++;
                if (k < tokens.Count && tokens[k].Segment == tokens[start].Segment) continue;
                var part = tokens[start].Part;
                if (!CountriesByPart.TryGetValue(part, out var set)) CountriesByPart[part] = set = new HashSet<string>(StringComparer.Ordinal);
                set.UnionWith(place.Countries);
            }
        }
    }

    private static readonly string[] RuledOutBy = ["country_conflict", "other_city_named", "extra_word", "word_order_without_place"];

    private (InstitutionMatch Match, Candidate Cand)? DecideSpan((int Start, int Length, List<int> Variants) span, Context ctx, List<string>? trace, out bool ruledOut)
    {
        ruledOut = false;
        var tokens = ctx.Tokens;
        var first = tokens[span.Start];
        var last = tokens[span.Start + span.Length - 1];
        var alignedStart = span.Start == 0 || tokens[span.Start - 1].Segment != first.Segment;
        var alignedEnd = span.Start + span.Length == tokens.Count || tokens[span.Start + span.Length].Segment != last.Segment
            || OnlyLegalFormsFollow(span.Start + span.Length, tokens);
        var extraWord = ExtraWordAfter(span.Start, span.Start + span.Length, ctx) || ExtraWordBefore(span.Start, span.Length, ctx, Index);
        string? surfaceKeyCache = null;
        string SurfaceKey() => surfaceKeyCache ??= string.Join(' ', Enumerable.Range(span.Start, span.Length).Select(k => tokens[k].Surface));
        // "Shanghai Artificial Intelligence Research Institute" is not the Spanish one; "Ankara Güven Hospital" is Güven Hospital in Ankara.
        var gluedPlace = span.Start > 0 && tokens[span.Start - 1].Segment == first.Segment && first.Connector is null && !first.Dashed && !first.Cjk
            && ctx.PlaceKeys.Contains(tokens[span.Start - 1].Text) ? tokens[span.Start - 1].Text : null;
        ctx.CountriesByPart.TryGetValue(first.Part, out var partCountries);
        var plaPrefix = PlaPrefix(span.Start, ctx);

        // Best variant per candidate, after following successors of withdrawn/inactive records.
        var scored = new Dictionary<string, (Candidate Cand, NameVariant Variant, Dictionary<string, double> Features, double Score)>(StringComparer.Ordinal);
        foreach (var vid in span.Variants)
        {
            var v = Index.Variants[vid];
            // "University of Groningen and University Medical Center Groningen" names two institutions: a name without
            // an "and" of its own never runs over one ("Groningen University Medical Center").
            if (!v.HasConjunction && ConjunctionInside(span.Start, span.Length, tokens)) continue;
            if (v.Kind == NameKind.Acronym)
            {
                // An acronym alone is never enough: written in capitals, it must open its segment and either stand alone
                // there, or be followed by its own city only ("FMI Basel"), by a unit of it ("UCLA School of
                // Dentistry") or, for a university, by "University" ("VIT University"); it still needs its city or country below.
                if (!first.Upper || !alignedStart || !(alignedEnd || OnlyOwnCityAfter(v.Candidate, span.Start + span.Length, ctx)
                    || UnitFollows(span.Start + span.Length, ctx) || UniversityOfAcronym(v.Candidate, span.Start + span.Length, ctx))) continue;
            }
            // "Yale School of Public Health": a university's short name opens its segment, right before a school or
            // college of it ("Vishwakarma Institute of ..." is another institution), is not a place ("Nanjing School of
            // ..." is not Nanjing University), and is a word few institutions' names use ("American College of
            // Cardiology" is not American University).
            else if (v.HeadOmitted)
            {
                var next = span.Start + span.Length;
                if (!alignedStart || !UnitFollows(next, ctx) || ctx.Tokens[next].Text is not ("sch" or "coll") || _places.Get(v.Key) is not null
                    || Index.InstitutionsUsing(v.Key) >= MatchWeights.ShortNameMaxInstitutions) continue;
            }
            // One-word names ("Medicina", "Wing") and generic ones ("Institute of Physics") must stand as a whole
            // segment: inside a longer phrase they are ordinary words. A generic name may open its segment before a
            // unit of it ("Chinese Academy of Sciences Center for Excellence ...") or its own city ("Federal University
            // of Technology Akure").
            else if ((v.Generic || (v.Length == 1 && !v.Cjk)) && !(alignedStart && (alignedEnd
                || (v.Generic && (UnitFollows(span.Start + span.Length, ctx) || OnlyOwnCityAfter(v.Candidate, span.Start + span.Length, ctx)
                    || OnlyOwnCountryAfter(v.Candidate, span.Start + span.Length, ctx)))))
                && !(v.Generic && alignedEnd && (AfterOwnUnitPhrase(vid, span.Start, ctx) || (plaPrefix && IsPlaInstitution(Index.Candidates[v.Candidate]))))) continue;
            // A one-word name that is also a place ("Iwata") is read as the place; so are a name's words in another
            // order that are only a place and address words ("New York City" is an address, not "City of New York").
            if (v.Length == 1 && !v.Cjk && _places.Get(v.Key) is not null) continue;
            if (ctx.BagSpans.Contains((span.Start, span.Length)) && OnlyPlaceAndAddressWords(span.Start, span.Length, ctx)) continue;
            // Another word order around a long generic core is another name: "University of Science and Technology of
            // Hanoi" is not "Hanoi University of Science and Technology" ("Copenhagen University" = "University of Copenhagen").
            if (ctx.BagSpans.Contains((span.Start, span.Length)) && LongGenericCore(span.Start, span.Length, ctx)) continue;
            var cand = Index.Candidates[v.Candidate];
            var features = new Dictionary<string, double>(StringComparer.Ordinal);
            if (v.HeadOmitted) features["short_name_before_unit"] = 1;
            features["name_" + v.Kind.ToString().ToLowerInvariant()] = 1;
            if (v.CountryOmitted) features["company_name_without_country"] = 1;
            if (ctx.Corrected is { } fixes && fixes.Any(k => k >= span.Start && k < span.Start + span.Length)) features["spelling_corrected"] = 1;
            if (ctx.BagSpans.Contains((span.Start, span.Length))) features["word_order_differs"] = 1;
            // A name shortened by its city is not the name as spelt (unless the city is named: below).
            else if (v.SurfaceKey == SurfaceKey() && !v.CityOmitted) features["spelling_exact"] = 1;
            features["segment_aligned"] = (alignedStart ? 0.5 : 0) + (alignedEnd ? 0.5 : 0);
            if ((extraWord && !(v.Kind == NameKind.Acronym && UniversityOfAcronym(v.Candidate, span.Start + span.Length, ctx))
                    && !(plaPrefix && IsPlaInstitution(cand)))
                || (gluedPlace is not null && gluedPlace != _placeKeys[v.Candidate].City && gluedPlace != _placeKeys[v.Candidate].Region))
                features["extra_word"] = 1;
            if (v.Generic) features["generic_name"] = 1;
            var target = cand;
            if (!cand.Active && cand.Successors.Count > 0)
            {
                var successor = cand.Successors.Select(s => _candidateByRor.TryGetValue(s, out var c) ? Index.Candidates[c] : null).FirstOrDefault(c => c is not null);
                if (successor is not null) { target = successor; features[cand.WithdrawnToParent ? "withdrawn_to_parent" : "redirected_to_successor"] = 1; }
            }
            else if (!cand.Active) features["inactive"] = 1;
            if (cand.Country is { } country && partCountries is { Count: > 0 })
            {
                if (partCountries.Contains(country) || (country is "HK" or "MO" && partCountries.Contains("CN")))
                    features["country_match"] = 1;
                else features["country_conflict"] = 1;
            }
            // In a reordered name the city itself may be the agreeing place ("Copenhagen University"), but not a
            // state or province ("Washington University" is not the University of Washington in Seattle).
            if (CityMentioned(v.Candidate, ctx, span.Start, span.Length)
                || (ctx.BagSpans.Contains((span.Start, span.Length)) && CityInside(v.Candidate, ctx, span.Start, span.Length)))
                features["city_match"] = 1;
            // A name shortened by its city is spelt exactly only when that city is named too ("University of Colorado ..., Denver").
            if (v.CityOmitted && features.ContainsKey("city_match") && v.SurfaceKey == SurfaceKey() && !features.ContainsKey("word_order_differs"))
                features["spelling_exact"] = 1;
            var placed = features.ContainsKey("country_match") || features.ContainsKey("city_match");
            // A generic name is shared within a country too (India's many "National Institute of Technology"): only its
            // city places it, unless a registry knows one bearer alone ("National Institute for Materials Science"), or,
            // with the watchlists alone (which know no cities), one entry bears it and the string names its country
            // ("Natl Univ Def Technol, ..., Peoples R China").
            if (v.Generic && !features.ContainsKey("city_match")
                && (Index.Holders(v.Key) > 1 || (_registry is null && !features.ContainsKey("country_match"))))
                features["generic_without_city"] = 1;
            // "German Cancer Research Center (DKFZ), Heidelberg" is not the Dresden site whose name lost its city.
            // Nor is Munich's "Institute of Pathology" the one in "Institute of Pathology, ..., Kiel": a descriptive name
            // registered by one institution still names a unit in every city.
            if ((v.CityOmitted || (Index.DescribesUnit(vid) && !NamesAPlace(v))) && !features.ContainsKey("city_match") && OtherCityNamed(ctx, span.Start, span.Length))
                features["other_city_named"] = 1;
            // A name shortened by its city must at least open its segment ("Management Center" inside a longer phrase is not one).
            if (v.CityOmitted && !features.ContainsKey("city_match") && !alignedStart) continue;
            // "Washington University" (St. Louis) is not the "University of Washington" (Seattle): another word order
            // needs the institution's own city to agree; the country is not enough.
            if (features.ContainsKey("word_order_differs") && !features.ContainsKey("city_match")) features["word_order_without_place"] = 1;
            if (!placed)
            {
                // Acronyms, generic names and sub-unit names ("Department of Earth Sciences") need a place to stand on.
                if (v.Kind == NameKind.Acronym) features["acronym_without_place"] = 1;
                // "School of Medicine" is a unit; "Escuela Politécnica Nacional" and "Scuola Internazionale Superiore ..." are not.
                if (SubUnitWords.Contains(Index.FirstToken(vid)) && !v.Cjk && span.Length > 1 && tokens[span.Start + 1].Connector is not null)
                    features["unit_name_without_place"] = 1;
            }
            if (_prominence[v.Candidate] > 0) features["prominence"] = Math.Round(_prominence[v.Candidate], 3);
            var score = MatchWeights.Score(features);
            var key = target.Ror.Length > 0 ? target.Ror : "entry:" + (target.Entry?.Id ?? target.Name);
            if (!scored.TryGetValue(key, out var prev) || prev.Score < score) scored[key] = (target, v, features, score);
        }
        // Nothing viable (only acronyms without context, generic words inside a phrase, ...): claim nothing.
        if (scored.Count == 0) { ruledOut = true; return null; }
        // A generic name that few records bear and one dominates ("National Institutes of Health": Bethesda's, far more
        // linked than Malaysia's and Pakistan's) needs no city; the others still need theirs, and a listed namesake still
        // blocks it below. A name many bear ("National Institute of Technology": Japan, Iraq, India, Indonesia) always needs one.
        foreach (var (key, s) in scored.ToList())
        {
            if (!s.Features.ContainsKey("generic_without_city") || Index.Holders(s.Variant.Key) > MatchWeights.DominantMaxHolders) continue;
            var own = s.Features.GetValueOrDefault("prominence");
            var rival = scored.Where(o => o.Key != key).Select(o => o.Value.Features.GetValueOrDefault("prominence")).DefaultIfEmpty(0).Max();
            if (own - rival < MatchWeights.DominantLead) continue;
            s.Features.Remove("generic_without_city");
            s.Features["dominant_holder"] = 1;
            scored[key] = s with { Score = MatchWeights.Score(s.Features) };
        }
        ruledOut = scored.Values.All(x => RuledOutBy.Any(x.Features.ContainsKey));
        // Rank by score plus the prior (prominence: links in the registry), decide on the score alone. The string's own
        // evidence outranks the prior: only candidates within a margin of the best score compete on prominence, so an
        // exact display name ("National University of Ireland", "Victoria University") is never beaten by a more
        // linked record's alias or city-less shortening ("Victoria University of Manchester").
        var all = scored.Values.OrderByDescending(s => s.Score + MatchWeights.Prior(s.Features)).ToList();
        var best = all.Max(s => s.Score);
        var ranked = all.Where(s => s.Score > best - MatchWeights.Margin + 1e-9).ToList();
        var beaten = all.Where(s => s.Score <= best - MatchWeights.Margin + 1e-9).Select(s => s.Score).DefaultIfEmpty(double.MinValue).Max();
        if (trace is not null)
            foreach (var r in all)
                trace.Add($"span [{span.Start},{span.Start + span.Length}) '{r.Variant.Original}' -> {r.Cand.Ror} {r.Cand.Name} [{r.Cand.Country}] {r.Score:0.000}: {string.Join(" ", r.Features.Select(f => f.Key + "=" + f.Value))}");
        var top = ranked[0];
        // Among namesakes, the one whose own city the string names wins: that is the string's evidence, which the
        // prior never outweighs ("University of Georgia, Tbilisi, Georgia" is Tbilisi's, not Athens's, however linked).
        // The city must stand as an address part of its own ("..., Tbilisi, Georgia"), not open another name
        // ("Newcastle Fibrosis Research Group").
        var cityNamed = ranked.Count > 1 ? ranked.Where(r => CityAsAddress(r.Variant.Candidate, ctx)).Take(2).ToList() : [];
        var placedByCity = cityNamed.Count == 1;
        // A watchlist entry the registry does not hold has no city: a city named in the string says nothing against it,
        // so it never lets an unlisted namesake win over it ("Tencent, Shenzhen" with ROR's unlinked "Tencent (China)").
        if (placedByCity && ListingsFor(cityNamed[0].Cand).Count == 0
            && ranked.Any(r => r.Cand.City is null && r.Cand.Entry is not null && r.Variant.Key == cityNamed[0].Variant.Key && ListingsFor(r.Cand).Count > 0))
            placedByCity = false;
        if (placedByCity) top = cityNamed[0];
        if (top.Score < Threshold) return null;
        var listings = ListingsFor(top.Cand);
        if (ranked.Count == 1 && all.Count > 1) top.Features["margin"] = Math.Round(top.Score - beaten, 3);
        if (placedByCity)
        {
            top.Features["margin"] = Math.Round(top.Score - ranked.Where(r => r.Cand != top.Cand).Max(r => r.Score), 3);
            top.Features["city_decides"] = 1;
        }
        else if (ranked.Count > 1)
        {
            var second = ranked[1];
            var margin = top.Score + MatchWeights.Prior(top.Features) - second.Score - MatchWeights.Prior(second.Features);
            top.Features["margin"] = Math.Round(margin, 3);
            if (margin < MatchWeights.Margin) return null;
            // Same name, one listed and one not: the prior (prominence) must never decide between a listed
            // institution and its namesake; only the string's own evidence may.
            if (second.Variant.Key == top.Variant.Key && (listings.Count > 0) != (ListingsFor(second.Cand).Count > 0)
                && top.Score - second.Score < MatchWeights.Margin)
                return null;
        }
        var ror = top.Cand.Ror;
        var match = new InstitutionMatch(ror, top.Cand.Name, top.Cand.Country, Math.Round(Math.Clamp(top.Score, 0, 1), 3), top.Variant.Original,
            top.Features, listings);
        return (match, top.Cand);
    }

    private static readonly HashSet<string> ForceWords = ["army", "navy", "naval", "air", "force", "rocket", "strategic", "strategy", "support", "joint", "logistic", "logistics", "ground", "chinese"];

    /// <summary>
    /// "PLA Strategic Support Force Information Engineering University", "PLA Navy Submarine Academy": the segment opens with
    /// "PLA" and only force words stand between it and the name; for a PLA institution that is its owner's name, not another name.
    /// </summary>
    private static bool PlaPrefix(int start, Context ctx)
    {
        var tokens = ctx.Tokens;
        if (start == 0 || tokens[start - 1].Segment != tokens[start].Segment) return false;
        var k = start - 1;
        while (k > 0 && tokens[k - 1].Segment == tokens[start].Segment) k--;
        if (tokens[k].Surface != "pla" && !(tokens[k].Text == "chinese" && k + 1 < start && tokens[k + 1].Surface == "pla")) return false;
        for (var j = k + 1; j < start; j++) if (tokens[j].Surface != "pla" && !ForceWords.Contains(tokens[j].Surface)) return false;
        return true;
    }

    private bool IsPlaInstitution(Candidate cand) =>
        ListingsFor(cand).Any(l => l.ViaParent is null && l.Listing.List == "aspi-cdut" && l.Listing.Category == "Military");

    private static bool ConjunctionInside(int start, int length, IReadOnlyList<Token> tokens)
    {
        for (var k = start + 1; k < start + length; k++) if (AffiliationText.IsConjunction(tokens[k].Connector)) return true;
        return false;
    }

    private bool NamesAPlace(NameVariant v)
    {
        foreach (var word in v.Key.Split(' ')) if (_places.Get(word) is not null) return true;
        return false;
    }

    // Words that with a place make an address, not an institution ("New York City", "Province of Quebec").
    private static readonly HashSet<string> AddressWords = ["city", "state", "county", "province", "region", "district", "municipality", "prefecture"];

    /// <summary>
    /// More than two generic words around a place the string joins with "of"/"de" ("University of Science and
    /// Technology of Hanoi"); "Bremerhaven University of Applied Sciences" puts its place before the name, as ROR's
    /// "University of Applied Sciences Bremerhaven" puts it after, both without a connector.
    /// </summary>
    private static bool LongGenericCore(int start, int length, Context ctx)
    {
        int core = 0;
        var placeJoined = false;
        for (var k = start; k < start + length; k++)
        {
            if (ctx.PlaceToken[k]) { placeJoined |= ctx.Tokens[k].Connector is not null; continue; }
            if (!NameIndex.IsGenericWord(ctx.Tokens[k].Text)) return false;
            core++;
        }
        return core > 2 && placeJoined;
    }

    private static bool OnlyPlaceAndAddressWords(int start, int length, Context ctx)
    {
        for (var k = start; k < start + length; k++)
            if (!AddressWords.Contains(ctx.Tokens[k].Text) && !ctx.PlaceToken[k]) return false;
        return true;
    }

    /// <summary>The next token, in the same segment, opens a unit phrase ("School of ...", "Department of ...").</summary>
    private static bool UnitFollows(int next, Context ctx)
    {
        var tokens = ctx.Tokens;
        if (next >= tokens.Count || tokens[next].Segment != tokens[next - 1].Segment) return false;
        var t = tokens[next];
        return (SubUnitWords.Contains(t.Text) || t.Text is "coll" or "hosp" or "ctr" or "lab" or "inst")
            && next + 1 < tokens.Count && tokens[next + 1].Segment == t.Segment && tokens[next + 1].Connector is not null;
    }

    /// <summary>"VIT University", "HSE University": the acronym of a university and the word University ending the segment.</summary>
    private bool UniversityOfAcronym(int candidate, int next, Context ctx)
    {
        var tokens = ctx.Tokens;
        return next < tokens.Count && tokens[next].Text == "univ" && tokens[next].Segment == tokens[next - 1].Segment && tokens[next].Connector is null
            && (next + 1 == tokens.Count || tokens[next + 1].Segment != tokens[next].Segment)
            && Index.Candidates[candidate].Types.Contains("education");
    }

    /// <summary>The rest of the segment from <paramref name="from"/> is the candidate's own city, and nothing else.</summary>
    private bool OnlyOwnCityAfter(int candidate, int from, Context ctx)
    {
        var city = _placeKeys[candidate].City;
        if (city is null) return false;
        var segment = ctx.Tokens[from - 1].Segment;
        return ctx.Places.Any(p => p.Start == from && p.Place.Key == city
            && (p.Start + p.Length == ctx.Tokens.Count || ctx.Tokens[p.Start + p.Length].Segment != segment));
    }

    /// <summary>"Acad Mil Sci China, ...": the rest of the segment is the candidate's own country, and nothing else.</summary>
    private bool OnlyOwnCountryAfter(int candidate, int from, Context ctx)
    {
        var country = Index.Candidates[candidate].Country;
        if (country is null || from >= ctx.Tokens.Count) return false;
        var segment = ctx.Tokens[from - 1].Segment;
        if (ctx.Tokens[from].Segment != segment) return false;
        return ctx.Places.Any(p => p.Start == from && p.Place.Kind == PlaceKind.Country && p.Place.Countries.Contains(country)
            && (p.Start + p.Length == ctx.Tokens.Count || ctx.Tokens[p.Start + p.Length].Segment != segment));
    }

    /// <summary>
    /// "Institute of System Engineering Academy of Military Science": a generic name of three words or more that one
    /// institution alone bears, ending a segment that opens with a unit phrase ("Institute of ...", "Department of ..."):
    /// the unit is the named institution's, as "Department of Physics University of Oxford" is Oxford's.
    /// </summary>
    private bool AfterOwnUnitPhrase(int variant, int start, Context ctx)
    {
        var v = Index.Variants[variant];
        var tokens = ctx.Tokens;
        if (v.Length < 3 || Index.Holders(v.Key) != 1 || start == 0 || tokens[start - 1].Segment != tokens[start].Segment || tokens[start].Connector is not null) return false;
        var segStart = start - 1;
        while (segStart > 0 && tokens[segStart - 1].Segment == tokens[start].Segment) segStart--;
        return start - segStart >= 3 && (UnitWords.Contains(tokens[segStart].Text) || SubUnitWords.Contains(tokens[segStart].Text))
            && segStart + 1 < start && tokens[segStart + 1].Connector is "of" or "for";
    }

    /// <summary>The candidate's city is named as an address part: a segment of place names and numbers only.</summary>
    private bool CityAsAddress(int candidate, Context ctx)
    {
        var city = _placeKeys[candidate].City;
        return city is not null && ctx.Places.Any(p => p.Place.Key == city && ctx.AddressSegments.Contains(ctx.Tokens[p.Start].Segment));
    }

    private static bool OtherCityNamed(Context ctx, int spanStart, int spanLength) =>
        ctx.Places.Any(p => p.Place.Kind == PlaceKind.City && (p.Start >= spanStart + spanLength || p.Start + p.Length <= spanStart));

    private bool CityInside(int candidate, Context ctx, int spanStart, int spanLength)
    {
        var city = _placeKeys[candidate].City;
        return city is not null && ctx.Places.Any(p => p.Place.Key == city && p.Start >= spanStart && p.Start + p.Length <= spanStart + spanLength);
    }

    /// <summary>The candidate's city or region is named outside the matched name itself.</summary>
    private bool CityMentioned(int candidate, Context ctx, int spanStart, int spanLength)
    {
        var (city, region) = _placeKeys[candidate];
        if (city is null && region is null) return false;
        foreach (var (start, length, place) in ctx.Places)
        {
            if (start >= spanStart && start + length <= spanStart + spanLength) continue;
            if (place.Key == city || place.Key == region) return true;
        }
        return false;
    }

    /// <summary>
    /// The extra-word rule, after the name: "Nanjing University" followed by "of Aeronautics ..." or by a name that
    /// ends in University/College/Institute in the same segment is a different, longer name.
    /// </summary>
    private bool ExtraWordAfter(int start, int next, Context ctx)
    {
        var tokens = ctx.Tokens;
        if (next >= tokens.Count) return false;
        var segment = tokens[next - 1].Segment;
        var t = tokens[next];
        if (t.Segment != segment) return false;
        if (t.Cjk || t.Connector is "and") return false;
        if (t.Connector is "of" or "for" or "in" or "on" or "de" or "di" or "da" or "do" or "du" or "des" or "del" or "della" or "der" or "at"
            && !IsPlaceOrNumber(next, ctx))
            return true;
        for (var k = next; k < tokens.Count && k < next + 3 && tokens[k].Segment == segment; k++)
        {
            if (k > next && tokens[k].Connector is "and") break;
            // "Zhejiang University City College" is another name; "Seoul National University College of
            // Medicine" names a unit of the university.
            // So is "Universidad Nacional Autónoma de México Instituto de Fisiología Celular"; but a university named
            // after another name is another institution ("Campus Condorcet Université de Limoges").
            var unit = k + 1 < tokens.Count && tokens[k + 1].Segment == segment
                && (tokens[k + 1].Connector is "of" or "for"
                    || (tokens[k].Text != "univ" && tokens[k + 1].Connector is "de" or "di" or "da" or "do" or "du" or "des" or "del" or "della" or "der"));
            // "Cleveland Clinic Lerner Research Institute", "Jagiellonian University Medical College": a research
            // institute or medical college named after the institution, ending the segment, is its unit; with more
            // words after it, it is another name ("Zhejiang University Medical College Affiliated Stomatological Hospital").
            var endsSegment = k + 1 == tokens.Count || tokens[k + 1].Segment != segment;
            if (k > next && tokens[k].Text is "inst" or "coll" && tokens[k - 1].Text is "res" or "med" && tokens[k - 1].Connector is null && endsSegment)
                unit = true;
            // "University of Chicago Neuroscience Institute": after a university's name, an institute ending the segment is its unit.
            if (k > next && tokens[k].Text is "inst" && endsSegment && NamesUniversity(start, next, tokens)
                && Enumerable.Range(next, k - next).All(j => tokens[j].Connector is null && !HeadWords.Contains(tokens[j].Text)))
                unit = true;
            if (HeadWords.Contains(tokens[k].Text) && !unit) return true;
        }
        return false;
    }

    private static bool NamesUniversity(int start, int end, IReadOnlyList<Token> tokens)
    {
        for (var k = start; k < end; k++) if (tokens[k].Text == "univ") return true;
        return false;
    }

    /// <summary>
    /// The extra-word rule, before the name: "Hong Kong" before "University of Science and Technology" makes another
    /// institution, unless the segment opens with a unit word ("Department of Physics University of Oxford").
    /// </summary>
    private static bool ExtraWordBefore(int start, int length, Context ctx, NameIndex index)
    {
        var tokens = ctx.Tokens;
        if (start == 0) return false;
        var first = tokens[start];
        var prev = tokens[start - 1];
        if (prev.Segment != first.Segment) return false;
        if (first.Cjk)
            return prev.Cjk && !CjkAddressEnds.Contains(prev.Text);
        if (first.Connector is not null || first.Dashed || prev.Cjk || char.IsDigit(prev.Text[0])) return false;
        // "Hospital Universitario de Navarra" is the hospital, not the Universidad de Navarra.
        if (prev.Text == "hosp" && first.Text == "univ") return true;
        // A known acronym before the name is another organisation ("INSERM Université Paris Cité", "NASA Goddard
        // Institute"), unless some indexed name goes on with it ("NOVA University ...").
        if (prev.Upper && index.IsWholeName(prev.Text) && !index.StartsName(prev.Text, first.Text)) return false;
        // A glued place is judged per candidate (it may be the candidate's own city).
        if (ctx.PlaceKeys.Contains(prev.Text)) return false;
        // "West Anhui University", "Shanghai Artificial Intelligence Research Institute", "Hong Kong University of
        // Science and Technology": a word glued before the name makes another name, unless the segment opens
        // with a unit word ("Department of Physics Nanjing University").
        var segStart = start - 1;
        while (segStart > 0 && tokens[segStart - 1].Segment == first.Segment) segStart--;
        for (var k = segStart; k < start; k++)
            if (UnitWords.Contains(tokens[k].Text) || SubUnitWords.Contains(tokens[k].Text)) return false;
        if (HeadWords.Contains(first.Text)) return true;
        return Directions.Contains(prev.Text)
            || !HeadWords.Contains(prev.Text) && prev.Connector is null && start - 1 == segStart;
    }

    private static bool IsPlaceOrNumber(int index, Context ctx)
    {
        var t = ctx.Tokens[index];
        return char.IsDigit(t.Text[0]) || ctx.PlaceKeys.Contains(t.Text) || ctx.Places.Any(p => p.Start == index);
    }

    private IReadOnlyList<MatchedListing> ListingsFor(Candidate cand)
    {
        var result = new List<MatchedListing>();
        var seen = new HashSet<(string, string)>();
        void AddEntry(WatchlistEntry entry, string? via, string? relation)
        {
            foreach (var l in entry.Listings)
                if (seen.Add((entry.Id, l.List + l.Start)))
                    result.Add(new MatchedListing(entry.Id, entry.Name, l, via) { Relation = relation });
            // A lab, campus or subsidiary carries its parent entry's listings.
            var depth = 0;
            var child = entry;
            for (var p = _lists.ParentOf(entry); p is not null && depth < 5; child = p, p = _lists.ParentOf(p), depth++)
                foreach (var l in p.Listings)
                    if (seen.Add((p.Id, l.List + l.Start)))
                        result.Add(new MatchedListing(p.Id, p.Name, l, via ?? p.Name) { Relation = relation ?? Ownership.Relation(child.Type, p.Type) });
        }
        // An entry the lists give no parent but whose name makes it a group's unit ("AVIC AVIONICS") carries the group's listings.
        void AddWithGroup(WatchlistEntry e)
        {
            AddEntry(e, null, null);
            if (e.ParentId is null && Brands?.GroupByName(e) is { } group) AddEntry(group, group.Name, Ownership.Relation(e.Type, group.Type));
        }
        if (cand.Entry is not null) AddWithGroup(cand.Entry);
        if (cand.Ror.Length == 0) return result;
        foreach (var e in _lists.ForRor(cand.Ror)) AddWithGroup(e);
        if (_registry?.Get(cand.Ror) is not { } inst) return result;
        // ROR parents: a State Key Laboratory of NUDT carries NUDT's listings.
        foreach (var ancestor in _registry.Ancestors(inst))
            foreach (var e in _lists.ForRor(ancestor.Ror)) AddEntry(e, ancestor.Name, Ownership.Relation(inst.Types, e.Type));
        // ROR's "related" is no ownership, except where the record's own name says whose it is: "Changhai Hospital" is
        // also "Second Military Medical University First Hospital".
        foreach (var link in inst.Links)
            if (link.Type == "related" && _registry.Get(link.Ror) is { } other && _lists.ForRor(other.Ror).ToList() is { Count: > 0 } listed
                && Ownership.NamedAfter(inst, other))
                foreach (var e in listed) AddEntry(e, other.Name, inst.Types.Contains("healthcare") ? "affiliated hospital of" : "affiliate of");
        return result;
    }
}

/// <summary>Feature weights and decision thresholds (one place, so the scoring is easy to read and to tune).</summary>
public static class MatchWeights
{
    public const double Threshold = 0.75;
    public const double Margin = 0.08;
    /// <summary>How far (in prominence, 0..1) a generic name's bearer must lead every namesake to stand without its city.</summary>
    public const double DominantLead = 0.3;
    /// <summary>A university's one-word short name stands for it only if fewer institutions use the word ("harvard" 17, "christian" 67).</summary>
    public const int ShortNameMaxInstitutions = 30;
    /// <summary>At most this many records may bear a generic name for one of them to dominate it.</summary>
    public const int DominantMaxHolders = 3;

    public static readonly IReadOnlyDictionary<string, double> Weights = new Dictionary<string, double>
    {
        ["brand_word"] = 0.80, ["brand_shared_acronym"] = -0.02, ["branch_abroad"] = -0.02, ["name_display"] = 0.80, ["name_label"] = 0.78, ["name_alias"] = 0.72, ["name_acronym"] = 0.70,
        ["spelling_exact"] = 0.10, ["word_order_differs"] = -0.04, ["spelling_corrected"] = -0.04, ["segment_aligned"] = 0.06,
        ["country_match"] = 0.06, ["city_match"] = 0.04,
        ["country_conflict"] = -1.0, ["extra_word"] = -0.6, ["generic_name"] = -0.08,
        ["inactive"] = -0.10, ["redirected_to_successor"] = -0.02, ["withdrawn_to_parent"] = -0.02, ["acronym_without_place"] = -0.5,
        ["generic_without_city"] = -0.15, ["word_order_without_place"] = -0.3, ["other_city_named"] = -0.3, ["unit_name_without_place"] = -0.3,
    };

    /// <summary>Weighted sum of the features (unclamped, so the margin between candidates survives); reported scores are clamped to [0, 1].</summary>
    /// <summary>Prior weight: only orders candidates that share a name; it never lifts one over the threshold.</summary>
    public const double ProminenceWeight = 0.45;

    public static double Prior(IReadOnlyDictionary<string, double> features) =>
        features.TryGetValue("prominence", out var p) ? p * ProminenceWeight : 0;

    public static double Score(IReadOnlyDictionary<string, double> features)
    {
        var sum = 0.0;
        foreach (var (name, value) in features)
            if (Weights.TryGetValue(name, out var w)) sum += w * value;
        return sum;
    }
}
