using CollabScreen.Reference;

namespace CollabScreen.Tests.Reference;

[Collection("Console")]
public sealed class ListsCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("collabscreen-lists-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run([.. args, "--lists-dir", dir]);

    [Fact]
    public void Lists_shows_every_bundled_list_with_counts_and_sources()
    {
        var (code, output, _) = Run("lists");
        Assert.Equal(0, code);
        foreach (var id in new[] { "aspi-cdut", "ndaa-1286", "dod-1260h", "bis-entity-list", "bis-mieu", "ofac-ns-cmic", "fcc-covered" })
            Assert.Contains(id, output);
        Assert.Contains("https://unitracker.aspi.org.au/", output);
        Assert.Matches(@"aspi-cdut\s+assessment\s+\d{3}", output);
        Assert.Matches(@"dod-1260h\s+legal designation\s+\d{3}", output);
    }

    [Theory]
    [InlineData("国防科技大学")]
    [InlineData("NUDT")]
    public void Search_finds_nudt_in_any_script(string query)
    {
        var (code, output, _) = Run("lists", "search", query);
        Assert.Equal(0, code);
        var first = output.Split('\n')[1];
        Assert.Contains("National University of Defense Technology", first);
        Assert.Contains("https://ror.org/05d2yfz11", output);
        Assert.Contains("[legal designation] ndaa-1286: FY2022 list  listed 2023-06-29", output);
        Assert.Contains("[assessment] aspi-cdut: Military", output);
        Assert.Contains("source: https://unitracker.aspi.org.au/universities/national-university-of-defense-technology", output);
    }

    [Theory]
    [InlineData("iFlytek", "IFLYTEK Co., Ltd.", "listed 2019-10-09", "84 FR 54002")]
    [InlineData("Xinjiang Police College", "Xinjiang Police College", "listed 2019-10-09", "84 FR 54002")]
    [InlineData("Institute of Forensic Science of China", "Ministry of Public Security's Institute of Forensic Science of China", "listed 2020-06-05", "85 FR 34503")]
    [InlineData("Harbin Institute of Technology", "Harbin Institute of Technology", "listed 2020-06-05", "85 FR 34495")]
    [InlineData("Harbin Engineering University", "Harbin Engineering University", "listed 2020-06-05", "85 FR 34495")]
    [InlineData("Tianjin University", "Tianjin University", "listed 2020-12-18", "citation not verified")]
    [InlineData("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "listed 2019-10-09", "84 FR 54002")]
    public void Search_shows_the_entity_list_listing_with_citation_and_date(string query, string name, string date, string citation)
    {
        var (code, output, _) = Run("lists", "search", query);
        Assert.Equal(0, code);
        Assert.Contains(name, output.Split('\n')[1]);
        var line = output.Split('\n').First(l => l.Contains("bis-entity-list: Entity List"));
        Assert.Contains(date, line);
        Assert.Contains(citation, line);
    }

    [Fact]
    public void An_entity_list_entry_whose_notice_was_not_checked_has_no_date_and_says_so()
    {
        var (code, output, _) = Run("lists", "search", "Sichuan University");
        Assert.Equal(0, code);
        var line = output.Split('\n').First(l => l.Contains("bis-entity-list: Entity List"));
        Assert.Contains("no listing date", line);
        Assert.Contains("not verified", line);
    }

    [Fact]
    public void Bundled_entity_list_holds_the_academic_extract_with_aliases_and_addresses()
    {
        var w = Watchlists.LoadBundled(null);
        var el = w.OnList("bis-entity-list").ToList();
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(SharedData.Path("watchlists/us-bis-entity-list-china-academic.json")));
        var names = doc.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(60, names.Count);
        foreach (var n in names)
        {
            var head = n.Split(", and the following")[0];
            Assert.True(el.Any(e => e.AllNames().Any(x => WatchlistNames.Key(x) == WatchlistNames.Key(head))), $"Entity List lacks '{head}'");
        }
        var bit = el.Single(e => e.Name == "Beijing Academy of Artificial Intelligence");
        Assert.Contains("BAAI", bit.Aliases);
        Assert.Contains(bit.Addresses, a => a.Contains("Chengfu Road"));
        foreach (var e in el) Assert.All(e.Listings, l => Assert.StartsWith("http", l.SourceUrl));
        foreach (var n in new[] { "Urumqi Municipal Public Security Bureau", "Megvii Technology", "Yitu Technologies", "Xiamen Meiya Pico Information Co., Ltd.", "CloudWalk Technology", "NetPosa", "Qihoo 360 Technology Co. Ltd.", "Harbin Engineering University", "Huawei Technologies Co., Ltd." })
            Assert.Contains(el, e => e.AllNames().Contains(n));
    }

    [Fact]
    public void Lists_says_the_bundled_lists_are_curated_subsets_and_how_to_get_full_ones()
    {
        var (_, all, _) = Run("lists");
        Assert.Contains("curated subsets", all);
        Assert.Contains("collabscreen lists update", all);
        var (_, one, _) = Run("lists", "show", "bis-entity-list");
        Assert.Contains("CURATED SUBSET", one);
        Assert.Contains("curated subsets", one);
    }

    [Fact]
    public void Search_finds_beihang_by_its_former_name()
    {
        var (code, output, _) = Run("lists", "search", "Beijing University of Aeronautics and Astronautics");
        Assert.Equal(0, code);
        Assert.Contains("Beihang University (北京航空航天大学)", output.Split('\n')[1]);
    }

    [Fact]
    public void Search_nanjing_university_shows_it_first_and_nuaa_only_as_a_look_alike()
    {
        var (code, output, _) = Run("lists", "search", "Nanjing University");
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Contains("Nanjing University (南京大学)", lines[1]);
        var lookAlikes = Array.FindIndex(lines, l => l.StartsWith("Look-alikes"));
        var nuaa = Array.FindIndex(lines, l => l.Contains("Nanjing University of Aeronautics and Astronautics ("));
        Assert.True(lookAlikes > 1 && nuaa > lookAlikes, output);

        var (_, jsonl, _) = Run("lists", "search", "Nanjing University", "--format", "jsonl");
        var rows = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"name\":\"Nanjing University\"", rows[0]);
        Assert.Contains("\"same_institution\":true", rows[0]);
        Assert.Contains(rows, r => r.Contains("\"name\":\"Nanjing University of Aeronautics and Astronautics\"") && r.Contains("\"same_institution\":false"));
    }

    [Fact]
    public void Import_persists_in_the_lists_dir_and_search_then_finds_it()
    {
        var (code, output, err) = Run("lists", "import", SharedData.Path("watchlists/us-bis-mieu.csv"), "--as", "mieu-refresh");
        Assert.True(code == 0, err);
        Assert.Contains("Imported 13 entries", output);
        Assert.True(File.Exists(Path.Combine(dir, "mieu-refresh.jsonl")));
        var (_, shown, _) = Run("lists", "show", "mieu-refresh");
        Assert.Contains("Directorate of Military Intelligence", shown);
        var (_, listed, _) = Run("lists");
        Assert.Matches(@"mieu-refresh\s+legal designation\s+13", listed);
    }

    [Fact]
    public void Import_reports_bad_records_with_file_line_and_field()
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetFileName(dir) + "-user.csv");
        File.WriteAllText(path, "id,name,aliases,country,ror,category,source\na,Alpha Institute,,CN,,high,https://example.org/a\na,Beta Institute,,CN,,high,https://example.org/b\n");
        try
        {
            var (code, output, err) = Run("lists", "import", path, "--as", "mine");
            Assert.Equal(0, code);
            Assert.Contains("Imported 1 entries", output);
            Assert.Contains($"{path}:3: field 'id': duplicate id 'mine/a' (first on line 2)", err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Import_of_a_csl_file_without_its_columns_is_an_error_naming_the_column()
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetFileName(dir) + "-csl.csv");
        File.WriteAllText(path, "source,entity_number,type,programs,name\nEntity List (EL) - Bureau of Industry and Security,,Entity,,X\n");
        try
        {
            var (code, _, err) = Run("lists", "import", path, "--as", "broken", "--type", "csl");
            Assert.Equal(1, code);
            Assert.Contains($"{path}:1: missing column 'alt_names'", err);
            Assert.False(File.Exists(Path.Combine(dir, "broken.jsonl")));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Diff_shows_megvii_delisting()
    {
        var rows = CsvRows.Read(SharedData.Path("watchlists/us-dod-1260h.csv")).ToList();
        var oldPath = Path.Combine(Path.GetTempPath(), Path.GetFileName(dir) + "-1260h-2024.csv");
        File.WriteAllLines(oldPath, rows.Where((r, i) => i == 0 || string.CompareOrdinal(r.Fields[6], "2024-12-31") <= 0)
            .Select(r => string.Join(",", r.Fields.Select((f, j) => j == 7 && f.StartsWith("2025") ? "" : f).Select(f => "\"" + f.Replace("\"", "\"\"") + "\""))));
        try
        {
            var (code, output, _) = Run("lists", "diff", oldPath, SharedData.Path("watchlists/us-dod-1260h.csv"));
            Assert.Equal(0, code);
            Assert.Contains("~ Beijing Megvii Technology Co., Ltd.\n    listing from 2024-01-31: end (none) → 2025-01-07 (delisted)", output.Replace("\r", ""));
            Assert.Matches(@"^\d+ added, 0 removed, \d+ changed", output);
        }
        finally { File.Delete(oldPath); }
    }

    [Fact]
    public void Every_lists_subcommand_has_help_with_examples()
    {
        foreach (var sub in new[] { new[] { "lists" }, ["lists", "show"], ["lists", "search"], ["lists", "import"], ["lists", "diff"] })
        {
            var (code, output, _) = CliRunner.Run([.. sub, "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("Example", output);
            Assert.Contains("collabscreen lists", output);
        }
    }
}
