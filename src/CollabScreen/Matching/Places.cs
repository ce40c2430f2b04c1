using CollabScreen.Reference;

namespace CollabScreen.Matching;

public enum PlaceKind { Country, Region, City }

/// <summary>A place phrase (canonical tokens) and the countries it points to.</summary>
public sealed record Place(string Key, PlaceKind Kind, IReadOnlySet<string> Countries);

/// <summary>
/// Countries, regions and cities that an affiliation string may name, to check a candidate's country and city
/// (National Defense University, Washington DC is not the Chinese one). Built-in country and US-state names plus,
/// with a registry, every country, region and city it holds.
/// </summary>
public sealed class Places
{
    private readonly Dictionary<string, Place> _byKey = new(StringComparer.Ordinal);
    public int MaxTokens { get; private set; } = 1;

    // ISO code → extra spellings seen in affiliations (registry country names are added when available).
    private static readonly (string Code, string Names)[] Countries =
    [
        ("CN", "china|peoples r china|pr china|p r china|prc|p r c|peoples republic china|republic china mainland|中国"),
        ("HK", "hong kong|hongkong|hong kong sar|香港"),
        ("MO", "macau|macao|澳门"),
        ("TW", "taiwan|republic china taiwan|roc|台湾"),
        ("US", "usa|u s a|united states|united states america|u s"),
        ("GB", "uk|u k|united kingdom|england|scotland|wales|northern ireland|great britain"),
        ("KR", "south korea|korea|republic korea|korea south|한국"),
        ("KP", "north korea|dprk|democratic peoples republic korea"),
        ("RU", "russia|russian federation"),
        ("DE", "germany|deutschland"), ("FR", "france"), ("IT", "italy|italia"), ("ES", "spain|espana"),
        ("JP", "japan|日本"), ("IN", "india"), ("CA", "canada"), ("AU", "australia"), ("NL", "netherlands|the netherlands|holland"),
        ("CH", "switzerland|suisse|schweiz"), ("SE", "sweden"), ("NO", "norway"), ("DK", "denmark"), ("FI", "finland"),
        ("BE", "belgium"), ("AT", "austria"), ("PL", "poland"), ("PT", "portugal"), ("BR", "brazil|brasil"), ("IR", "iran"),
        ("TR", "turkey|turkiye"), ("IL", "israel"), ("SG", "singapore"), ("MY", "malaysia"), ("PK", "pakistan"),
        ("SA", "saudi arabia|kingdom saudi arabia|ksa"), ("EG", "egypt"), ("MX", "mexico"), ("AR", "argentina"), ("CL", "chile"),
        ("NZ", "new zealand"), ("IE", "ireland"), ("GR", "greece"), ("CZ", "czech republic|czechia"), ("HU", "hungary"),
        ("VN", "vietnam|viet nam"), ("TH", "thailand"), ("ID", "indonesia"), ("PH", "philippines"), ("ZA", "south africa"),
        ("NG", "nigeria"), ("UA", "ukraine"), ("RO", "romania"), ("BD", "bangladesh"), ("AE", "uae|united arab emirates"),
    ];

    private static readonly string[] UsStates =
    [
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
        "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts",
        "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
        "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
        "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
        "wisconsin", "wyoming", "district columbia", "washington dc", "dc",
    ];

    private static readonly string[] ChineseProvinces =
    [
        "anhui", "fujian", "gansu", "guangdong", "guangxi", "guizhou", "hainan", "hebei", "heilongjiang", "henan", "hubei", "hunan",
        "jiangsu", "jiangxi", "jilin", "liaoning", "inner mongolia", "ningxia", "qinghai", "shaanxi", "shandong", "shanxi",
        "sichuan", "tibet", "xinjiang", "yunnan", "zhejiang", "beijing", "shanghai", "tianjin", "chongqing",
    ];

    // Subdivision names that are also ordinary words in names ("Central Laboratory").
    private static readonly HashSet<string> VagueRegions = ["central", "north", "south", "east", "west", "capital", "national", "federal", "metropolitan", "centre", "center"];

    public Places(RorRegistry? registry = null)
    {
        foreach (var (code, names) in Countries)
            foreach (var n in names.Split('|')) Add(n, PlaceKind.Country, code);
        // "Georgia" is a US state and a country.
        Add("georgia", PlaceKind.Country, "GE"); Add("georgia", PlaceKind.Region, "US");
        foreach (var s in UsStates) Add(s, PlaceKind.Region, "US");
        foreach (var p in ChineseProvinces) Add(p, PlaceKind.Region, "CN");
        if (registry is null) return;
        foreach (var i in registry.Institutions)
        {
            if (i.Country is null) continue;
            if (i.CountryName is { } cn) Add(cn, PlaceKind.Country, i.Country);
            // Registry subdivisions and cities only confirm a candidate; they are too ambiguous ("Northwest") to contradict one.
            if (i.Region is { } r && !VagueRegions.Contains(r.ToLowerInvariant())) Add(r, PlaceKind.City, i.Country);
            if (i.City is { } c) Add(c, PlaceKind.City, i.Country);
        }
    }

    private readonly HashSet<(string, PlaceKind, string)> _added = [];

    private void Add(string phrase, PlaceKind kind, string country)
    {
        // The registry repeats the same city thousands of times: tokenise each (phrase, kind, country) once.
        if (!_added.Add((phrase, kind, country))) return;
        var tokens = AffiliationText.Tokenise(phrase, removeNoise: false);
        if (tokens.Count == 0 || tokens.Count > 4) return;
        var key = Canonical(AffiliationText.Key(tokens));
        if (_byKey.TryGetValue(key, out var existing))
        {
            // Keep the strongest kind (country > region > city) and every country the phrase can mean.
            var countries = new HashSet<string>(existing.Countries) { country };
            _byKey[key] = new Place(key, kind < existing.Kind ? kind : existing.Kind, countries);
        }
        else _byKey[key] = new Place(key, kind, new HashSet<string> { country });
        MaxTokens = Math.Max(MaxTokens, tokens.Count);
    }

    public Place? Get(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>"St. Louis", "St Louis" and "Saint Louis" are one place (the registry writes "St.", authors often "Saint").</summary>
    public static string Canonical(string key) =>
        key.StartsWith("st ", StringComparison.Ordinal) ? "saint" + key[2..]
        : key.StartsWith("ste ", StringComparison.Ordinal) ? "sainte" + key[3..] : key;

    /// <summary>Places named in the tokens: (first token, token count, place), longest phrase first at each position.</summary>
    public List<(int Start, int Length, Place Place)> Find(IReadOnlyList<Token> tokens)
    {
        var found = new List<(int, int, Place)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Cjk) continue;
            for (var n = Math.Min(MaxTokens, tokens.Count - i); n >= 1; n--)
            {
                if (tokens[i + n - 1].Segment != tokens[i].Segment) continue;
                var key = n == 1 ? tokens[i].Text : Canonical(string.Join(' ', Enumerable.Range(i, n).Select(k => tokens[k].Text)));
                if (_byKey.TryGetValue(key, out var place)) { found.Add((i, n, place)); i += n - 1; break; }
            }
        }
        // Chinese place names are runs of characters ("中国", "香港").
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (tokens[i].Cjk && tokens[i + 1].Cjk && _byKey.TryGetValue(tokens[i].Text + " " + tokens[i + 1].Text, out var p))
                found.Add((i, 2, p));
        return found;
    }
}
