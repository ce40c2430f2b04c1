using CollabScreen.Model;
using CollabScreen.Sources;
using CollabScreen.Topics;

namespace CollabScreen.Tests.Topics;

/// <summary>Loaded once for all topic tests: the bundled classifier and the real shared corpora.</summary>
public static class TopicData
{
    private static readonly Lazy<TopicClassifier> LazyClassifier = new(TopicClassifier.LoadBundled);
    private static readonly Lazy<IReadOnlyList<Work>> LazyMsCeleb = new(() => Corpus("dataset-harms/msceleb1m_all.csv"));
    private static readonly Lazy<IReadOnlyList<Work>> LazyDuke = new(() => Corpus("dataset-harms/dukemtmc_all.csv"));
    private static readonly Lazy<IReadOnlyDictionary<string, Work>> LazyOpenAlex = new(() =>
        OpenAlexFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], new ReadReport())
            .ToDictionary(w => w.Id["https://openalex.org/".Length..]));

    private static readonly Lazy<IReadOnlyList<Work>> LazyExports = new(() =>
    {
        var report = new ReadReport();
        var works = WorkFiles.Read(WorkFiles.ExpandPaths([SharedData.Path("exports")]), report).ToList();
        if (report.HasErrors) throw new InvalidDataException(report.Errors[0].ToString());
        return works;
    });

    public static TopicClassifier Classifier => LazyClassifier.Value;
    /// <summary>The real Web of Science exports in ../shared/data/exports (4,882 works once repeated ids are read).</summary>
    public static IReadOnlyList<Work> Exports => LazyExports.Value;
    public static IReadOnlyList<Work> MsCeleb => LazyMsCeleb.Value;
    public static IReadOnlyList<Work> Duke => LazyDuke.Value;
    /// <summary>The 1,000-work OpenAlex sample by short id (W...).</summary>
    public static IReadOnlyDictionary<string, Work> OpenAlex => LazyOpenAlex.Value;

    /// <summary>A record from the shared data (dataset-harms corpora, OpenAlex sample, WoS exports) by its exact title: proves the title is real.</summary>
    public static Work Paper(string title) =>
        MsCeleb.Concat(Duke).Concat(OpenAlex.Values).Concat(Exports).FirstOrDefault(w => w.Title == title)
        ?? throw new InvalidOperationException($"no record titled '{title}' in the shared data");

    /// <summary>A work with only a title (and optionally an abstract), for published papers not in the shared data.</summary>
    public static Work Titled(string title, string? abstractText = null) =>
        new("test", null, title, abstractText, null, null, null, null, [], [], [], new Origin("test", 0));

    private static IReadOnlyList<Work> Corpus(string relative)
    {
        var report = new ReadReport();
        var works = CsvWorkReader.Read(SharedData.Path(relative), new CsvColumns(Id: "paperId"), report).ToList();
        if (report.HasErrors) throw new InvalidDataException(report.Errors[0].ToString());
        return works;
    }
}
