using CollabScreen.Datasets;

namespace CollabScreen.Tests.Datasets;

/// <summary>The bundled registry, one detector, and both dataset-harms corpora by paper id, loaded once per test class.</summary>
public sealed class DatasetFixture
{
    public DatasetRegistry Registry { get; } = DatasetRegistry.LoadBundled();
    public DatasetDetector Detector { get; }
    public IReadOnlyList<StudyPaper> MsCeleb { get; }
    public IReadOnlyList<StudyPaper> Duke { get; }

    public DatasetFixture()
    {
        Detector = new DatasetDetector(Registry);
        MsCeleb = new StudyCorpus(SharedData.Path("dataset-harms/msceleb1m_all.csv")).Read().ToList();
        Duke = new StudyCorpus(SharedData.Path("dataset-harms/dukemtmc_all.csv")).Read().ToList();
    }

    /// <summary>A paper of either corpus by the start of its Semantic Scholar paperId.</summary>
    public StudyPaper Paper(string idPrefix) =>
        MsCeleb.Concat(Duke).First(p => p.Work.Id.StartsWith(idPrefix, StringComparison.Ordinal));
}
