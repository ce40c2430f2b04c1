using CollabScreen.Datasets;

namespace CollabScreen.Tests.Datasets;

public class DatasetRegistryTests(DatasetFixture f) : IClassFixture<DatasetFixture>
{
    [Fact]
    public void Bundled_registry_has_at_least_50_records_without_problems_and_every_status_has_a_source()
    {
        Assert.Empty(f.Registry.Problems);
        Assert.True(f.Registry.Records.Count >= 50, $"{f.Registry.Records.Count} records");
        Assert.All(f.Registry.Records, r =>
        {
            Assert.NotEmpty(r.StatusSources);
            Assert.All(r.StatusSources.Concat(r.Sources), u => Assert.StartsWith("http", u));
            if (r.ParentId is not null) Assert.NotNull(f.Registry.Get(r.ParentId));
            if (r.Status == "withdrawn") { Assert.NotNull(r.Withdrawn); Assert.NotNull(r.WithdrawnBy); }
        });
    }

    [Fact]
    public void No_name_belongs_to_two_datasets()
    {
        var owners = f.Registry.Records
            .SelectMany(r => r.Aliases.Append(r.Name).Concat(r.ContextAliases.Select(c => c.Text)).Select(a => (Key: string.Join(' ', Tokens.Words(a)).ToLowerInvariant(), r.Id)))
            .Distinct().GroupBy(x => x.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Id))}").ToList();
        Assert.Empty(owners);
    }

    [Theory]
    [InlineData("MS1M-ArcFace", "ms1mv2", "ms-celeb-1m")]
    [InlineData("ms1m_retinaface", "ms1m-retinaface", "ms-celeb-1m")]
    [InlineData("Duke MTMC", "dukemtmc", null)]
    [InlineData("DukeMTMC-VideoReID", "dukemtmc-videoreid", "dukemtmc")]
    [InlineData("Occluded-DukeMTMC", "occluded-dukemtmc", "dukemtmc")]
    [InlineData("labeled faces in the wild", "lfw", null)]
    [InlineData("D8", null, null)]
    public void Find_by_id_name_or_alias_ignores_case_and_separators(string query, string? id, string? parent)
    {
        var r = f.Registry.Find(query);
        Assert.Equal(id, r?.Id);
        if (r is not null) Assert.Equal(parent, r.ParentId);
    }

    [Fact]
    public void Study_ids_match_the_corpora_cites_columns()
    {
        // msceleb1m_all.csv has `cites D9`, `cites D10`; dukemtmc_all.csv `cites D1..D3` (summary.csv numbering).
        Assert.Equal("ms-celeb-1m", f.Registry.Records.Single(r => r.StudyId == "D9").Id);
        Assert.Equal("ms1mv2", f.Registry.Records.Single(r => r.StudyId == "D10").Id);
        Assert.Equal("dukemtmc", f.Registry.Records.Single(r => r.StudyId == "D1").Id);
        Assert.Equal("dukemtmc-reid", f.Registry.Records.Single(r => r.StudyId == "D2").Id);
        Assert.Equal("dukemtmc-videoreid", f.Registry.Records.Single(r => r.StudyId == "D3").Id);
        var corpus = new StudyCorpus(SharedData.Path("dataset-harms/msceleb1m_all.csv"));
        _ = corpus.Read().First();
        Assert.Equal(["D9", "D10"], corpus.CitesColumns);
    }

    [Fact]
    public void The_three_2019_takedowns_are_withdrawn_in_June_2019_and_derivatives_carry_them_forward()
    {
        foreach (var id in new[] { "ms-celeb-1m", "dukemtmc", "brainwash" })
        {
            var r = f.Registry.Get(id)!;
            Assert.Equal("withdrawn", r.Status);
            Assert.Equal("2019-06", r.Withdrawn);
        }
        Assert.Equal("ms-celeb-1m", f.Registry.WithdrawnInLineage(f.Registry.Get("ms1mv2")!)!.Id);
        Assert.Equal("dukemtmc", f.Registry.RootOf(f.Registry.Get("occluded-dukemtmc")!).Id);
        Assert.Null(f.Registry.WithdrawnInLineage(f.Registry.Get("lfwa")!));
    }

    [Fact]
    public void A_bad_line_is_reported_with_file_line_and_field_and_the_rest_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"datasets-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, [
            """{"id": "a", "name": "A", "status": "available", "status_sources": ["https://example.org/a"]}""",
            """{"id": "b", "name": "B", "status": "gone", "status_sources": ["https://example.org/b"]}""",
            """{"id": "c", "name": "C", "status": "withdrawn", "withdrawn": "June 2019", "status_sources": ["https://example.org/c"]}""",
            """{"id": "d", "name": "D", "status": "available"}""",
            "not json",
        ]);
        try
        {
            var r = DatasetRegistry.Load(path);
            Assert.Equal(["a"], r.Records.Select(x => x.Id));
            Assert.Equal(4, r.Problems.Count);
            Assert.Equal((2L, "status"), (r.Problems[0].Line, r.Problems[0].Field));
            Assert.Equal((3L, "withdrawn"), (r.Problems[1].Line, r.Problems[1].Field));
            Assert.Equal((4L, "status_sources"), (r.Problems[2].Line, r.Problems[2].Field));
            Assert.StartsWith($"{path}:5: not valid JSON", r.Problems[3].ToString());
        }
        finally { File.Delete(path); }
    }
}

