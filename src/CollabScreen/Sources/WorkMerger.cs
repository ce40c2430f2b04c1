using System.Globalization;
using System.Text;
using CollabScreen.Model;

namespace CollabScreen.Sources;

/// <summary>
/// One paper, one work: merges the records of the same paper across inputs (and repeats within one input) so that it is
/// screened, printed and stored once. Two records are the same paper when they share a source id, else a DOI, else a
/// normalised title + year + first author's family name (<see cref="Keys"/>). A merged work keeps the first record's id
/// and origin, every other record's id and origin (<see cref="Work.MergedFrom"/>), and the union of authorships, affiliation strings,
/// asserted institutions, subjects and references.
/// <para>
/// Memory: two passes over the files. The first reads every record and keeps only 64-bit hashes of its keys (about 100
/// bytes a record: 40 MB for 400,000 records); keys seen more than once are joined into groups (union-find). The second
/// pass streams: a record in no group passes straight through, a record in a group is held until the group's last
/// record has been read, then the merged work is yielded in that place. So only the duplicates are ever held. A hash
/// collision can only put two records in one group: they are merged only when their real keys agree.
/// </para>
/// </summary>
public static class WorkMerger
{
    /// <summary>Reads the files twice (see the type's remarks) and yields each paper once. Reading errors are reported once, by the second pass.</summary>
    public static IEnumerable<Work> Read(IReadOnlyList<string> paths, ReadReport report, CsvColumns? columns = null)
    {
        var files = WorkFiles.ExpandPaths(paths);
        var groups = new KeyGroups();
        var quiet = new ReadReport(); // the first pass must not count or report anything twice
        var index = 0;
        foreach (var work in WorkFiles.Read(files, quiet, columns)) groups.Add(index++, Keys(work));
        var sizes = groups.GroupSizes();
        return Merge(WorkFiles.Read(files, report, columns), sizes, groups, report);
    }

    /// <summary>
    /// Merges in one pass when the works are already in memory (tests, small inputs): holds every work.
    /// </summary>
    public static IReadOnlyList<Work> MergeAll(IReadOnlyList<Work> works, ReadReport report)
    {
        var groups = new KeyGroups();
        for (var i = 0; i < works.Count; i++) groups.Add(i, Keys(works[i]));
        return Merge(works, groups.GroupSizes(), groups, report).ToList();
    }

    private static IEnumerable<Work> Merge(IEnumerable<Work> works, Dictionary<int, int> sizes, KeyGroups groups, ReadReport report)
    {
        var held = new Dictionary<int, List<Work>>();
        var index = 0;
        foreach (var work in works)
        {
            var i = index++;
            var group = groups.GroupOf(i);
            if (group is not { } g || sizes[g] < 2) { yield return work; continue; }
            if (!held.TryGetValue(g, out var members)) held[g] = members = [];
            members.Add(work);
            if (members.Count < sizes[g]) continue;
            held.Remove(g);
            foreach (var merged in MergeGroup(members, report)) yield return merged;
        }
        // A second pass that read fewer records than the first (a file changed between them): yield what is held.
        foreach (var members in held.Values)
            foreach (var merged in MergeGroup(members, report)) yield return merged;
    }

    /// <summary>Merges one group by the records' real keys (a hash collision leaves unrelated records apart).</summary>
    private static IEnumerable<Work> MergeGroup(List<Work> members, ReadReport report)
    {
        var keys = members.Select(Keys).ToList();
        var parent = Enumerable.Range(0, members.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var a = 0; a < members.Count; a++)
            for (var b = a + 1; b < members.Count; b++)
                if (keys[a].Intersect(keys[b], StringComparer.Ordinal).Any()) parent[Find(b)] = Find(a);
        foreach (var part in Enumerable.Range(0, members.Count).GroupBy(Find).OrderBy(p => p.Key))
        {
            var records = part.Select(i => members[i]).ToList();
            if (records.Count > 1) Report(records, report);
            yield return records.Count == 1 ? records[0] : Combine(records);
        }
    }

    private static void Report(List<Work> records, ReadReport report)
    {
        report.CountMerged(records.Count - 1);
        var first = records[0];
        foreach (var repeat in records.Skip(1).Where(r => r.Origin.Source == first.Origin.Source))
            report.Warn(new ReadError(repeat.Origin.Source, repeat.Origin.Line,
                $"work {repeat.Id} repeats {first.Id} at {first.Origin}; it is screened and reported once"));
    }

    /// <summary>The records of one paper as one work: the first record's fields where it has them, the union of the lists.</summary>
    public static Work Combine(IReadOnlyList<Work> records)
    {
        var first = records[0];
        var authorships = first.Authorships.ToList();
        foreach (var other in records.Skip(1)) authorships = MergeAuthorships(authorships, other.Authorships);
        return first with
        {
            Doi = records.Select(r => r.Doi).FirstOrDefault(d => d is not null),
            Title = records.Select(r => r.Title).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)),
            Abstract = records.Select(r => r.Abstract).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)),
            Year = records.Select(r => r.Year).FirstOrDefault(y => y is not null),
            Date = records.Select(r => r.Date).FirstOrDefault(d => d is not null),
            Venue = records.Select(r => r.Venue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)),
            Type = records.Select(r => r.Type).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)),
            Authorships = authorships,
            ReferencedWorks = records.SelectMany(r => r.ReferencedWorks).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Subjects = records.SelectMany(r => r.Subjects).DistinctBy(s => (s.Kind, s.Name.ToLowerInvariant())).ToList(),
            InstitutionAssertions = records.SelectMany(r => r.InstitutionAssertions).DistinctBy(InstitutionKey).ToList(),
            MergedFrom = first.MergedFrom.Concat(records.Skip(1).SelectMany(r => r.MergedFrom.Prepend(new MergedRecord(r.Id, r.Origin)))).ToList(),
        };
    }

    /// <summary>
    /// Authors matched by family name and first initial, in order (two "Zhang, W." pair with the first two "Wei
    /// Zhang"s); a matched author gets the union of both records' strings and institutions, an unmatched one is added.
    /// </summary>
    private static List<Authorship> MergeAuthorships(List<Authorship> into, IReadOnlyList<Authorship> from)
    {
        // Only the authors already there are candidates: one added from this record is not matched again.
        var existing = into.Count;
        var used = new bool[existing];
        foreach (var a in from)
        {
            var key = AuthorKey(a.AuthorName);
            var at = -1;
            for (var i = 0; i < existing && key is not null; i++)
                if (!used[i] && AuthorKey(into[i].AuthorName) == key) { at = i; break; }
            if (at < 0) { into.Add(a); continue; }
            used[at] = true;
            var b = into[at];
            into[at] = b with
            {
                AuthorId = b.AuthorId ?? a.AuthorId,
                Orcid = b.Orcid ?? a.Orcid,
                Position = b.Position ?? a.Position,
                RawAffiliations = b.RawAffiliations.Concat(a.RawAffiliations).Distinct(StringComparer.Ordinal).ToList(),
                Institutions = b.Institutions.Concat(a.Institutions).DistinctBy(InstitutionKey).ToList(),
            };
        }
        return into;
    }

    private static string InstitutionKey(AssertedInstitution i) => (i.Id ?? i.Ror ?? i.Name ?? "").ToLowerInvariant();

    /// <summary>
    /// The keys that identify a paper: "id:" the source id, "doi:" the bare lower-case DOI, and "tya:" normalised title,
    /// year and first author's family name (only for titles of at least 20 letters: "Editorial" is not a paper's name).
    /// </summary>
    public static IReadOnlyList<string> Keys(Work w)
    {
        var keys = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(w.Id)) keys.Add("id:" + w.Id.Trim().ToLowerInvariant());
        if (BareDoi(w.Doi) is { } doi) keys.Add("doi:" + doi);
        var title = Letters(w.Title);
        var author = w.Authorships.Count > 0 ? FamilyName(w.Authorships[0].AuthorName) : null;
        if (title.Length >= 20 && w.Year is { } year && author is { Length: > 0 }) keys.Add($"tya:{title}|{year}|{author}");
        return keys;
    }

    /// <summary>"https://doi.org/10.1/ABC", "doi:10.1/abc", "10.1/abc" → "10.1/abc".</summary>
    public static string? BareDoi(string? doi)
    {
        if (string.IsNullOrWhiteSpace(doi)) return null;
        var d = doi.Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:" })
            if (d.StartsWith(prefix, StringComparison.Ordinal)) { d = d[prefix.Length..].Trim(); break; }
        return d.StartsWith("10.", StringComparison.Ordinal) && d.Contains('/') ? d : null;
    }

    /// <summary>
    /// A family name from the forms the sources print: "Zhang, Wei" / "Zhang, W" (WoS), "Zhang W." (Scopus),
    /// "Wei Zhang" (OpenAlex). Lower-case letters without diacritics.
    /// </summary>
    public static string? FamilyName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        if (name.Contains(',')) return Letters(name[..name.IndexOf(',')]);
        var tokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 1) return Letters(tokens[0]);
        // "Zhang W." / "Zhang W.-J.": the last token is initials, so the family name comes first.
        var last = Letters(tokens[^1]);
        return tokens[^1].Contains('.') || last.Length <= 2 && tokens[^1].ToUpperInvariant() == tokens[^1] ? Letters(tokens[0]) : last;
    }

    /// <summary>Family name and first initial of the given names, to pair one author across records.</summary>
    private static string? AuthorKey(string? name)
    {
        var family = FamilyName(name);
        if (family is not { Length: > 0 }) return null;
        var given = name!.Contains(',') ? name[(name.IndexOf(',') + 1)..] : string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => Letters(t) != family));
        var initial = Letters(given) is { Length: > 0 } g ? g[0].ToString() : "";
        return family + "|" + initial;
    }

    /// <summary>Lower-case letters and digits only, diacritics removed: "Über-Tracking: A Study" → "ubertrackingastudy".</summary>
    public static string Letters(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) // invariant globalization has no normaliser: LatinFold folds the diacritics
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c > '\u007F' && Matching.LatinFold.Fold(c) is { } folded) sb.Append(folded);
            else if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Union-find over key hashes: records sharing any key end up in one group.</summary>
    private sealed class KeyGroups
    {
        private readonly Dictionary<ulong, int> _firstWithKey = [];
        private readonly Dictionary<int, int> _parent = []; // only records that share a key are here

        public void Add(int index, IReadOnlyList<string> keys)
        {
            foreach (var key in keys)
            {
                var h = Hash(key);
                if (_firstWithKey.TryGetValue(h, out var other)) Union(other, index);
                else _firstWithKey[h] = index;
            }
        }

        // FNV-1a, 64 bits: a collision only puts two records in one group (see MergeGroup).
        private static ulong Hash(string key)
        {
            var h = 14695981039346656037UL;
            foreach (var c in key) { h ^= c; h *= 1099511628211UL; }
            return h;
        }

        private int Find(int x)
        {
            if (!_parent.TryGetValue(x, out var p)) { _parent[x] = x; return x; }
            if (p == x) return x;
            var root = Find(p);
            _parent[x] = root;
            return root;
        }

        private void Union(int a, int b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb) _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }

        /// <summary>The group of a record that shares a key with another, else null.</summary>
        public int? GroupOf(int index) => _parent.ContainsKey(index) ? Find(index) : null;

        public Dictionary<int, int> GroupSizes()
        {
            var sizes = new Dictionary<int, int>();
            foreach (var x in _parent.Keys.ToList()) sizes[Find(x)] = sizes.GetValueOrDefault(Find(x)) + 1;
            return sizes;
        }
    }
}
