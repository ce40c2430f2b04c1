using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>
/// A listed company's brand as authors write it: "Tencent Jarvis Lab", "SenseTime Res", "ZTE USA Inc", "Zhuzhou CRRC
/// Times Semicond Co Ltd", "AVIC Mfg Technol Inst". The brand is the first word of the company's name or short name
/// after its city and before its legal form (Hangzhou <b>Hikvision</b> Digital Technology Co., Ltd.), kept only when
/// it is a whole word that is neither a place nor a generic word. It stands for the company (or the branch of it the
/// registry knows in the string's country) when it opens a segment, alone or after a city, and no address word
/// follows ("Dahua County" is a place). Whole words only, so "Huaiyin" is not Huawei, "SZTE" not ZTE, "Senseable"
/// not SenseTime, "Avicenna" not AVIC, "Cascadia" not CASC.
/// A brand that another, unrelated institution also uses (Spain's CSIC, the Caucasus Research Resource Centers' CRRC)
/// is read only when the string names the company's country and no namesake is in that country (BGI: Beijing
/// Graphene Institute is Chinese too, so a bare "BGI" stays unread).
/// </summary>
public sealed class CompanyBrands
{
    /// <summary>One brand word: the family's main entry, its registry candidates, and the countries of unrelated namesakes.</summary>
    public sealed record Brand(string Word, WatchlistEntry Entry, IReadOnlySet<int> Family, IReadOnlySet<string> NamesakeCountries, bool ShortCapitals)
    {
        public bool Shared => NamesakeCountries.Count > 0;
        /// <summary>Countries where a namesake is itself a company (a legal form after the brand does not tell them apart).</summary>
        public IReadOnlySet<string> CompanyNamesakeCountries { get; init; } = new HashSet<string>();
    }

    /// <summary>A legal form or company word right after the brand ("BGI Tech Solutions Co Ltd", "CRRC Corporation").</summary>
    public static bool CompanyWordAfter(IReadOnlyList<Token> tokens, int k) =>
        k + 1 < tokens.Count && tokens[k + 1].Segment == tokens[k].Segment
        && (NameIndex.LegalForms.Contains(tokens[k + 1].Text) || tokens[k + 1].Text is "co" or "corporation" or "company" or "group" or "tech" or "technol");

    private static readonly HashSet<string> AddressWords =
        ["county", "district", "city", "province", "prov", "road", "rd", "street", "st", "town", "village", "prefecture", "ave", "avenue", "township", "lake", "river", "mountain"];
    private static readonly HashSet<string> CompanyWords =
        ["co", "ltd", "limited", "inc", "corp", "corporation", "company", "group", "technol", "tech", "res", "lab", "inst", "ctr", "gmbh", "llc", "holdings", "holding"];

    private readonly Dictionary<string, Brand> _brands = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Brand> Brands => _brands;

    public CompanyBrands(NameIndex index, Watchlists lists, RorRegistry? registry, Func<string, bool> isPlace)
    {
        // Candidate words: the first distinctive word of each company entry's names.
        var byWord = new Dictionary<string, List<WatchlistEntry>>(StringComparer.Ordinal);
        var capitals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in lists.Entries)
        {
            if (e.Type is not ("company" or "subsidiary") || e.Listings.Count == 0 && lists.ParentOf(e) is null) continue;
            // Only companies owned by companies: a university's company ("Beijing Beihang Tianhua") is no brand of its own.
            var owner = lists.ParentOf(e);
            while (owner is not null && owner.Type == "company") owner = lists.ParentOf(owner);
            if (owner is not null) continue;
            foreach (var name in e.AllNames())
            {
                var tokens = AffiliationText.Tokenise(name, removeNoise: false);
                var k = 0;
                while (k < tokens.Count && !tokens[k].Cjk && isPlace(tokens[k].Text) && tokens[k].Segment == tokens[0].Segment) k++;
                if (k >= tokens.Count || tokens[k].Cjk || tokens[k].Segment != tokens[0].Segment) continue;
                var w = tokens[k].Text;
                if (w.Length < 3 || char.IsDigit(w[0]) || NameIndex.IsGenericWord(w) || NameIndex.LegalForms.Contains(w) || isPlace(w)
                    || AffiliationText.Connectors.Contains(w) || CompanyWords.Contains(w)) continue;
                if (!byWord.TryGetValue(w, out var l)) byWord[w] = l = [];
                if (!l.Contains(e)) l.Add(e);
                if (tokens[k].Upper && w.Length <= 5) capitals.Add(w);
            }
        }
        if (byWord.Count == 0) return;
        // Who else uses each word: every candidate with the word in one of its names.
        // (candidate → whether it uses the word only as its acronym).
        var users = byWord.Keys.ToDictionary(w => w, _ => new Dictionary<int, bool>(), StringComparer.Ordinal);
        var opens = new HashSet<(string, int)>();
        foreach (var v in index.Variants)
        {
            if (v.Cjk) continue;
            foreach (var word in v.Key.Split(' '))
                if (users.TryGetValue(word, out var set))
                {
                    set[v.Candidate] = set.GetValueOrDefault(v.Candidate, true) && v.Kind == NameKind.Acronym && v.Length == 1;
                    if (v.Key == word || v.Key.StartsWith(word + " ", StringComparison.Ordinal)) opens.Add((word, v.Candidate));
                }
        }
        // A group's naming convention: a top-level entry whose name opens with the group's acronym in capitals ("AVIC Beijing
        // Aeronautical Manufacturing Technology Research Institute", "AVIC AVIONICS") is the group's unit, parent or no parent given.
        var adopted = new Dictionary<string, List<WatchlistEntry>>(StringComparer.Ordinal);
        foreach (var e in lists.Entries)
        {
            if (e.ParentId is not null) continue;
            foreach (var name in e.AllNames())
            {
                var tokens = AffiliationText.Tokenise(name, removeNoise: false);
                if (tokens.Count < 2 || !tokens[0].Upper || !capitals.Contains(tokens[0].Text) || !byWord.ContainsKey(tokens[0].Text)) continue;
                if (!adopted.TryGetValue(tokens[0].Text, out var l)) adopted[tokens[0].Text] = l = [];
                if (!l.Contains(e)) l.Add(e);
                break;
            }
        }
        foreach (var (word, entries) in byWord)
        {
            // The family: the entries with the word and their parents and children on the lists, and their registry records
            // with the registry's own descendants ("Huawei Technologies (Canada)" under "Huawei Technologies (China)").
            var familyEntries = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in entries)
                for (var p = e; p is not null && familyEntries.Add(p.Id); p = lists.ParentOf(p)) { }
            var main0 = MainOf(word, entries, familyEntries);
            foreach (var e in adopted.GetValueOrDefault(word) ?? [])
                if (familyEntries.Add(e.Id) && e.Id != main0.Id) _adoptedBy[e.Id] = main0;
            var familyRors = lists.Entries.Where(e => familyEntries.Contains(e.Id)).SelectMany(e => e.RorIds).Select(RorRegistry.ShortId).ToHashSet(StringComparer.Ordinal);
            var family = new HashSet<int>();
            var namesakes = new HashSet<string>(StringComparer.Ordinal);
            var companyNamesakes = new HashSet<string>(StringComparer.Ordinal);
            var ordinaryWord = false;
            foreach (var (c, onlyAcronym) in users[word])
            {
                var cand = index.Candidates[c];
                // The lists' own entries that name the brand ("Jointly run with AVIC") are listed anyway: no namesakes.
                // Entries whose own name opens with the word ("Nanjing University" for a "Nanjing" read without a registry's places) are namesakes.
                if (cand.Entry is { } own && !BelongsTo(cand, familyEntries, familyRors, lists, registry) && (own.ParentId is not null || !opens.Contains((word, c)))) continue;
                // A company whose name opens with the brand is the brand's, linked or not ("Huawei Technologies (Sweden)").
                if (BelongsTo(cand, familyEntries, familyRors, lists, registry) || (cand.Types.Contains("company") && opens.Contains((word, c)))) family.Add(c);
                else
                {
                    namesakes.Add(cand.Country ?? "?");
                    if (cand.Types.Contains("company")) companyNamesakes.Add(cand.Country ?? "?");
                    ordinaryWord |= !onlyAcronym;
                }
            }
            // A word another institution uses in its name ("Three Gorges University", "John Innes Centre") is no brand;
            // an acronym another uses ("CRRC", "CSIC") is one only where the string names the company's country.
            if (ordinaryWord) continue;
            var main = main0;
            _brands[word] = new Brand(word, main, family, namesakes, capitals.Contains(word)) { CompanyNamesakeCountries = companyNamesakes };
        }
    }

    private readonly Dictionary<string, WatchlistEntry> _adoptedBy = new(StringComparer.Ordinal);

    /// <summary>The group an entry belongs to by its name only ("AVIC AVIONICS" → AVIC), where the lists give it no parent.</summary>
    public WatchlistEntry? GroupByName(WatchlistEntry entry) => _adoptedBy.GetValueOrDefault(entry.Id);

    /// <summary>The main entry: one that carries the brand alone as a name ("AVIC", "Tencent"), else the family's root.</summary>
    private static WatchlistEntry MainOf(string word, List<WatchlistEntry> entries, HashSet<string> familyEntries) =>
        entries.FirstOrDefault(e => e.AllNames().Any(n => AffiliationText.Key(AffiliationText.Tokenise(n, false)) == word))
        ?? entries.FirstOrDefault(e => e.ParentId is null || !familyEntries.Contains(e.ParentId)) ?? entries[0];

    private static bool BelongsTo(Candidate cand, HashSet<string> familyEntries, HashSet<string> familyRors, Watchlists lists, RorRegistry? registry)
    {
        if (cand.Entry is { } entry)
        {
            for (var p = entry; p is not null; p = lists.ParentOf(p)) if (familyEntries.Contains(p.Id)) return true;
            return false;
        }
        if (cand.Ror.Length == 0) return false;
        if (familyRors.Contains(RorRegistry.ShortId(cand.Ror))) return true;
        if (registry?.Get(cand.Ror) is { } inst)
        {
            foreach (var a in registry.Ancestors(inst)) if (familyRors.Contains(RorRegistry.ShortId(a.Ror))) return true;
            foreach (var e in lists.ForRor(cand.Ror)) if (familyEntries.Contains(e.Id)) return true;
        }
        return false;
    }

    /// <summary>
    /// The brand read at token <paramref name="k"/>: it opens its segment (perhaps after a city or province, or "the"),
    /// no address word follows it, and a short brand in capitals ("ZTE", "DJI") is written in capitals or followed by a
    /// company word ("Dji Technology Company").
    /// </summary>
    public Brand? At(IReadOnlyList<Token> tokens, int k, Func<int, bool> placeToken)
    {
        var t = tokens[k];
        if (t.Cjk || !_brands.TryGetValue(t.Text, out var brand)) return null;
        var seg = t.Segment;
        for (var j = k - 1; j >= 0 && tokens[j].Segment == seg; j--)
            if (!placeToken(j)) return null;
        var next = k + 1 < tokens.Count && tokens[k + 1].Segment == seg ? tokens[k + 1] : (Token?)null;
        if (next is { } n && (AddressWords.Contains(n.Text) || n.Connector is "of" && !n.Upper)) return null;
        if (brand.ShortCapitals && !t.Upper && !(next is { } m && CompanyWords.Contains(m.Text))) return null;
        return brand;
    }
}
