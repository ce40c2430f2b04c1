using CollabScreen.Model;
using CollabScreen.Reference;

namespace CollabScreen.Datasets;

/// <summary>A paper of Peng, Mathur and Narayanan's corpora, with its `cites Dn` flags (Dn = the study's dataset id).</summary>
public sealed record StudyPaper(Work Work, IReadOnlyDictionary<string, bool> Cites);

/// <summary>
/// Reads the CSV corpora of "Mitigating dataset harms requires stewardship" (msceleb1m_all.csv, dukemtmc_all.csv):
/// paperId, cites D1.., title, abstract, year, venue, arxivId, doi. A row with a bad year or too few fields is counted
/// in <see cref="Problems"/> and skipped.
/// </summary>
public sealed class StudyCorpus
{
    public string Path { get; }
    public IReadOnlyList<string> CitesColumns { get; private set; } = [];
    public List<string> Problems { get; } = [];

    public StudyCorpus(string path) => Path = path;

    public IEnumerable<StudyPaper> Read()
    {
        string[]? header = null;
        int id = -1, title = -1, abs = -1, year = -1, venue = -1, doi = -1;
        var cites = new List<(string Study, int Column)>();
        foreach (var (line, fields) in CsvRows.Read(Path))
        {
            if (header is null)
            {
                header = fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToArray();
                int Col(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
                (id, title, abs, year, venue, doi) = (Col("paperId"), Col("title"), Col("abstract"), Col("year"), Col("venue"), Col("doi"));
                if (id < 0 || title < 0 || abs < 0)
                    throw new InvalidDataException($"{Path}:1: expected columns paperId, title, abstract (found: {string.Join(", ", header)}); is this a dataset-harms corpus CSV?");
                for (var i = 0; i < header.Length; i++)
                    if (header[i].StartsWith("cites ", StringComparison.OrdinalIgnoreCase)) cites.Add((header[i][6..].Trim(), i));
                CitesColumns = cites.Select(c => c.Study).ToList();
                continue;
            }
            if (fields.Length < header.Length) { Problems.Add($"{Path}:{line}: {fields.Length} fields, header has {header.Length}; row skipped"); continue; }
            int? y = null;
            if (year >= 0 && fields[year].Length > 0)
            {
                if (int.TryParse(fields[year], out var yy)) y = yy;
                else { Problems.Add($"{Path}:{line}: year '{fields[year]}' is not a number; row skipped"); continue; }
            }
            string? Get(int i) => i >= 0 && fields[i].Length > 0 ? fields[i] : null;
            var work = new Work(fields[id], Get(doi), Get(title), Get(abs), y, null, Get(venue), null, [], [], [], new Origin(Path, line));
            yield return new StudyPaper(work, cites.ToDictionary(c => c.Study, c => fields[c.Column] == "1"));
        }
    }
}
