using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// Reads a Scopus CSV export (Export → CSV). Columns vary with the export options, so they are found by header
/// name (case-insensitive); only Title or EID is required. Authors and their affiliation strings come from
/// "Authors with affiliations" ("Surname, I., Affiliation, City, Country; ..."), else every author gets the
/// "Affiliations" column. A bad row is reported (file, line, field) and skipped; a header without Title and EID is reported and the file
/// skipped; the run goes on.
/// </summary>
public static class ScopusExport
{
    public static IEnumerable<Work> Read(TextReader reader, string source, ReadReport report)
    {
        using var rows = CsvRows.Read(reader, source, report).GetEnumerator();
        if (!rows.MoveNext()) yield break;
        var header = rows.Current.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        int Find(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        int eid = Find("EID"), title = Find("Title");
        if (eid < 0 && title < 0)
        {
            // A file, not a record, is wrong: say so and let the other inputs be read.
            report.Error(new ReadError(source, 1, $"not a Scopus export: the header has neither 'EID' nor 'Title' (columns: {string.Join(", ", header)}); export from Scopus with Export → CSV, or give a CSV with id,title,abstract"));
            yield break;
        }
        int authors = Find("Authors"), fullNames = Find("Author full names"), authorIds = Find("Author(s) ID"),
            year = Find("Year"), venue = Find("Source title"), doi = Find("DOI"), affiliations = Find("Affiliations"),
            withAffiliations = Find("Authors with affiliations"), abstractColumn = Find("Abstract"),
            authorKeywords = Find("Author Keywords"), indexKeywords = Find("Index Keywords"), type = Find("Document Type"),
            references = Find("References");
        var shiftWarned = false;

        while (rows.MoveNext())
        {
            var row = rows.Current;
            var f = row.Fields;
            if (f.Count == 1 && f[0].Length == 0) continue;
            // Real Scopus exports can carry unlabelled extra funding-text fields just before 'References': the columns
            // up to the shift are read by header from the left, 'References' and every column after it from the right.
            var shift = f.Count - header.Length;
            if (shift < 0 || shift > 0 && references < 0)
            {
                report.Skip(new ReadError(source, row.Line,
                    $"expected {header.Length} fields as in the header, found {f.Count}; check for an unquoted comma or a stray quote in this row"));
                continue;
            }
            if (shift > 0 && !shiftWarned)
            {
                shiftWarned = true;
                report.Warn(new ReadError(source, row.Line,
                    $"rows have {f.Count} fields, {shift} more than the header's {header.Length}: an unlabelled column before 'References' (Scopus adds one for a second funding text); " +
                    $"read the columns up to '{header[references - 1]}' from the left and 'References' … '{header[^1]}' from the right; no record lost"));
            }
            string? Get(int i)
            {
                if (i < 0) return null;
                if (shift > 0 && i >= references) i += shift;
                return !string.IsNullOrWhiteSpace(f[i]) ? f[i].Trim() : null;
            }

            var id = Get(eid) ?? (Get(doi) is { } d ? "https://doi.org/" + d : null);
            if (id is null)
            {
                report.Skip(new ReadError(source, row.Line, eid >= 0
                    ? "field 'EID' is empty (and no DOI); every Scopus row needs its EID, e.g. 2-s2.0-85012345678"
                    : "no EID column and field 'DOI' is empty: the row cannot be identified; export with the EID column"));
                continue;
            }
            int? workYear = null;
            if (Get(year) is { } y)
            {
                if (!int.TryParse(y, out var parsed) || parsed < 1000 || parsed > 2999)
                {
                    report.Skip(new ReadError(source, row.Line, $"field 'Year': '{y}' is not a year (record {id})"));
                    continue;
                }
                workYear = parsed;
            }

            var subjects = new List<SubjectTerm>();
            foreach (var column in new[] { authorKeywords, indexKeywords })
                if (Get(column) is { } words)
                    foreach (var k in words.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        subjects.Add(new SubjectTerm(SubjectKind.Keyword, k));

            report.CountRead();
            yield return new Work(id, Get(doi) is { } dd ? "https://doi.org/" + dd : null, Get(title), CleanAbstract(Get(abstractColumn)),
                workYear, null, Get(venue), Get(type),
                Authorships(Get(authors), Get(fullNames), Get(authorIds), Get(withAffiliations), Get(affiliations)),
                [], subjects, new Origin(source, row.Line));
        }
    }

    /// <summary>Builds authorships: names from "Author full names" ("Surname, Given (id)"), else "Authors"; affiliation
    /// strings from "Authors with affiliations", else every author gets all of "Affiliations".</summary>
    public static IReadOnlyList<Authorship> Authorships(string? authors, string? fullNames, string? authorIds, string? withAffiliations, string? affiliations)
    {
        var shortNames = SplitAuthors(authors);
        var full = Split(fullNames).Select(ParseFullName).ToList();
        var ids = Split(authorIds);
        var entries = Split(withAffiliations);
        var all = Split(affiliations).Distinct().ToList();
        var count = Math.Max(shortNames.Count, Math.Max(full.Count, entries.Count));
        if (shortNames.Count == 1 && shortNames[0].StartsWith("[No author name available]", StringComparison.OrdinalIgnoreCase)) return [];

        var result = new List<Authorship>(count);
        for (var i = 0; i < count; i++)
        {
            var shortName = i < shortNames.Count ? shortNames[i] : null;
            string? name = null, affiliation = null;
            if (i < entries.Count) (name, affiliation) = SplitEntry(entries[i], shortName);
            if (i < full.Count) name = full[i].Name;
            name ??= shortName;
            var id = i < full.Count && full[i].Id is { } fid ? fid : i < ids.Count ? ids[i] : null;
            IReadOnlyList<string> raw = entries.Count > 0
                ? affiliation is { Length: > 0 } ? [affiliation] : []
                : all;
            result.Add(new Authorship(name, id, null, i == 0 ? "first" : i == count - 1 ? "last" : "middle", raw, []));
        }
        return result;
    }

    /// <summary>"Wang, W., National University of Defense Technology, Changsha, China" → ("Wang, W.", the rest).
    /// The name part is the author's short name when it prefixes the entry; otherwise "Surname, Initials." (newer
    /// exports) or "Surname I." (older ones).</summary>
    public static (string Name, string? Affiliation) SplitEntry(string entry, string? shortName)
    {
        if (shortName is { Length: > 0 } && entry.StartsWith(shortName, StringComparison.OrdinalIgnoreCase)
            && (entry.Length == shortName.Length || entry[shortName.Length] == ','))
            return (shortName, NullIfEmpty(entry[shortName.Length..].TrimStart(',', ' ')));
        var parts = entry.Split(',');
        var take = parts.Length > 1 && LooksLikeInitials(parts[1]) ? 2 : 1;
        var name = string.Join(",", parts.Take(take)).Trim();
        return (name, NullIfEmpty(string.Join(",", parts.Skip(take)).Trim()));
    }

    private static bool LooksLikeInitials(string part)
    {
        part = part.Trim();
        return part.Length is > 0 and <= 12 && part.EndsWith('.') && part.All(c => char.IsUpper(c) || c is '.' || c is '-' || c is ' ');
    }

    private static (string Name, string? Id) ParseFullName(string entry)
    {
        var open = entry.LastIndexOf('(');
        if (open > 0 && entry.EndsWith(')'))
        {
            var id = entry[(open + 1)..^1].Trim();
            if (id.Length > 0 && id.All(char.IsAsciiDigit)) return (entry[..open].Trim(), id);
        }
        return (entry.Trim(), null);
    }

    /// <summary>Newer exports separate authors with "; ", older ones with ", " ("Wang W., Li M.").</summary>
    private static List<string> SplitAuthors(string? authors)
    {
        if (authors is null) return [];
        if (authors.Contains(';')) return Split(authors);
        var parts = authors.Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // One author "Wang, W." splits into a surname and initials: keep it whole.
        return parts.Length == 2 && LooksLikeInitials(parts[1]) ? [authors.Trim()] : parts.ToList();
    }

    private static List<string> Split(string? value) =>
        value is null ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Scopus writes "[No abstract available]" and appends the copyright line to abstracts.</summary>
    private static string? CleanAbstract(string? text) =>
        text is null || text.StartsWith("[No abstract available]", StringComparison.OrdinalIgnoreCase) ? null : text;

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
