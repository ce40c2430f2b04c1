using System.Globalization;
using System.Text.RegularExpressions;

namespace CollabScreen.Reference;

/// <summary>
/// OFAC's consolidated (non-SDN) list in OFAC's headerless three-file CSV layout: cons_prim.csv (ent_num, name,
/// type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks), cons_alt.csv
/// (ent_num, alt_num, alt_type, alt_name, alt_remarks) and cons_add.csv (ent_num, add_num, address,
/// city/state/postal, country, add_remarks). "-0-" means empty. Individuals are skipped.
/// </summary>
public static partial class OfacNonSdnCsv
{
    public const string SourceUrl = "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists";

    /// <summary>Reads the prim file at <paramref name="path"/> and its _alt/_add siblings where present.</summary>
    public static LoadedList Read(string path, string listId, ListReadReport report)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var file = Path.GetFileName(path);
        if (!file.Contains("prim", StringComparison.OrdinalIgnoreCase))
            throw new ListFormatException($"{path}:1: expected OFAC's primary file (e.g. cons_prim.csv); the _alt and _add files are read beside it");
        var alts = new Dictionary<string, List<string>>();
        var altPath = Path.Combine(dir, Regex.Replace(file, "prim", "alt", RegexOptions.IgnoreCase));
        if (File.Exists(altPath))
            foreach (var (line, row) in CsvRows.Read(altPath, report))
            {
                if (row.Length < 4) { report.Add(altPath, line, "alt_name", $"expected 5 columns (ent_num, alt_num, alt_type, alt_name, alt_remarks), found {row.Length}"); continue; }
                if (Value(row[3]) is { } alt) Add(alts, row[0].Trim(), alt);
            }
        else report.Add(path, 0, null, $"companion file {altPath} not found: the alternate names (most of OFAC's aliases) are not imported; put OFAC's _alt file beside the _prim file");
        var countries = new Dictionary<string, string>();
        var addPath = Path.Combine(dir, Regex.Replace(file, "prim", "add", RegexOptions.IgnoreCase));
        if (File.Exists(addPath))
            foreach (var (line, row) in CsvRows.Read(addPath, report))
            {
                if (row.Length < 5) { report.Add(addPath, line, "country", $"expected 6 columns (ent_num, add_num, address, city, country, add_remarks), found {row.Length}"); continue; }
                if (Value(row[4]) is { } c) countries.TryAdd(row[0].Trim(), c);
            }
        else report.Add(path, 0, null, $"companion file {addPath} not found: countries (from the addresses) are not imported; put OFAC's _add file beside the _prim file");
        var entries = new List<WatchlistEntry>();
        var ids = new EntryIds(listId);
        foreach (var (line, row) in CsvRows.Read(path, report))
        {
            if (row.Length < 12) { report.Add(path, line, null, $"expected 12 columns (ent_num, name, type, program, ..., remarks), found {row.Length}"); continue; }
            var ent = row[0].Trim();
            if (!long.TryParse(ent, NumberStyles.None, CultureInfo.InvariantCulture, out _)) { report.Add(path, line, "ent_num", $"'{ent}' is not an OFAC entity number"); continue; }
            var name = Value(row[1]);
            if (name is null) { report.Add(path, line, "name", "empty"); continue; }
            if (string.Equals(Value(row[2]), "individual", StringComparison.OrdinalIgnoreCase)) { CslCsv.Skip(report); continue; }
            var program = Value(row[3]) ?? "";
            var remarks = Value(row[11]) ?? "";
            var aliases = alts.GetValueOrDefault(ent) ?? [];
            foreach (Match m in AkaPattern().Matches(remarks))
                if (!aliases.Contains(m.Groups[1].Value)) aliases.Add(m.Groups[1].Value);
            DateOnly? start = null;
            if (ListingDatePattern().Match(remarks) is { Success: true } ld)
                start = ListDates.Parse(ld.Groups[1].Value, report, path, line, "remarks (Listing Date)");
            var reason = $"OFAC entity {ent}; program {program}" + (LinkedPattern().Match(remarks) is { Success: true } lk ? $"; linked to {lk.Groups[1].Value.Trim()}" : "");
            entries.Add(new WatchlistEntry(ids.Next(name), name, aliases, CountryCode(countries.GetValueOrDefault(ent)), [], null,
                [new Listing(listId, "US Department of the Treasury, OFAC", program, start, null, reason, SourceUrl)])
            { Type = "organisation" });
            report.Records++;
        }
        var list = new Watchlist(listId, "OFAC non-SDN consolidated list (" + listId + ")", "US Department of the Treasury, OFAC", ListKind.LegalDesignation,
            "OFAC consolidated non-SDN lists (NS-CMIC, SSI, NS-PLC, ...), imported by the user", "", DateOnly.FromDateTime(DateTime.UtcNow), SourceUrl);
        return new LoadedList(list, entries);
    }

    private static string? Value(string field)
    {
        var v = field.Trim();
        return v.Length == 0 || v == "-0-" ? null : v;
    }

    private static void Add(Dictionary<string, List<string>> d, string key, string value)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = [];
        if (!list.Contains(value)) list.Add(value);
    }

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["China"] = "CN", ["Hong Kong"] = "HK", ["Russia"] = "RU", ["Iran"] = "IR", ["Ukraine"] = "UA", ["Venezuela"] = "VE",
        ["Burma"] = "MM", ["Cyprus"] = "CY", ["Germany"] = "DE", ["United States"] = "US", ["United Kingdom"] = "GB",
        ["Switzerland"] = "CH", ["Luxembourg"] = "LU", ["Netherlands"] = "NL", ["Austria"] = "AT", ["Belarus"] = "BY",
    };

    private static string? CountryCode(string? name) => name is null ? null : Countries.GetValueOrDefault(name.Trim());

    [GeneratedRegex(@"a\.k\.a\. '([^']+)'")]
    private static partial Regex AkaPattern();

    [GeneratedRegex(@"Listing Date \(CMIC\) (\d{1,2} \w{3} \d{4})")]
    private static partial Regex ListingDatePattern();

    [GeneratedRegex(@"Linked To: (.+?)\.?$")]
    private static partial Regex LinkedPattern();
}
