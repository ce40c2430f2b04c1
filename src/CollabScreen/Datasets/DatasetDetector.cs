using System.Text;
using CollabScreen.Model;

namespace CollabScreen.Datasets;

/// <summary>
/// Finds registry datasets a work names (title, abstract, keywords, full text) or cites (referenced works that are a
/// dataset paper). Each text is split into words once; names are looked up by their first word in one table, so the
/// cost does not grow with the number of aliases. Short or common-word names (LFW, Duke, MORPH, ArcFace) count only in
/// the context their record asks for. Mentions after "unlike", "instead of", "without" ... are kept, marked "negated";
/// mentions in a sentence about the dataset's withdrawal are kept, marked "unrelated".
/// </summary>
public sealed class DatasetDetector
{
    private const int ContextWindow = 30;   // words either side that may carry face/person context (full text)
    private const int MaxEvidence = 5;
    private const int MaxMentions = 20;

    private readonly DatasetRegistry registry;
    private readonly Dictionary<string, Pattern[]>.AlternateLookup<ReadOnlySpan<char>> byFirstWord;
    private readonly Dictionary<string, (DatasetRecord Record, DatasetLink? Link)> byCitedId = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> reidNames;

    private sealed record Pattern(string[] Words, DatasetRecord Record, string Alias, AliasContext? Needs);

    public DatasetDetector(DatasetRegistry registry)
    {
        this.registry = registry;
        var patterns = new List<Pattern>();
        foreach (var r in registry.Records)
        {
            foreach (var a in r.Aliases.Append(r.Name).Distinct(StringComparer.OrdinalIgnoreCase))
                if (Tokens.Words(a) is { Length: > 0 } w && !r.ContextAliases.Any(c => c.Text == a)) patterns.Add(new(w, r, a, null));
            foreach (var c in r.ContextAliases)
                if (Tokens.Words(c.Text) is { Length: > 0 } w) patterns.Add(new(w, r, c.Text, c.Needs));
            foreach (var id in r.OpenAlex) byCitedId.TryAdd(CitedKey(id), (r, null));
            if (r.Doi is not null) byCitedId.TryAdd(CitedKey(r.Doi), (r, null));
            foreach (var link in r.Links) byCitedId.TryAdd(CitedKey(link.OpenAlex), (r, link));
        }
        // A record's plain name that is also a context alias (LFW) must be gated: drop the ungated twin.
        var gated = patterns.Where(p => p.Needs is not null).Select(p => (p.Record.Id, string.Join(' ', p.Words))).ToHashSet();
        patterns.RemoveAll(p => p.Needs is null && gated.Contains((p.Record.Id, string.Join(' ', p.Words))));

        var table = patterns.GroupBy(p => p.Words[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ThenBy(p => p.Needs is null ? 0 : 1).ToArray(), StringComparer.OrdinalIgnoreCase);
        byFirstWord = table.GetAlternateLookup<ReadOnlySpan<char>>();
        var reid = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in patterns)
            if (p.Record.Task is { } t && (t.Contains("re-identification") || t.Contains("tracking"))) reid.Add(p.Words[0]);
        reidNames = reid.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DatasetRegistry Registry => registry;

    public IReadOnlyList<DatasetHit> Detect(Work work, string? fullText = null)
    {
        var fields = new List<(string Name, string Text)>(4);
        if (!string.IsNullOrEmpty(work.Title)) fields.Add(("title", work.Title));
        if (!string.IsNullOrEmpty(work.Abstract)) fields.Add(("abstract", work.Abstract));
        var keywords = string.Join("; ", work.Keywords.Select(k => k.Name));
        if (keywords.Length > 0) fields.Add(("keywords", keywords));
        if (!string.IsNullOrEmpty(fullText)) fields.Add(("fulltext", fullText));

        // Split each field once. Title, abstract and keywords together set the paper's context for short names
        // found in any of them; in full text the context is the words around the name.
        var split = new List<Token>[fields.Count];
        bool docFace = false, docPerson = false;
        for (var k = 0; k < fields.Count; k++)
        {
            var (name, text) = fields[k];
            Tokens.Split(text, split[k] = new List<Token>(text.Length / 6 + 4));
            if (name == "fulltext") continue;
            foreach (var t in split[k])
            {
                var s = text.AsSpan(t.Start, t.Length);
                docFace = docFace || Vocab.IsFace(s);
                docPerson = docPerson || Vocab.IsPerson(s);
            }
        }

        Dictionary<string, List<DatasetMention>>? found = null;
        var order = new List<string>();
        for (var k = 0; k < fields.Count; k++)
        {
            var (name, text) = fields[k];
            var field = new Field(name, text, split[k], name == "fulltext" ? null : (docFace, docPerson));
            Scan(field, (record, mention) =>
            {
                found ??= new(StringComparer.OrdinalIgnoreCase);
                if (!found.TryGetValue(record.Id, out var list)) { found[record.Id] = list = []; order.Add(record.Id); }
                if (list.Count < MaxMentions) list.Add(mention);
            });
        }
        if (found is null && work.ReferencedWorks.Count == 0) return [];

        var hits = new List<DatasetHit>();
        foreach (var id in order)
        {
            var r = registry.Get(id)!;
            var mentions = found![id];
            var context = mentions.Any(m => m.Context == "use") ? "use" : mentions.Any(m => m.Context == "negated") ? "negated" : "unrelated";
            var evidence = mentions.OrderBy(m => m.Context == "use" ? 0 : 1).Select(m => m.Evidence).Distinct().Take(MaxEvidence).ToList();
            hits.Add(Hit(r, work, "mention", context, evidence) with { Mentions = mentions });
        }
        foreach (var group in work.ReferencedWorks
                     .Select(w => (Work: w, Found: byCitedId.TryGetValue(CitedKey(w), out var f) ? f : default))
                     .Where(x => x.Found.Record is not null).GroupBy(x => x.Found.Record.Id))
        {
            var r = group.First().Found.Record;
            var cited = group.DistinctBy(x => x.Work).ToList();
            hits.Add(Hit(r, work, "citation", "use", cited.Select(c => CitationEvidence(c.Work, c.Found.Link)).ToList()) with { CitedWorks = cited.Select(c => c.Work).ToList() });
        }
        return hits;
    }

    /// <summary>"cites W1", and for a looked-up id, which DOI it stands for and when it was looked up.</summary>
    private static string CitationEvidence(string cited, DatasetLink? link) =>
        link is null ? $"cites {cited}" : $"cites {cited} (the dataset paper, doi:{link.Doi}; OpenAlex id looked up {link.LookedUp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)})";

    private DatasetHit Hit(DatasetRecord r, Work work, string via, string context, IReadOnlyList<string> evidence)
    {
        var withdrawn = registry.WithdrawnInLineage(r);
        return new DatasetHit(r.Id, r.Name, via, r.Status, r.Withdrawn, r.ParentId, StatusAt(withdrawn, work), context, evidence)
        {
            Kind = r.Kind,
            DerivedFromWithdrawn = withdrawn is not null && withdrawn != r ? withdrawn.Id : null,
        };
    }

    /// <summary>Published before or after the (own or inherited) withdrawal; null when not withdrawn or the dates overlap.</summary>
    internal static string? StatusAt(DatasetRecord? withdrawn, Work work)
    {
        if (withdrawn?.WithdrawnFrom is not { } from) return null;
        var monthPrecision = withdrawn.Withdrawn!.Length >= 7;
        var until = monthPrecision ? from.AddMonths(1) : from.AddYears(1);
        if (work.Date is { } d) return d < from ? "before-withdrawal" : d >= until ? "after-withdrawal" : null;
        if (work.Year is { } y) return y < from.Year ? "before-withdrawal" : y > until.AddDays(-1).Year ? "after-withdrawal" : null;
        return null;
    }

    private readonly record struct Field(string Name, string Text, List<Token> Words, (bool Face, bool Person)? Doc)
    {
        public ReadOnlySpan<char> Word(int i) => Text.AsSpan(Words[i].Start, Words[i].Length);
    }

    private void Scan(Field f, Action<DatasetRecord, DatasetMention> onMatch)
    {
        var n = f.Words.Count;
        for (var i = 0; i < n; i++)
        {
            if (!byFirstWord.TryGetValue(f.Word(i), out var candidates)) continue;
            foreach (var p in candidates)
            {
                if (!Matches(f, i, p) || (p.Needs is { } need && !Holds(need, f, i, p.Words.Length))) continue;
                var start = f.Words[i].Start;
                var end = f.Words[i + p.Words.Length - 1].End;
                var context = Negated(f, i) ? "negated" : AboutWithdrawal(f, i) ? "unrelated" : "use";
                onMatch(p.Record, new DatasetMention(f.Name, start, end - start, f.Text[start..end], p.Alias, context, Evidence(f, start, end, context)));
                i += p.Words.Length - 1;
                break;
            }
        }
    }

    private static bool Matches(Field f, int i, Pattern p)
    {
        if (i + p.Words.Length > f.Words.Count) return false;
        var cmp = p.Needs is null ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var k = 0; k < p.Words.Length; k++)
        {
            if (!f.Word(i + k).Equals(p.Words[k], cmp)) return false;
            if (k > 0 && !JoinsName(f.Text.AsSpan(f.Words[i + k - 1].End, f.Words[i + k].Start - f.Words[i + k - 1].End))) return false;
        }
        return true;
    }

    /// <summary>What may stand between the words of one name: "MS-Celeb-1M", "MS Celeb 1M", "DukeMTMC_reID", "PubFig83 + LFW".</summary>
    private static bool JoinsName(ReadOnlySpan<char> gap)
    {
        if (gap.Length > 3) return false;
        foreach (var c in gap)
            if (!(c is ' ' or '-' or '_' or '/' or ',' or '+' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '\u00a0')) return false;
        return true;
    }

    private bool Holds(AliasContext need, Field f, int i, int len)
    {
        bool Face() => f.Doc is { Face: true } || Near(f, i, len, ContextWindow, Vocab.IsFace);
        bool Person() => f.Doc is { Person: true } || Near(f, i, len, ContextWindow, Vocab.IsPerson);
        var after = i + len < f.Words.Count ? f.Word(i + len) : default;
        var before = i > 0 ? f.Word(i - 1) : default;
        switch (need)
        {
            case AliasContext.Face: return Face();
            case AliasContext.Person: return Person();
            case AliasContext.FaceDataset:
                return Face() && (After(f, i + len, 2, Vocab.IsDatasetWord) || NearName(f, i, len, 4, reidOnly: false));
            case AliasContext.ReidDataset:
                // "Duke University", "at Duke", "DukeECE" are the university; "Duke dataset", "Market-to-Duke" the benchmark.
                if (Vocab.IsInstitutionWord(after) || before.Equals("at", StringComparison.OrdinalIgnoreCase)) return false;
                return Person() && (After(f, i + len, 2, Vocab.IsDatasetWord) || NearName(f, i, len, 4, reidOnly: true));
            case AliasContext.Pretrained:
                // "ArcFace loss", "Additive Angular Margin Loss (ArcFace)", "CosFace and ArcFace mainly design an appropriate loss"
                if (Near(f, i, len, 6, Vocab.IsLossWord)) return false;
                return Face() && Near(f, i, len, 6, Vocab.IsPretrainedWord);
            default: return false;
        }
    }

    private static bool Near(Field f, int i, int len, int window, Func<ReadOnlySpan<char>, bool> test)
    {
        for (var k = Math.Max(0, i - window); k < Math.Min(f.Words.Count, i + len + window); k++)
            if ((k < i || k >= i + len) && test(f.Word(k))) return true;
        return false;
    }

    private static bool After(Field f, int from, int count, Func<ReadOnlySpan<char>, bool> test)
    {
        for (var k = from; k < Math.Min(f.Words.Count, from + count); k++)
            if (test(f.Word(k))) return true;
        return false;
    }

    /// <summary>Another dataset name beside this one ("Market-1501 and Duke", "LFW, CK and MMI").</summary>
    private bool NearName(Field f, int i, int len, int window, bool reidOnly)
    {
        for (var k = Math.Max(0, i - window); k < Math.Min(f.Words.Count, i + len + window); k++)
        {
            if (k >= i && k < i + len) continue;
            var w = f.Word(k);
            if (reidOnly ? reidNames.Contains(w) : byFirstWord.TryGetValue(w, out _)) return true;
        }
        return false;
    }

    /// <summary>
    /// "unlike MS-Celeb-1M", "instead of using MS1M", "do not train on LFW": a cue at most four words before, in the
    /// same clause, with only filler words between ("without label noise on MS1MV2" is not a negation of MS1MV2).
    /// </summary>
    private static bool Negated(Field f, int i)
    {
        for (var k = i - 1; k >= Math.Max(0, i - 5); k--)
        {
            var gap = f.Text.AsSpan(f.Words[k].End, f.Words[k + 1].Start - f.Words[k].End);
            if (gap.IndexOfAny(".;:()[]!?") >= 0) return false;
            var w = f.Word(k);
            if (Vocab.IsNegationCue(w)) return true;
            if (!Vocab.IsNegationFiller(w)) return false;
        }
        return false;
    }

    /// <summary>The sentence talks about the dataset (withdrawn, taken down, consent, ethics, public scrutiny) rather than using it.</summary>
    private static bool AboutWithdrawal(Field f, int i)
    {
        int first = i, last = i;
        while (first > 0 && first > i - 40 && !EndsSentence(f, first - 1)) first--;
        while (last < f.Words.Count - 1 && last < i + 40 && !EndsSentence(f, last)) last++;
        for (var k = first; k <= last; k++)
        {
            var w = f.Word(k);
            if (Vocab.IsWithdrawalWord(w)) return true;
            if (w.Equals("taken", StringComparison.OrdinalIgnoreCase) && k + 1 <= last &&
                (f.Word(k + 1).Equals("down", StringComparison.OrdinalIgnoreCase) || f.Word(k + 1).Equals("offline", StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    private static bool EndsSentence(Field f, int k)
    {
        var end = f.Words[k].End;
        var next = k + 1 < f.Words.Count ? f.Words[k + 1].Start : f.Text.Length;
        var gap = f.Text.AsSpan(end, next - end);
        var dot = gap.IndexOfAny(".!?");
        return dot >= 0 && dot + 1 < gap.Length && char.IsWhiteSpace(gap[dot + 1]);
    }

    /// <summary>"abstract: '... trained on MS1MV2 ...'": the match with about 60 characters either side, on word boundaries.</summary>
    private static string Evidence(Field f, int start, int end, string context)
    {
        const int Side = 60;
        var text = f.Text;
        var from = Math.Max(0, start - Side);
        if (from > 0) { var sp = text.IndexOf(' ', from, start - from); from = sp >= 0 ? sp + 1 : from; }
        var to = Math.Min(text.Length, end + Side);
        if (to < text.Length) { var sp = text.LastIndexOf(' ', to - 1, to - end); to = sp > end ? sp : to; }
        var sb = new StringBuilder(f.Name).Append(": '");
        if (from > 0) sb.Append("... ");
        var lastSpace = true;   // drops leading whitespace; runs of whitespace become one space
        foreach (var c in text.AsSpan(from, to - from).TrimEnd())
        {
            var ws = char.IsWhiteSpace(c);
            if (ws && lastSpace) continue;
            sb.Append(ws ? ' ' : c);
            lastSpace = ws;
        }
        if (to < text.Length) sb.Append(" ...");
        sb.Append('\'');
        if (context != "use") sb.Append(" [").Append(context).Append(']');
        return sb.ToString();
    }

    /// <summary>"https://openalex.org/W123" and "W123", "https://doi.org/10.1/x" and "10.1/X" compare equal.</summary>
    internal static string CitedKey(string id)
    {
        var s = id.Trim();
        foreach (var prefix in (string[])["https://openalex.org/", "http://openalex.org/", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"])
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { s = s[prefix.Length..]; break; }
        return s.ToLowerInvariant();
    }
}
