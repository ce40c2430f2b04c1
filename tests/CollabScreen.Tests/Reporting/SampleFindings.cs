using CollabScreen.Model;
using CollabScreen.Reference;
using CollabScreen.Screening;
using CollabScreen.Tests.Screening;
using static CollabScreen.Tests.Screening.Signals;

namespace CollabScreen.Tests.Reporting;

/// <summary>A small run built from hand-made signals, screened with the bundled policy, for report tests.</summary>
public static class SampleFindings
{
    public static readonly SeverityPolicy Policy = SeverityPolicy.LoadBundled();

    public static IReadOnlyList<Finding> Build()
    {
        var screener = new Screener(Policy);
        var beihang = Institution("Beihang University", "00wk2mp56", Evidence(AspiSevenSons, "beihang-university"));
        var hit = Institution("Harbin Institute of Technology", "01yqg2h08",
            Evidence(AspiSevenSons with { SourceUrl = "https://unitracker.aspi.org.au/universities/harbin-institute-of-technology" }, "harbin-institute-of-technology"),
            Evidence(Ndaa2023, "harbin-institute-of-technology", new DateOnly(2021, 5, 1)));
        var nju = Institution("Nanjing University", "01rxvg760", Evidence(AspiCivilian, "nanjing-university"));
        var lab = Institution("Example Vision Lab", "00000test") with { Author = "B. Researcher", Affiliation = "Example Vision Lab, Redmond, WA" };
        var disagreeing = hit with { AssertedBy = AssertedBy.Resolver, Disagreement = "resolving \"Harbin Inst. of Tech.\" found Harbin Institute of Technology (01yqg2h08); OpenAlex asserts Tsinghua University (03cve4549)" };
        WorkSignals S(string id, string title, int year, IReadOnlyList<InstitutionEvidence> inst, IReadOnlyList<CollabScreen.Topics.TopicHit>? topics = null,
            IReadOnlyList<CollabScreen.Datasets.DatasetHit>? datasets = null) =>
            new(Work(id, title, year), inst, topics ?? [], datasets ?? []);
        return
        [
            screener.Assess(S("W100", "Person re-identification with part-aligned attention", 2019, [beihang, lab], [ReId], [Duke()])),
            screener.Assess(S("W101", "Cross-camera person re-identification at scale", 2021, [hit, lab], [ReId])),
            screener.Assess(S("W102", "Unsupervised domain adaptation for person re-identification", 2021, [disagreeing, beihang, lab], [ReId])),
            screener.Assess(S("W103", "Face perception in infancy: a behavioural study", 2020, [nju, lab])),
            screener.Assess(S("W104", "Gait recognition in the wild", 2022, [lab], [new("gait-recognition", "person", 0.8, 0.7, ["title: 'gait recognition'"])])),
            screener.Assess(S("W105", "Ethnicity classification from faces <script>alert(1)</script>", 2022, [lab], [Ethnicity])),
            screener.Assess(S("W106", "Soil moisture retrieval from SAR", 2022, [lab])),
        ];
    }

    public static ScreeningRun Run(IReadOnlyList<Finding> findings, string? home = "Example Vision Lab")
    {
        var tally = new RunTally();
        foreach (var f in findings) tally.Add(f);
        return new ScreeningRun("Example Vision Lab, 2019–2022 (test corpus)", ["test.jsonl"], home, Policy.Name, Policy.Source,
            Lists.Values.ToList(), new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(1.5),
            findings.Count, 0, tally.BySeverity());
    }

    public static CollaborationSummary Summary(IEnumerable<Finding> findings, string? home = "Example Vision Lab")
    {
        var s = new CollaborationSummary(home);
        foreach (var f in findings) s.Add(f);
        return s;
    }
}
