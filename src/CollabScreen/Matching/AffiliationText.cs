using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CollabScreen.Matching;

/// <summary>One normalised word of an affiliation string or institution name.</summary>
/// <param name="Text">Canonical form: folded, lower case, abbreviation-expanded to one stem ("Univ", "Universität" → "univ").</param>
/// <param name="Surface">Folded lower-case form before stemming (to prefer the exact spelling among look-alikes).</param>
/// <param name="Segment">Index of the comma/parenthesis-delimited segment.</param>
/// <param name="Part">Index of the ';'-delimited part (one affiliation each).</param>
/// <param name="Connector">The connector word (of, for, de, and, ...) that stood just before it in the same segment, if any.</param>
/// <param name="Upper">Written in capitals in the original (acronym-like).</param>
/// <param name="Cjk">A single Chinese/Japanese character.</param>
public readonly record struct Token(string Text, string Surface, int Segment, int Part, string? Connector, bool Upper, bool Cjk)
{
    /// <summary>A dash stood just before it ("ICAR-Indian ...", "ISEG – Universidade de Lisboa").</summary>
    public bool Dashed { get; init; }
}

/// <summary>
/// Normalises affiliation text and names the same way: e-mail/URL/ORCID removal, diacritics and case folding,
/// traditional → simplified Chinese, Web of Science abbreviations and language variants to one stem
/// (Univ/University/Universität → univ), connector words (of, the, and, &amp;, de) dropped but remembered.
/// </summary>
public static class AffiliationText
{
    private static readonly Regex Noise = new(
        @"\S+@\S+|https?://\S+|www\.\S+|\b\d{4}-\d{4}-\d{4}-\d{3}[\dXx]\b|\borcid\b",
        RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Words that join name parts; dropped from keys so "Univ Sci &amp; Technol China" meets "University of Science and Technology of China".</summary>
    public static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "for", "in", "at", "on", "de", "del", "della", "delle", "degli", "dei", "di", "da", "do", "dos", "das",
        "des", "du", "la", "le", "les", "el", "los", "las", "y", "e", "et", "und", "der", "die", "fur", "zu", "im", "an",
    };

    /// <summary>A connector that joins two things ("and", "&amp;" read as "and", "und", "et", "y", "e").</summary>
    public static bool IsConjunction(string? connector) => connector is "and" or "und" or "et" or "y" or "e";

    // French/Italian elisions: l'Université, d'Orléans, dell'Insubria.
    private static readonly HashSet<string> Elisions = new(StringComparer.Ordinal) { "l", "d", "dell", "all", "nell", "sull", "qu", "j", "s", "c", "n" };

    /// <summary>Stems: abbreviations (WoS style) and language variants of the same institutional word.</summary>
    public static readonly Dictionary<string, string> Stems = BuildStems();

    private static Dictionary<string, string> BuildStems()
    {
        var groups = new (string stem, string words)[]
        {
            ("univ", "univ university universities universidad universidade universita universitat universite universiteit universitet uniwersytet univerzita univerza universitatea universiti universitas egyetem yliopisto universitaet universitaria universitario universitesi univerzitet universitetet universiteti universites"),
            ("inst", "inst institute institut instituto istituto institutes instituut"),
            ("natl", "natl national nacional nationale nazionale nationaal narodowy"),
            ("coll", "coll college colleges colegio collegio"),
            ("sci", "sci science sciences ciencias ciencia ciencias scienze sciences wissenschaften"),
            ("technol", "technol technology technologies technological tecnologia tecnologica tecnologico technologie"),
            ("tech", "tech technical technische technisch tecnica tecnico"),
            ("def", "def defense defence"),
            ("eng", "eng engn engineering ingenieria ingegneria"),
            ("lab", "lab labs laboratory laboratories laboratorio laboratoire labor"),
            ("dept", "dept dep department departement departamento dipartimento departament"),
            ("ctr", "ctr center centre centro centrum zentrum centers centres"),
            ("central", "central cent centrale"),
            ("hosp", "hosp hospital hospitals hopital ospedale hospital klinikum krankenhaus"),
            ("unihosp", "unihosp universitatsklinikum universitatsklinik universitaetsklinikum uniklinikum uniklinik"),
            ("med", "med medical medicine medicina medizin medecine medicale"),
            ("res", "res research recherche ricerca forschung investigacion"),
            ("polytech", "polytech polytechnic polytechnical politecnico polytechnique politecnica"),
            ("aeronaut", "aeronaut aeronautics aeronautical"),
            ("astronaut", "astronaut astronautics astronautical"),
            ("acad", "acad academy academies academia academie akademie accademia"),
            ("agr", "agr agric agricultural agriculture agronomy"),
            ("elect", "elect electronic electronics electrical electric"),
            ("telecommun", "telecommun telecommunication telecommunications"),
            ("commun", "commun communication communications"),
            ("informat", "informat information informatics"),
            ("mil", "mil military"),
            ("liberat", "liberat liberation"),
            ("peoples", "peoples people"),
            ("min", "min mining"),
            ("petr", "petr petroleum"),
            ("nucl", "nucl nuclear"),
            ("int", "int international internacional internationale internazionale"),
            ("tradit", "tradit traditional"),
            ("pharmaceut", "pharmaceut pharmaceutical pharmacy"),
            ("environm", "environm environment environmental"),
            ("hlth", "hlth health"),
            ("publ", "publ public"),
            ("econ", "econ economics economic"),
            ("mech", "mech mechanical mechanics"),
            ("mat", "mat mater materials material"),
            ("math", "math mathematics mathematical"),
            ("phys", "phys physics physical"),
            ("chem", "chem chemistry chemical"),
            ("biol", "biol biology biological"),
            ("comp", "comp comput computer computing"),
            ("stud", "stud studies study"),
            ("fdn", "fdn foundation fundacion fondazione stiftung"),
            ("assoc", "assoc association"),
            ("soc", "soc society societe"),
            ("minist", "minist ministry ministerio ministere"),
            ("clin", "clin clinical clinic clinica"),
            ("canc", "canc cancer"),
            ("childrens", "childrens children"),
            ("gen", "gen general"),
            ("mem", "mem memorial"),
            ("metropolitan", "metropolitan metropolitana"),
            ("normal", "normal"),
            ("aerosp", "aerosp aerospace"),
            ("shipbldg", "shipbuilding shipbldg"),
            ("sch", "sch school schools schule escuela escola scuola"),
            ("fac", "fac faculty facultad faculdade facolta faculte facultat fakultat fakultet wydzial"),
            ("chinese", "chinese chinesische"),
            ("saint", "saint sankt"),
        };
        return BuildGroups(groups);
    }

    private static Dictionary<string, string> BuildGroups((string stem, string words)[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (stem, words) in groups)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                map.TryAdd(w, stem);
        return map;
    }

    /// <summary>
    /// Cities that institutions' names and addresses spell in more than one language ("LMU München", "LMU Munich"), read
    /// as one word. One word each, and none that is another place's name ("Louvain" is two universities; "Peking" a
    /// university's own name). Kept apart from <see cref="Stems"/>: a city is what makes a name specific, never generic.
    /// </summary>
    public static readonly Dictionary<string, string> CityForms = BuildGroups(
    [
        ("munich", "munich munchen muenchen"), ("bangalore", "bangalore bengaluru"), ("cologne", "cologne koln koeln"),
        ("vienna", "vienna wien"), ("prague", "prague praha"), ("rome", "rome roma"), ("milan", "milan milano"),
        ("turin", "turin torino"), ("florence", "florence firenze"), ("naples", "naples napoli"), ("lisbon", "lisbon lisboa"),
        ("copenhagen", "copenhagen kobenhavn"), ("gothenburg", "gothenburg goteborg"), ("geneva", "geneva geneve genf"),
        ("brussels", "brussels bruxelles brussel"), ("warsaw", "warsaw warszawa"), ("moscow", "moscow moskva"),
        ("mumbai", "mumbai bombay"), ("chennai", "chennai madras"), ("kolkata", "kolkata calcutta"), ("seville", "seville sevilla"),
        ("venice", "venice venezia"), ("padua", "padua padova"), ("genoa", "genoa genova"), ("hanover", "hanover hannover"),
        ("nuremberg", "nuremberg nurnberg nuernberg"), ("athens", "athens athina"), ("bucharest", "bucharest bucuresti"),
        ("belgrade", "belgrade beograd"), ("kyiv", "kyiv kiev"), ("zurich", "zurich zuerich"), ("basel", "basel basle"),
        ("tubingen", "tubingen tuebingen"), ("gottingen", "gottingen goettingen"), ("wurzburg", "wurzburg wuerzburg"),
        ("dusseldorf", "dusseldorf duesseldorf"), ("munster", "munster muenster"), ("zaragoza", "zaragoza saragossa"),
        ("marseille", "marseille marseilles"), ("strasbourg", "strasbourg strassburg"), ("thessaloniki", "thessaloniki salonika")
    ]);

    /// <summary>
    /// Web of Science abbreviations of ordinary words in company and institute names ("AVIC Mfg Technol Inst", "China
    /// Aerosp Sci &amp; Ind Corp", "Alibaba Grp", "China Aerodynam Res &amp; Dev Ctr"), read as the word. Kept apart from
    /// <see cref="Stems"/>: these words name what an organisation does, they do not make a name generic.
    /// </summary>
    public static readonly Dictionary<string, string> WordForms = BuildGroups(
    [
        ("industry", "industry industries industrial ind"), ("manufacturing", "manufacturing mfg"), ("group", "group groups grp"),
        ("development", "development dev"), ("aerodynamics", "aerodynamics aerodynamic aerodynam"), ("semiconductor", "semiconductor semiconductors semicond"),
        ("locomotive", "locomotive locomot"),
    ]);

    /// <summary>The canonical form of a (lower-case, folded) word: its stem, or its city's one spelling.</summary>
    public static string Canonical(string word) =>
        Stems.TryGetValue(word, out var stem) ? stem : CityForms.TryGetValue(word, out var city) ? city
        : WordForms.TryGetValue(word, out var form) ? form : word;

    /// <summary>Two-word spellings of one word ("Jiao Tong" = "Jiaotong", "Xi an" = "Xian").</summary>
    private static readonly Dictionary<(string, string), string> Joins = new()
    {
        [("jiao", "tong")] = "jiaotong", [("xi", "an")] = "xian", [("hong", "kong")] = "hongkong",
        [("tai", "wan")] = "taiwan", [("bei", "jing")] = "beijing", [("shang", "hai")] = "shanghai",
    };

    public static IReadOnlyList<Token> Tokenise(string raw) => Tokenise(raw, removeNoise: true);

    public static IReadOnlyList<Token> Tokenise(string raw, bool removeNoise)
    {
        var tokens = new List<Token>(32);
        if (string.IsNullOrWhiteSpace(raw)) return tokens;
        var text = removeNoise && (raw.Contains('@') || raw.Contains("://") || raw.Contains("www.") || raw.Contains("orcid", StringComparison.OrdinalIgnoreCase) || raw.Contains('-'))
            ? Noise.Replace(raw, ",") : raw;
        var word = new StringBuilder(24);
        bool wordUpper = true; int wordLetters = 0;
        int segment = 0, part = 0;
        string? connector = null;
        var dash = false;

        void Emit(string canonical, string surface, bool upper, bool cjk)
        {
            if (tokens.Count > 0)
            {
                var last = tokens[^1];
                if (!cjk && !last.Cjk && last.Segment == segment && connector is null && Joins.TryGetValue((last.Surface, surface), out var joined))
                {
                    tokens[^1] = last with { Text = joined, Surface = joined, Upper = false };
                    return;
                }
            }
            tokens.Add(new Token(canonical, surface, segment, part, connector, upper, cjk) { Dashed = dash });
            connector = null;
            dash = false;
        }

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            var upper = wordUpper && wordLetters >= 2;
            word.Clear(); wordUpper = true; wordLetters = 0;
            // "Xi an" (Xi'an written apart) is one word, though "an" is also a German connector.
            if (w == "an" && connector is null && tokens.Count > 0 && tokens[^1].Surface == "xi" && tokens[^1].Segment == segment)
            { tokens[^1] = tokens[^1] with { Text = "xian", Surface = "xian" }; return; }
            if (Connectors.Contains(w)) { connector = w; return; }
            var canonical = Canonical(w);
            Emit(canonical, w, upper, false);
        }

        void Boundary(bool newPart)
        {
            Flush();
            if (tokens.Count > 0 && tokens[^1].Segment == segment) segment++;
            if (newPart && tokens.Count > 0 && tokens[^1].Part == part) part++;
            connector = null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (char.IsAsciiLetterLower(c)) wordUpper = false;
                    if (char.IsAsciiLetter(c)) wordLetters++;
                    word.Append(char.ToLowerInvariant(c));
                    continue;
                }
                switch (c)
                {
                    case '\'' or '`':
                        // Elision (l'Université) splits and drops the article; otherwise join (Xi'an → xian).
                        if (Elisions.Contains(word.ToString())) { word.Clear(); wordUpper = true; wordLetters = 0; connector = "of"; }
                        continue;
                    case '&': Flush(); connector = "and"; continue;
                    case ';': Boundary(true); continue;
                    case ',' or '(' or ')' or '[' or ']' or '/' or '|' or ':' or '\n' or '\r' or '\t' or '"' or '{' or '}': Boundary(false); continue;
                    case '-': Flush(); dash = true; continue;
                    default: Flush(); continue;
                }
            }
            // Full-width ASCII (，（）Ａ) as written in CJK text.
            if (c is >= '\uFF01' and <= '\uFF5E' && c != '\uFF0C' && c != '\uFF1B' && c != '\uFF08' && c != '\uFF09') { text = text[..i] + (char)(c - 0xFEE0) + text[(i + 1)..]; i--; continue; }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (c is >= '\u2010' and <= '\u2015') { Flush(); dash = true; continue; }
            if (c is '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '\u2032' or '\u02B9' or '\u02BB') { if (Elisions.Contains(word.ToString())) { word.Clear(); wordUpper = true; wordLetters = 0; connector = "of"; } continue; }
            if (ChineseScript.IsCjk(c))
            {
                Flush();
                var s = ChineseScript.ToSimplified(c).ToString();
                Emit(s, s, false, true);
                continue;
            }
            if (c is '\u3001' or '\u3002' or '\uFF0C' or '\uFF1B' or '\uFF08' or '\uFF09')
            { Boundary(c == '\uFF1B'); continue; }
            if (char.IsLetterOrDigit(c))
            {
                var folded = LatinFold.Fold(c);
                if (folded is not null) { word.Append(folded); wordLetters++; wordUpper = false; continue; }
                if (char.IsLower(c)) wordUpper = false;
                wordLetters++;
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            Flush();
        }
        Flush();
        return MergeInitials(tokens);
    }

    /// <summary>"U.S. Army", "T. K. M. College", "P. R. China": runs of single letters are one word ("us", "tkm", "pr").</summary>
    private static List<Token> MergeInitials(List<Token> tokens)
    {
        static bool Initial(Token t) => !t.Cjk && t.Text.Length == 1 && char.IsAsciiLetter(t.Text[0]);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!Initial(tokens[i])) continue;
            var j = i + 1;
            while (j < tokens.Count && Initial(tokens[j]) && tokens[j].Segment == tokens[i].Segment && tokens[j].Connector is null) j++;
            if (j - i < 2) continue;
            var word = string.Concat(tokens.Skip(i).Take(j - i).Select(t => t.Text));
            tokens[i] = tokens[i] with { Text = Canonical(word), Surface = word, Upper = true };
            tokens.RemoveRange(i + 1, j - i - 1);
        }
        return tokens;
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s) if (c >= 128) return false;
        return true;
    }

    /// <summary>Canonical key of a name: its token texts joined by spaces.</summary>
    public static string Key(IReadOnlyList<Token> tokens) => string.Join(' ', tokens.Select(t => t.Text));
}
