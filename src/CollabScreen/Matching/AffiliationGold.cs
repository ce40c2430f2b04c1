using System.Text;
using CollabScreen.Reference;

namespace CollabScreen.Matching;

/// <summary>
/// A gold row: an affiliation string and the ROR ids it should resolve to (none with "NP": no match expected).
/// An empty id cell is not "NP": the labeller gave no id (Springer Nature's file has 95 such rows, most naming an
/// institution ROR holds), so the row is <see cref="Unlabelled"/> and left out of the scores.
/// </summary>
public sealed record GoldRow(long Line, string Affiliation, IReadOnlySet<string> Ids)
{
    public bool Unlabelled { get; init; }
    public bool NoMatchExpected => Ids.Count == 0 && !Unlabelled;
}

/// <summary>One scored row: what the resolver returned against the gold ids.</summary>
public sealed record GoldOutcome(GoldRow Row, IReadOnlyList<InstitutionMatch> Matches, int TruePositives, int FalsePositives, int FalseNegatives, bool InRegistry)
{
    /// <summary>True positives where the gold id is now withdrawn/inactive and its registered successor was returned.</summary>
    public int SuccessorMatches { get; init; }

    /// <summary>
    /// Some ROR id came back. A watchlist entry ROR does not hold ("Zhejiang Dahua Technology Co", FCC Covered List)
    /// is an answer of the product, not a ROR id, so it neither counts against an NP row nor as a row's answer.
    /// </summary>
    public bool ReturnedRorIds => Matches.Any(m => m.Ror.Length > 0);
}

/// <summary>Precision / recall / F1 per id, as the issue specifies: returned ids in the gold set are TP, others FP, missed gold ids FN
/// (stricter than ROR's own per-row scoring, <see cref="ByRow"/>).</summary>
public sealed record GoldScore(int Rows, int TruePositives, int FalsePositives, int FalseNegatives, int NoMatchRows, int NoMatchRowsEmpty)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    /// <summary>Share of NP rows that got no match (1 when there are none).</summary>
    public double NoMatchRate => NoMatchRows == 0 ? 1 : (double)NoMatchRowsEmpty / NoMatchRows;

    public static GoldScore Of(IEnumerable<GoldOutcome> outcomes)
    {
        int rows = 0, tp = 0, fp = 0, fn = 0, np = 0, npEmpty = 0;
        foreach (var o in outcomes)
        {
            rows++; tp += o.TruePositives; fp += o.FalsePositives; fn += o.FalseNegatives;
            if (o.Row.NoMatchExpected) { np++; if (!o.ReturnedRorIds) npEmpty++; }
        }
        return new GoldScore(rows, tp, fp, fn, np, npEmpty);
    }

    /// <summary>
    /// Scored per row, as ROR's own test scripts do (affiliation-matching-experimental, ror_affiliation_test.py and
    /// calculate_f_score.py), and so as the published anchor figures were measured: a row is a TP when any returned id
    /// is a gold id, an FP when ids were returned but none is, an FN when nothing was returned for a row with gold ids.
    /// A wrong answer is an FP only, not also an FN; extra ids beside a right one cost nothing.
    /// </summary>
    public static GoldScore ByRow(IEnumerable<GoldOutcome> outcomes)
    {
        int rows = 0, tp = 0, fp = 0, fn = 0, np = 0, npEmpty = 0;
        foreach (var o in outcomes)
        {
            rows++;
            var returned = o.ReturnedRorIds;
            if (o.TruePositives > 0) tp++;
            else if (returned) fp++;
            else if (!o.Row.NoMatchExpected) fn++;
            if (o.Row.NoMatchExpected) { np++; if (!returned) npEmpty++; }
        }
        return new GoldScore(rows, tp, fp, fn, np, npEmpty);
    }
}

/// <summary>Reads ROR's affiliation-matching gold CSVs (affiliation,ror_id or ror_id,affiliation; "NP"; ids joined by ';').</summary>
public static class AffiliationGold
{
    public static List<GoldRow> Read(string path)
    {
        var rows = new List<GoldRow>();
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long line = 0;
        int affCol = -1, idCol = -1;
        foreach (var (startLine, fields) in Records(reader, () => ++line))
        {
            if (affCol < 0)
            {
                for (var i = 0; i < fields.Count; i++)
                {
                    var h = fields[i].Trim().ToLowerInvariant();
                    if (h is "affiliation" or "affiliation_string" or "raw_affiliation") affCol = i;
                    else if (h is "ror_id" or "ror" or "ror_ids") idCol = i;
                }
                if (affCol < 0 || idCol < 0)
                    throw new InvalidDataException($"{path}:{startLine}: header must name an 'affiliation' and a 'ror_id' column (either order); found: {string.Join(",", fields)}");
                continue;
            }
            if (fields.Count <= Math.Max(affCol, idCol))
                throw new InvalidDataException($"{path}:{startLine}: field 'ror_id': expected {Math.Max(affCol, idCol) + 1} columns, found {fields.Count}");
            var idText = fields[idCol].Trim();
            var ids = idText.Equals("NP", StringComparison.OrdinalIgnoreCase) || idText.Length == 0
                ? new HashSet<string>()
                : idText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(RorRegistry.ShortId).ToHashSet();
            rows.Add(new GoldRow(startLine, fields[affCol], ids) { Unlabelled = idText.Length == 0 });
        }
        return rows;
    }

    /// <summary>RFC 4180 records (quoted fields may span lines), with the line each record starts on.</summary>
    private static IEnumerable<(long, List<string>)> Records(TextReader reader, Func<long> nextLine)
    {
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            var start = nextLine();
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var i = 0;
            while (true)
            {
                if (i >= text.Length)
                {
                    if (quoted)
                    {
                        var more = reader.ReadLine();
                        if (more is null) break;
                        nextLine();
                        field.Append('\n'); text = more; i = 0; continue;
                    }
                    break;
                }
                var c = text[i++];
                if (quoted)
                {
                    if (c == '"') { if (i < text.Length && text[i] == '"') { field.Append('"'); i++; } else quoted = false; }
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            if (fields.Count == 1 && fields[0].Length == 0) continue;
            yield return (start, fields);
        }
    }

    /// <summary>
    /// Scores one row. The gold sets were labelled against ROR of 2023; a gold id the registry now marks withdrawn or
    /// inactive is also answered by its registered successor (as ROR's own API redirects), and such answers are counted.
    /// </summary>
    public static GoldOutcome Score(GoldRow row, IReadOnlyList<InstitutionMatch> matches, RorRegistry? registry)
    {
        var returned = matches.Where(m => m.Ror.Length > 0).Select(m => RorRegistry.ShortId(m.Ror)).ToHashSet();
        var used = new HashSet<string>(StringComparer.Ordinal);
        int tp = 0, fn = 0, viaSuccessor = 0;
        foreach (var id in row.Ids)
        {
            if (returned.Contains(id)) { tp++; used.Add(id); continue; }
            var successor = registry?.Get(id) is { IsActive: false } old
                ? old.Links.Where(l => l.Type == "successor").Select(l => RorRegistry.ShortId(l.Ror)).FirstOrDefault(returned.Contains)
                : null;
            if (successor is not null) { tp++; viaSuccessor++; used.Add(successor); }
            else fn++;
        }
        int fp = returned.Count(r => !used.Contains(r));
        var inRegistry = registry is null || row.Ids.All(registry.Contains);
        return new GoldOutcome(row, matches, tp, fp, fn, inRegistry) { SuccessorMatches = viaSuccessor };
    }
}
