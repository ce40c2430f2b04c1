using System.Text;
using System.Text.RegularExpressions;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Reads Web of Science exports: the tagged "Plain text / Other file format" (FN/VR header, two-letter field
/// tags, continuation lines indented by 3 spaces, ER ends a record) and the "Tab-delimited" export (a header
/// row of the same tags). Authors are tied to C1 addresses by the bracketed name lists. A bad record is
/// reported (file, line, field) and skipped; the run goes on.
/// </summary>
public static partial class WosExport
{
    /// <summary>The score given to Keywords Plus terms: machine-assigned, at full weight (see TopicClassifier).</summary>
    public const double KeywordsPlusScore = 0.5;

    /// <summary>Tags whose lines are separate values (one author, one address per line); other tags' lines are wrapped text.</summary>
    private static readonly HashSet<string> ListTags = ["AU", "AF", "BA", "BF", "CA", "GP", "C1", "CR", "RP"];

    /// <summary>Reads a tagged export from text (already decoded).</summary>
    public static IEnumerable<Work> ReadTagged(TextReader reader, string source, ReadReport report)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        long line = 0, recordLine = 0;
        string? lastTag = null;
        string? problem = null;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (line == 1) text = text.TrimStart('\uFEFF');
            if (text.Length == 0 || string.IsNullOrWhiteSpace(text)) continue;
            if (text.StartsWith("   ", StringComparison.Ordinal))
            {
                if (lastTag is null) { problem ??= $"line {line}: continuation line outside a field"; continue; }
                var value = text.Trim();
                var values = fields[lastTag];
                if (ListTags.Contains(lastTag)) values.Add(value);
                else values[^1] = values[^1] + " " + value;
                continue;
            }
            var tag = text.Length >= 2 ? text[..2] : text;
            if (!IsTag(tag) || (text.Length > 2 && text[2] != ' '))
            {
                if (recordLine == 0) continue; // between records: tolerate stray text
                problem ??= $"line {line}: '{Clip(text)}' is neither a field (two-letter tag, a space, the value) nor a continuation (3 spaces)";
                lastTag = null;
                continue;
            }
            var rest = text.Length > 3 ? text[3..].Trim() : "";
            switch (tag)
            {
                case "FN" or "VR" when recordLine == 0:
                    continue;
                case "EF":
                    // End of one export; files that join several exports (as bibliometric projects do) go on after it.
                    if (recordLine > 0) report.Skip(new ReadError(source, recordLine, "record has no ER line before EF; was the export cut short?"));
                    fields.Clear();
                    recordLine = 0;
                    lastTag = null;
                    problem = null;
                    continue;
                case "PT" when recordLine > 0 && fields.ContainsKey("PT"):
                    // A new record began without the last one's ER: report that one, do not merge the two.
                    report.Warn(new ReadError(source, recordLine, $"record has no ER line (a new record starts at line {line} with PT); read it as ending there"));
                    if (Finish(fields, source, recordLine, problem, report) is { } unended) yield return unended;
                    fields.Clear();
                    recordLine = 0;
                    lastTag = null;
                    problem = null;
                    break;
                case "ER":
                    if (recordLine == 0) continue;
                    var work = Finish(fields, source, recordLine, problem, report);
                    if (work is not null) yield return work;
                    fields.Clear();
                    recordLine = 0;
                    lastTag = null;
                    problem = null;
                    continue;
            }
            if (recordLine == 0) recordLine = line;
            lastTag = tag;
            if (!fields.TryGetValue(tag, out var list)) fields[tag] = list = [];
            if (ListTags.Contains(tag) || list.Count == 0) list.Add(rest);
            else list[^1] = list[^1] + " " + rest; // a repeated text tag continues the field
        }
        if (recordLine > 0) report.Skip(new ReadError(source, recordLine, "record has no ER line (the file ends inside it); was the export cut short?"));
    }

    /// <summary>Reads a tab-delimited export from text (already decoded; the first line is the header of tags).</summary>
    public static IEnumerable<Work> ReadTabbed(TextReader reader, string source, ReadReport report)
    {
        var headerLine = reader.ReadLine();
        if (headerLine is null) yield break;
        var header = headerLine.TrimStart('\uFEFF').Split('\t').Select(h => h.Trim()).ToArray();
        // Some exports end every row with a tab: an empty last column name.
        var width = header.Length;
        while (width > 0 && header[width - 1].Length == 0) width--;
        long line = 1;
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split('\t');
            var used = cells.Length;
            while (used > width && cells[used - 1].Length == 0) used--;
            if (used != width)
            {
                report.Skip(new ReadError(source, line, $"expected {width} tab-separated fields as in the header, found {used}; was the file edited or cut?"));
                continue;
            }
            fields.Clear();
            for (var i = 0; i < width; i++)
            {
                var value = cells[i].Trim();
                if (value.Length == 0 || header[i].Length == 0) continue;
                fields[header[i]] = header[i] switch
                {
                    "AU" or "AF" or "BA" or "BF" or "CR" or "RP" => SplitSemicolons(value),
                    "C1" => SplitAddresses(value),
                    _ => [value],
                };
            }
            var work = Finish(fields, source, line, null, report);
            if (work is not null) yield return work;
        }
    }

    private static Work? Finish(Dictionary<string, List<string>> fields, string source, long line, string? problem, ReadReport report)
    {
        if (problem is not null)
        {
            report.Skip(new ReadError(source, line, $"record skipped: {problem}"));
            return null;
        }
        string? Text(string tag) => fields.TryGetValue(tag, out var v) && v.Count > 0 && v[0].Length > 0 ? string.Join(" ", v) : null;
        IReadOnlyList<string> List(string tag) => fields.TryGetValue(tag, out var v) ? v.Where(s => s.Length > 0).ToList() : [];

        var id = Text("UT");
        if (id is null)
        {
            report.Skip(new ReadError(source, line, "field UT (accession number) is missing; every WoS record has one, e.g. 'UT WOS:000123456700001'"));
            return null;
        }
        int? year = null;
        if (Text("PY") is { } py)
        {
            if (!int.TryParse(py, out var y) || y < 1000 || y > 2999)
            {
                report.Skip(new ReadError(source, line, $"field PY: '{Clip(py)}' is not a year (record {id})"));
                return null;
            }
            year = y;
        }
        if (year is null && Text("EY") is { } ey && int.TryParse(ey, out var early)) year = early;

        var names = List("AF") is { Count: > 0 } full ? full : List("AU");
        var addresses = List("C1").Select(ParseAddress).ToList();
        var orcids = NamedIds(Text("OI"));
        var authorships = new List<Authorship>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var shortName = List("AU") is { } au && i < au.Count ? au[i] : null;
            var tied = addresses.Where(a => a.Authors.Count > 0 && a.Authors.Any(n => SameName(n, name) || (shortName is not null && SameName(n, shortName)))).ToList();
            // An author missing from every bracket list (or addresses without brackets) gets every address.
            var raw = (tied.Count > 0 ? tied : addresses).Select(a => a.Affiliation).Distinct().ToList();
            var orcid = orcids.FirstOrDefault(o => SameName(o.Name, name) || (shortName is not null && SameName(o.Name, shortName))).Id;
            authorships.Add(new Authorship(name, null, orcid is null ? null : "https://orcid.org/" + orcid,
                i == 0 ? "first" : i == names.Count - 1 ? "last" : "middle", raw, []));
        }

        var subjects = new List<SubjectTerm>();
        foreach (var tag in new[] { "DE", "ID" })
            if (Text(tag) is { } words)
                foreach (var k in words.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    // ID (Keywords Plus) is assigned by Clarivate from the titles of cited references, not by the
                    // authors: it carries a score, as machine-assigned subjects do, so it can be told apart.
                    subjects.Add(tag == "ID" ? new SubjectTerm(SubjectKind.Keyword, k, Score: KeywordsPlusScore) : new SubjectTerm(SubjectKind.Keyword, k));

        var organisations = (Text("C3") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(n => new AssertedInstitution(null, null, n, null, null)).ToList();

        report.CountRead();
        return new Work(id, Doi(Text("DI")), Text("TI"), Text("AB"), year, null, Text("SO"), Text("DT") ?? Text("PT"),
            authorships, [], subjects, new Origin(source, line))
        { InstitutionAssertions = organisations };
    }

    private sealed record Address(IReadOnlyList<string> Authors, string Affiliation);

    /// <summary>"[Wang, Wei; Li, Ming] Natl Univ Def Technol, ..." → the names and the address.</summary>
    private static Address ParseAddress(string entry)
    {
        entry = entry.Trim();
        if (entry.StartsWith('[') && entry.IndexOf(']') is var close and > 0)
            return new Address(
                entry[1..close].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                entry[(close + 1)..].Trim());
        return new Address([], entry);
    }

    /// <summary>"Wang, Wei/0000-0001-2345-6789; Li, Ming/0000-..." → name/id pairs.</summary>
    private static IReadOnlyList<(string Name, string? Id)> NamedIds(string? text) =>
        text is null ? [] : text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.LastIndexOf('/') is var slash and > 0 ? (p[..slash].Trim(), (string?)p[(slash + 1)..].Trim()) : (p, null))
            .Where(p => p.Item2 is { Length: > 0 } && OrcidPattern().IsMatch(p.Item2))
            .ToList();

    private static bool SameName(string a, string b) => Fold(a) == Fold(b);

    private static string Fold(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
            if (char.IsLetter(c)) sb.Append(char.ToLowerInvariant(c));
            else if (c == ',') sb.Append(',');
        return sb.ToString();
    }

    private static string? Doi(string? doi) => doi is null ? null : "https://doi.org/" + doi.Trim();

    private static List<string> SplitSemicolons(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Splits a tab-delimited C1 cell on "; " outside the bracketed author lists.</summary>
    private static List<string> SplitAddresses(string value)
    {
        var result = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '[') depth++;
            else if (c == ']') depth = Math.Max(0, depth - 1);
            else if (c == ';' && depth == 0)
            {
                if (value[start..i].Trim() is { Length: > 0 } part) result.Add(part);
                start = i + 1;
            }
        }
        if (value[start..].Trim() is { Length: > 0 } last) result.Add(last);
        return result;
    }

    private static bool IsTag(string tag) =>
        tag.Length == 2 && char.IsAsciiLetterUpper(tag[0]) && (char.IsAsciiLetterUpper(tag[1]) || char.IsAsciiDigit(tag[1]));

    private static string Clip(string s) => s.Length > 60 ? s[..57] + "..." : s;

    [GeneratedRegex(@"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")]
    private static partial Regex OrcidPattern();
}
