using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>An institution the resolver can return: a ROR record, or (without a registry) a watchlist entry.</summary>
public sealed record Candidate(
    string Ror,
    string Name,
    string? Country,
    string? City,
    string? Region,
    bool Active,
    IReadOnlyList<string> Successors,
    IReadOnlyList<string> Parents,
    IReadOnlyList<(string Value, NameKind Kind)> Names,
    WatchlistEntry? Entry = null)
{
    /// <summary>ROR types, lower case (education, healthcare, facility, ...).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
    /// <summary>Withdrawn without a successor: <see cref="Successors"/> holds its parents, which answer for it.</summary>
    public bool WithdrawnToParent { get; init; }
}

/// <summary>One indexed spelling of a candidate's name, as canonical tokens.</summary>
/// <param name="Breaks">Bit i set: the name itself has a comma/parenthesis before its token i ("University of California, San Diego").</param>
/// <param name="CityOmitted">Derived from a name that ends in the institution's city, without it ("Johannes Gutenberg University").</param>
/// <param name="CountryOmitted">A company's name without the "(Country)" ROR adds to it ("Fujitsu" of "Fujitsu (Japan)").</param>
/// <param name="HeadOmitted">A university's one-word short name ("Yale" of "Yale University"), only ever read before a unit of it ("Yale School of Public Health").</param>
public sealed record NameVariant(int Candidate, NameKind Kind, string Key, string SurfaceKey, int Length, bool Generic, bool Cjk, string Original, ulong Breaks,
    bool CityOmitted = false, bool CountryOmitted = false, bool HeadOmitted = false)
{
    /// <summary>The name joins two words with "and" (or "&amp;", "und", "et", "y", "e"): "Heart, Lung and Blood".</summary>
    public bool HasConjunction { get; init; }
}

/// <summary>
/// The inverted index over normalised name tokens: a token trie (every name as a token path) for exact spans and
/// token → variants postings for candidate generation. Built once; read-only and thread-safe afterwards.
/// </summary>
public sealed class NameIndex
{
    // A university hospital's own-language name and what follows it (its city or name): CHU, Universitätsklinikum, ...
    private static readonly System.Text.RegularExpressions.Regex UniversityHospital = new(
        @"^(?:Centre Hospitalier Universitaire|CHU|Universitätsklinikum|Universitair Ziekenhuis|(?<umc>Universitair Medisch Centrum)|Azienda Ospedalier[oa][- ]Universitaria|Hospital Universitari[o]?|Universitetssykehuset)(?: de la| de| du| di| d[’']| des| del)?\s+(?<rest>[^()]{3,40})$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex AgricultureAndForestry = new(@"\bA\s*&\s*F\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Company legal forms that end a name as written ("Fujitsu Ltd", "Canon Inc", "BeiGene (Beijing) Co., Ltd.").</summary>
    public static readonly HashSet<string> LegalForms = ["ltd", "limited", "inc", "incorporated", "llc", "gmbh", "plc", "corp", "kk", "pvt", "pty", "bv", "srl", "spa"];

    // Words that make a name generic when it has nothing else ("University of Science and Technology").
    public static bool IsGenericWord(string token) => GenericWords.Contains(token);

    private static readonly HashSet<string> GenericWords = new(AffiliationText.Stems.Values.Concat(
    [
        "state", "city", "key", "regional", "federal", "royal", "new", "higher", "open", "free", "catholic", "municipal",
        "provincial", "people", "peoples", "first", "second", "third", "affiliated", "joint", "advanced", "applied", "studies",
        "central", "general", "institution", "graduate", "postgraduate", "medical", "union", "united",
        "co", "ltd", "inc", "llc", "gmbh", "corp", "corporation", "company", "sa", "ag", "plc", "limited", "bv", "srl", "spa", "kg", "unit", "group", "division", "program", "office", "service", "services",
    ]));

    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    // Names as sorted token bags, for "Brawijaya University" = "University of Brawijaya".
    private readonly Dictionary<string, List<int>> _bags = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _edges = new();
    private readonly List<List<int>?> _terminal = [null];

    public IReadOnlyList<Candidate> Candidates { get; }
    public IReadOnlyList<NameVariant> Variants { get; }
    public int MaxLength { get; }

    public NameIndex(IReadOnlyList<Candidate> candidates)
    {
        Candidates = candidates;
        var variants = new List<NameVariant>();
        var seen = new HashSet<(int, string)>();
        var cityTokens = new Dictionary<string, IReadOnlyList<Token>>(StringComparer.Ordinal);
        for (var c = 0; c < candidates.Count; c++)
        {
            var cand = candidates[c];
            var cityTokenList = cand.City is null ? [] : cityTokens.TryGetValue(cand.City, out var known) ? known : cityTokens[cand.City] = AffiliationText.Tokenise(cand.City, false);
            foreach (var (value, kind) in cand.Names)
            {
                var tokens = AffiliationText.Tokenise(value, removeNoise: false);
                if (tokens.Count == 0) continue;
                AddVariant(c, kind, tokens, value, cityOmitted: false);
                if (kind == NameKind.Acronym) continue;
                foreach (var other in OtherSpellings(cand, value, kind, tokens, cityTokenList))
                    AddVariant(c, other.Kind, other.Tokens, value, other.CityOmitted, other.CountryOmitted, other.HeadOmitted);
            }
        }
        Variants = variants;
        MaxLength = variants.Count == 0 ? 0 : variants.Max(v => v.Length);
        foreach (var group in variants.GroupBy(v => v.Key))
            _holders[group.Key] = group.Select(v => v.Candidate).Distinct().Count();
        // How many institutions' names use each word: a name made only of common words describes, it does not name.
        // Variants come in candidate order, so remembering the last candidate per word counts each one once.
        var lastCandidate = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in variants)
            if (!v.Cjk)
                foreach (var word in v.Key.Split(' '))
                    if (!lastCandidate.TryGetValue(word, out var last) || last != v.Candidate)
                    {
                        lastCandidate[word] = v.Candidate;
                        _institutionsUsing[word] = _institutionsUsing.GetValueOrDefault(word) + 1;
                    }
        _describesUnit = variants.Select(ComputeDescribesUnit).ToArray();
        BuildSpelling();

        void AddVariant(int c, NameKind kind, IReadOnlyList<Token> tokens, string original, bool cityOmitted, bool countryOmitted = false, bool headOmitted = false)
        {
            var key = AffiliationText.Key(tokens);
            // One variant per spelling, not per key: "Universidad de Houston" and "University of Houston" share a key,
            // and the display name must keep its own spelling (and kind) for the exact-spelling feature.
            var surface = string.Join(' ', tokens.Select(t => t.Surface));
            if (!seen.Add((c, surface + (headOmitted ? " *" : "")))) return;
            var cjk = tokens.All(t => t.Cjk);
            if (kind == NameKind.Acronym && (cjk || tokens.Count != 1 || key.Length < 3)) return;
            var generic = !cjk && tokens.All(t => GenericWords.Contains(t.Text));
            if (kind != NameKind.Acronym)
                foreach (var t in tokens)
                    if (!t.Cjk && t.Surface.Length >= MinCorrectable && char.IsLetter(t.Surface[0])) _words.TryAdd(t.Surface, t.Text);
            var id = variants.Count;
            ulong breaks = 0;
            for (var k = 1; k < tokens.Count && k < 64; k++) if (tokens[k].Segment != tokens[k - 1].Segment) breaks |= 1UL << k;
            variants.Add(new NameVariant(c, cityOmitted ? NameKind.Alias : kind, key, surface, tokens.Count, generic, cjk, original, breaks, cityOmitted, countryOmitted, headOmitted)
                { HasConjunction = tokens.Any(t => AffiliationText.IsConjunction(t.Connector)) });
            var node = 0;
            foreach (var t in tokens)
            {
                if (!_tokenIds.TryGetValue(t.Text, out var tid)) { tid = _tokenIds.Count; _tokenIds[t.Text] = tid; }
                var edge = ((long)node << 32) | (uint)tid;
                if (!_edges.TryGetValue(edge, out var child)) { child = _terminal.Count; _terminal.Add(null); _edges[edge] = child; }
                node = child;
            }
            (_terminal[node] ??= []).Add(id);
            if (!cjk && tokens.Count >= 2 && kind != NameKind.Acronym)
            {
                var bag = BagKey(tokens.Select(t => t.Text));
                if (!_bags.TryGetValue(bag, out var list)) _bags[bag] = list = [];
                list.Add(id);
            }
        }
    }

    private readonly record struct Spelling(IReadOnlyList<Token> Tokens, NameKind Kind, bool CityOmitted = false, bool CountryOmitted = false, bool HeadOmitted = false);

    /// <summary>The other ways authors write a registered name (never for acronyms).</summary>
    private static IEnumerable<Spelling> OtherSpellings(Candidate cand, string value, NameKind kind, IReadOnlyList<Token> tokens, IReadOnlyList<Token> cityTokens)
    {
        static bool AllGeneric(IEnumerable<Token> words) => words.All(t => GenericWords.Contains(t.Text) || t.Cjk);

        // "All India Institute of Ayurveda, New Delhi" and "Johannes Gutenberg University Mainz" are also written
        // without their city; never when what is left is generic ("University of Science and Technology").
        var (cityKey, cityTokenCount) = (AffiliationText.Key(cityTokens), cityTokens.Count);
        if (cityKey.Length > 0 && tokens.Count > cityTokenCount)
        {
            var tail = string.Join(' ', tokens.Skip(tokens.Count - cityTokenCount).Select(t => t.Text));
            var head = tokens.Take(tokens.Count - cityTokenCount).ToList();
            if (tail == cityKey && head.Count >= 2 && !AllGeneric(head))
                yield return new Spelling(head, NameKind.Alias, CityOmitted: true);
        }
        // "Indian Institute of Technology Delhi" (in New Delhi) is also written with its city in full: "..., New Delhi".
        if (cityTokens.Count > 1 && tokens.Count > 2 && tokens[^1].Text == cityTokens[^1].Text && tokens[^2].Text != cityTokens[^2].Text)
            yield return new Spelling([.. tokens.Take(tokens.Count - 1), .. cityTokens.Select(t => t with { Segment = tokens[^1].Segment, Part = tokens[^1].Part })], kind);
        // "Zhejiang Dahua Technology Co., Ltd." is also written "... Co Ltd" (a legal form after a name ends it) or
        // without its legal form. Only a name of three words or more stays a name without it ("CA, Inc." does not).
        var legal = tokens.Count;
        while (legal > 1 && (LegalForms.Contains(tokens[legal - 1].Text) || (tokens[legal - 1].Text == "co" && legal < tokens.Count))) legal--;
        if (legal < tokens.Count && legal >= 3 && !AllGeneric(tokens.Take(legal)))
            yield return new Spelling(tokens.Take(legal).ToList(), kind);
        // "The 39th Research Institute of China Electronics Technology Corporation": a group's name is also written
        // without "Group" before its legal form, when three words or more that are not all generic remain.
        var groupAt = -1;
        for (var k = 1; k < tokens.Count; k++)
            if (tokens[k].Text == "group" && tokens[k].Connector is null
                && tokens.Skip(k + 1).All(t => LegalForms.Contains(t.Text) || t.Text is "co" or "corporation" or "company")) { groupAt = k; break; }
        if (groupAt > 0 && tokens.Count - 1 >= 3 && !AllGeneric(tokens.Where((_, k) => k != groupAt)))
            yield return new Spelling(tokens.Where((_, k) => k != groupAt).ToList(), kind);
        // ROR names a company's national branches "AstraZeneca (United Kingdom)", "Fujitsu (Japan)"; authors write
        // "AstraZeneca, Cambridge, UK" or "Fujitsu Ltd". An all-capitals word left alone ("TRM" of "TRM (United
        // Kingdom)") is an acronym and needs context as one.
        if (cand.Types.Contains("company") && value.EndsWith(')') && tokens.Count >= 2 && tokens[^1].Segment != tokens[0].Segment)
        {
            var head = tokens.TakeWhile(t => t.Segment == tokens[0].Segment).ToList();
            if (!AllGeneric(head))
                yield return new Spelling(head, head.Count == 1 && head[0].Upper ? NameKind.Acronym : NameKind.Alias, CountryOmitted: true);
        }
        // "Yale" of "Yale University", read only right before a school or college of it (the resolver decides).
        if (kind == NameKind.Display && tokens.Count == 2 && tokens[1].Text == "univ" && tokens[1].Connector is null && !tokens[0].Cjk
            && !tokens[0].Upper && !GenericWords.Contains(tokens[0].Text))
            yield return new Spelling(tokens.Take(1).ToList(), NameKind.Alias, HeadOmitted: true);
        // "Fred Hutchinson Cancer Center" was "Fred Hutchinson Cancer Research Center": a centre or institute named after
        // someone or somewhere is also written with "Research" before its head word.
        if (tokens.Count >= 3 && tokens[^1].Text is "ctr" or "inst" && tokens[^2].Text != "res" && tokens[^1].Connector is null
            && tokens[^1].Segment == tokens[0].Segment && tokens.Take(tokens.Count - 1).Count(t => !GenericWords.Contains(t.Text) && !t.Cjk) >= 2)
            yield return new Spelling(AffiliationText.Tokenise(string.Join(' ', tokens.Take(tokens.Count - 1).Select(t => (t.Connector is { } c ? c + " " : "") + t.Surface)) + " research " + tokens[^1].Surface, removeNoise: false), NameKind.Alias);
        // "Northwest A&F University" is written "Northwest Agriculture and Forestry University".
        if (value.Contains('&') && AgricultureAndForestry.IsMatch(value))
            yield return new Spelling(AffiliationText.Tokenise(AgricultureAndForestry.Replace(value, "Agriculture and Forestry"), removeNoise: false), NameKind.Alias);
        // "Charité - Universitätsmedizin Berlin", "Universitätsmedizin Greifswald": "University Medicine" in English.
        if (value.Contains("Universitätsmedizin", StringComparison.OrdinalIgnoreCase))
            yield return new Spelling(AffiliationText.Tokenise(value.Replace("Universitätsmedizin", "University Medicine", StringComparison.OrdinalIgnoreCase), removeNoise: false), NameKind.Alias);
        // "CHU de Besançon", "Universitätsklinikum Tübingen", "Azienda Ospedaliero-Universitaria Careggi" are written in
        // English as "University Hospital Besançon", "Tübingen University Hospital", "Careggi University Hospital".
        if (cand.Types.Contains("healthcare") && UniversityHospital.Match(value) is { Success: true } uh)
        {
            var rest = uh.Groups["rest"].Value.Trim();
            var head = uh.Groups["umc"].Success ? "University Medical Center" : "University Hospital";
            foreach (var english in (string[])[$"{head} {rest}", $"{rest} {head}", $"{head} of {rest}"])
                yield return new Spelling(AffiliationText.Tokenise(english, removeNoise: false), NameKind.Alias);
        }
    }

    private static string BagKey(IEnumerable<string> tokens) => string.Join(' ', tokens.Order(StringComparer.Ordinal));

    /// <summary>Names whose words are exactly the words of tokens[start, start+length), in any order.</summary>
    public List<int>? FindBag(IReadOnlyList<Token> tokens, int start, int length) =>
        length < 2 || length > MaxLength ? null : _bags.GetValueOrDefault(BagKey(Enumerable.Range(start, length).Select(k => tokens[k].Text)));

    public string FirstToken(int variant) => Variants[variant].Key.Split(' ', 2)[0];

    /// <summary>The token alone is an indexed name or acronym ("inserm", "cnrs").</summary>
    public bool IsWholeName(string text) =>
        TokenId(text) is >= 0 and var id && _edges.TryGetValue((uint)id, out var node) && _terminal[node] is not null;

    // Spelling correction, SymSpell style: every name word of 6+ letters and its one-letter deletions.
    private readonly Dictionary<string, string> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _deletions = new(StringComparer.Ordinal);
    private const int MinCorrectable = 7;

    private void BuildSpelling()
    {
        foreach (var w in _words.Keys)
            for (var i = 0; i < w.Length; i++)
            {
                var d = w.Remove(i, 1);
                // A deletion shared by two words cannot tell them apart.
                if (_deletions.TryGetValue(d, out var other)) { if (other is not null && _words[other] != _words[w]) _deletions[d] = null; }
                else _deletions[d] = w;
            }
    }

    /// <summary>
    /// The canonical form of the one name word within one edit (a letter missing, extra, wrong, or two swapped) of
    /// an unknown word: "Universty" → univ, "Institue" → inst. Null when the word is known, short or ambiguous.
    /// </summary>
    public string? Correct(string surface)
    {
        if (surface.Length < MinCorrectable || _words.ContainsKey(surface) || !char.IsLetter(surface[0])) return null;
        // Candidates are compared by canonical form: "institute" and "institut" are both inst.
        string? found = null;
        bool Offer(string? word)
        {
            // Symmetric deletions also pair some words two edits apart ("qinghai"/"qinghua"): check the distance.
            if (word is null || !OneEditApart(surface, word)) return true;
            var canonical = _words[word];
            if (found is not null && found != canonical) { found = null; return false; }
            found = canonical;
            return true;
        }
        if (_deletions.TryGetValue(surface, out var missing) && !Offer(missing)) return null;
        for (var i = 0; i < surface.Length; i++)
        {
            var d = surface.Remove(i, 1);
            if (_words.ContainsKey(d) && !Offer(d)) return null;
            if (_deletions.TryGetValue(d, out var near) && !Offer(near)) return null;
        }
        return found;
    }

    /// <summary>One insertion, deletion, substitution or swap of neighbours turns a into b.</summary>
    internal static bool OneEditApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1) return false;
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (a.Length == b.Length)
        {
            if (a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))) return true;
            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
        }
        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : b.AsSpan(i + 1).SequenceEqual(a.AsSpan(i));
    }

    /// <summary>Some indexed name begins with these two words.</summary>
    public bool StartsName(string first, string second) =>
        TokenId(first) is >= 0 and var a && TokenId(second) is >= 0 and var b
        && _edges.TryGetValue((uint)a, out var node) && _edges.ContainsKey(((long)node << 32) | (uint)b);

    private readonly Dictionary<string, int> _holders = new(StringComparer.Ordinal);

    /// <summary>How many candidates bear a name with this key ("natl inst hlth": several countries).</summary>
    public int Holders(string key) => _holders.GetValueOrDefault(key);

    private readonly Dictionary<string, int> _institutionsUsing = new(StringComparer.Ordinal);
    private const int CommonWord = 10;

    /// <summary>How many institutions have the word in one of their names ("yale": 8, "american": 386).</summary>
    public int InstitutionsUsing(string word) => _institutionsUsing.GetValueOrDefault(word);

    private bool[] _describesUnit = [];

    /// <summary>
    /// An institute, centre or laboratory named only with words many institutions' names use ("Institute of Pathology",
    /// "Center for Vision Research"): it describes a kind of unit that many places have, whoever registered it.
    /// </summary>
    public bool DescribesUnit(int variant) => _describesUnit[variant];

    private bool ComputeDescribesUnit(NameVariant v)
    {
        if (v.Cjk || v.Kind == NameKind.Acronym) return false;
        var words = v.Key.Split(' ');
        if (words[0] is not ("inst" or "ctr" or "lab")) return false;
        foreach (var word in words)
            if (_institutionsUsing.GetValueOrDefault(word) < CommonWord) return false;
        return true;
    }

    public int TokenId(string text) => _tokenIds.TryGetValue(text, out var id) ? id : -1;

    /// <summary>Every name found as a contiguous token span: (start, length, variant ids).</summary>
    public List<(int Start, int Length, List<int> Variants)> FindSpans(IReadOnlyList<Token> tokens)
    {
        var ids = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++) ids[i] = TokenId(tokens[i].Text);
        var spans = new List<(int, int, List<int>)>();
        for (var i = 0; i < ids.Length; i++)
        {
            var node = 0;
            for (var j = i; j < ids.Length && j - i < MaxLength; j++)
            {
                if (ids[j] < 0 || !_edges.TryGetValue(((long)node << 32) | (uint)ids[j], out node)) break;
                if (_terminal[node] is { } hits) spans.Add((i, j - i + 1, hits));
            }
        }
        return spans;
    }
}
