using CollabScreen.Reference;

namespace CollabScreen.Tests.Reference;

/// <summary>Every loader on its real public file in ../shared/data/watchlists, and on bad input.</summary>
public sealed class LoaderTests : IDisposable
{
    private static string Shared(string file) => SharedData.Path("watchlists/" + file);
    private readonly string tmp = Directory.CreateTempSubdirectory("collabscreen-lists-").FullName;

    public void Dispose() => Directory.Delete(tmp, recursive: true);

    [Fact]
    public void Csl_csv_reads_the_trade_gov_sample()
    {
        var report = new ListReadReport();
        var l = CslCsv.Read(Shared("us-trade-csl-sample.csv"), "csl", report);
        Assert.Empty(report.Problems);
        Assert.Equal(95, l.Entries.Count);            // 115 rows, 20 individuals skipped
        Assert.Equal(20, report.Skipped);
        Assert.Equal(22, l.Entries.Count(e => e.Listings[0].Category!.StartsWith("Entity List")));
        var cetc54 = l.Entries.Single(e => e.Name == "54th Research Institute of China");
        Assert.Contains("China Electronics Technology Group Corp. (CETC) 54th Research Institute", cetc54.Aliases);
        Assert.Equal("CN", cetc54.Country);
        var listing = cetc54.Listings.Single();
        Assert.Equal(new DateOnly(2001, 5, 14), listing.Start);
        Assert.Equal("Bureau of Industry and Security", listing.Authority);
        Assert.Contains("66 FR 24266", listing.Reason);
        Assert.StartsWith("http", listing.SourceUrl);
        var dpl = l.Entries.Where(e => e.Listings[0].End is not null).ToList();
        Assert.NotEmpty(dpl);
    }

    [Fact]
    public void Csl_csv_with_a_missing_column_names_file_line_and_column()
    {
        var lines = File.ReadAllLines(Shared("us-trade-csl-sample.csv"));
        var path = Path.Combine(tmp, "no-start.csv");
        File.WriteAllLines(path, lines.Select(l => string.Join(",", CsvRows.Read(new StringReader(l)).First().Fields.Where((_, i) => i != 8).Select(Quote))));
        var e = Assert.Throws<ListFormatException>(() => CslCsv.Read(path, "csl", new ListReadReport()));
        Assert.Contains(path + ":1", e.Message);
        Assert.Contains("start_date", e.Message);
    }

    [Fact]
    public void Csl_csv_with_a_bad_date_reports_line_and_field_and_keeps_the_rest()
    {
        var text = File.ReadAllText(Shared("us-trade-csl-sample.csv")).Replace("2001-05-14", "14/05/2001");
        var path = Path.Combine(tmp, "bad-date.csv");
        File.WriteAllText(path, text);
        var report = new ListReadReport();
        var l = CslCsv.Read(path, "csl", report);
        var p = Assert.Single(report.Problems);
        Assert.Equal(path, p.File);
        Assert.Equal(9, p.Line);
        Assert.Equal("start_date", p.Field);
        Assert.Contains("14/05/2001", p.ToString());
        Assert.Equal(95, l.Entries.Count);
    }

    [Fact]
    public void Csl_json_reads_the_api_layout()
    {
        var path = Path.Combine(tmp, "csl.json");
        File.WriteAllText(path, """
            {"total": 3, "sources_used": [], "results": [
              {"id": "a1", "source": "Entity List (EL) - Bureau of Industry and Security", "type": "Entity", "programs": [],
               "name": "National University of Defense Technology", "alt_names": ["NUDT", "Hunan Guofang Keji Daxue"],
               "addresses": [{"address": "109 Deya Road", "city": "Changsha", "country": "CN"}],
               "federal_register_notice": "80 FR 8527", "start_date": "2015-02-18", "end_date": null,
               "source_list_url": "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list"},
              {"id": "a2", "source": "Specially Designated Nationals (SDN) - Treasury Department", "type": "Individual", "name": "A Person"},
              {"id": "a3", "source": "Entity List (EL) - Bureau of Industry and Security", "type": "Entity", "name": "Bad Date Co", "start_date": "18 Feb"}
            ]}
            """);
        var report = new ListReadReport();
        var l = CslJson.Read(path, "csl", report);
        Assert.Equal(2, l.Entries.Count);
        Assert.Equal(1, report.Skipped);
        var nudt = l.Entries[0];
        Assert.Equal(["NUDT", "Hunan Guofang Keji Daxue"], nudt.Aliases);
        Assert.Equal("CN", nudt.Country);
        Assert.Equal(new DateOnly(2015, 2, 18), nudt.Listings[0].Start);
        var p = Assert.Single(report.Problems);
        Assert.Equal("results[2].start_date", p.Field);
        Assert.Equal(ListFormat.CslJson, ListImport.Detect(path));
    }

    [Fact]
    public void Ofac_non_sdn_reads_prim_alt_and_add()
    {
        var report = new ListReadReport();
        var l = OfacNonSdnCsv.Read(Shared("ofac-nonsdn-cons_prim.csv"), "ofac", report);
        Assert.Empty(report.Problems);
        Assert.Equal(363, l.Entries.Count);
        Assert.Equal(79, report.Skipped);
        var cmic = l.Entries.Where(e => e.Listings[0].Category == "CMIC-EO13959").ToList();
        Assert.Equal(68, cmic.Count);
        var hik = cmic.Single(e => e.Name == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.");
        Assert.Equal(new DateOnly(2021, 6, 3), hik.Listings[0].Start);
        var telecom = cmic.Single(e => e.Name == "CHINA TELECOM CORPORATION LIMITED");
        Assert.Contains("CHINA TELECOM CO., LTD", telecom.Aliases);
        Assert.Equal("CN", telecom.Country);
        Assert.Contains("linked to CHINA TELECOMMUNICATIONS CORPORATION", telecom.Listings[0].Reason);
        Assert.Contains("AECC", cmic.Single(e => e.Name == "AERO ENGINE CORPORATION OF CHINA").Aliases);
        Assert.Equal(ListFormat.Ofac, ListImport.Detect(Shared("ofac-nonsdn-cons_prim.csv")));
    }

    [Fact]
    public void Misp_galaxy_reads_the_aspi_tracker_with_children()
    {
        var report = new ListReadReport();
        var l = MispGalaxy.Read(Shared("aspi-china-defence-universities.misp.json"), "aspi", report);
        Assert.Empty(report.Problems);
        Assert.Equal(159, report.Records);
        Assert.Equal(159, l.Entries.Count(e => e.ParentId is null));
        Assert.Equal(ListKind.Assessment, l.List.Kind);
        var buaa = l.Entries.Single(e => e.Name == "Beihang University");
        Assert.Equal("北京航空航天大学", buaa.NameZh);
        Assert.Contains("Beijing University of Aeronautics and Astronautics", buaa.Aliases);
        Assert.Equal("Seven sons of national defence", buaa.Listings[0].Category);
        Assert.Equal(RiskTier.High, buaa.Listings[0].Tier);
        var nudt = l.Entries.Single(e => e.Name == "National University of Defense Technology");
        Assert.Equal(["Central Military Commission (CMC)"], nudt.SupervisingAgencies);
        Assert.Contains(l.Entries, e => e.ParentId == nudt.Id && e.Type == "laboratory");
        Assert.Equal(RiskTier.Moderate, l.Entries.Single(e => e.Name == "Nanjing University").Listings[0].Tier);
        Assert.Equal(ListFormat.Misp, ListImport.Detect(Shared("aspi-china-defence-universities.misp.json")));
    }

    [Fact]
    public void OpenSanctions_csv_reads_1260h_with_tranches_delistings_and_parents()
    {
        var report = new ListReadReport();
        var l = OpenSanctionsCsv.Read(Shared("us-dod-1260h.csv"), "1260h", null, report);
        Assert.Empty(report.Problems);
        Assert.Equal(397, report.Records);
        // 234 distinct spellings of 227 companies ("AVIC Xi'an" / "AVIC Xi’an", "Co., Ltd" / "Co., Ltd.", ...).
        Assert.Equal(227, l.Entries.Count);
        Assert.Equal(3, l.Entries.Single(e => e.Name.StartsWith("CloudWalk Technology")).Listings.Count);
        var megvii = l.Entries.Single(e => e.Name == "Beijing Megvii Technology Co., Ltd.");
        Assert.Equal(["Megvii"], megvii.Aliases);
        Assert.Equal((new DateOnly(2024, 1, 31), new DateOnly(2025, 1, 7)), (megvii.Listings.Single().Start, megvii.Listings.Single().End));
        var hik = l.Entries.Single(e => e.Name == "Hangzhou Hikvision Digital Technology Co., Ltd.");
        Assert.Equal(3, hik.Listings.Count);
        Assert.Equal("China Electronics Technology Group Corporation", l.Entries.Single(e => e.Id == hik.ParentId).Name);
        Assert.Equal(ListFormat.OpenSanctions, ListImport.Detect(Shared("us-dod-1260h.csv")));
    }

    [Fact]
    public void OpenSanctions_csv_reads_1286_and_reports_the_year_only_end_date()
    {
        var report = new ListReadReport();
        var l = OpenSanctionsCsv.Read(Shared("us-ndaa-section-1286.csv"), "1286", null, report);
        Assert.Equal(443, report.Records);
        var p = Assert.Single(report.Problems);
        Assert.Equal((261L, "end-date"), (p.Line, p.Field));
        Assert.Contains("'2026'", p.Message);
        var nudt = l.Entries.Single(e => e.Name == "National University of Defense Technology");
        Assert.Equal(["FY2022 list", "FY2023 list", "FY2024 list", "FY2025 list"], nudt.Listings.Select(x => x.Category).Order());
        Assert.Equal("CN", nudt.Country);
        var mabna = l.Entries.Single(e => e.Name == "Mabna Institute");
        Assert.All(mabna.Listings, x => Assert.Equal(new DateOnly(2026, 7, 23), x.End));
        Assert.Contains(l.Entries.Single(e => e.Name.StartsWith("Federal State Institution Federal Scientific Center Scientific Research Institute for System Analysis")).Aliases, a => a == "FSI FSC SRISA RAS");
    }

    [Fact]
    public void OpenSanctions_csv_reads_bis_mieu()
    {
        var report = new ListReadReport();
        var l = OpenSanctionsCsv.Read(Shared("us-bis-mieu.csv"), "mieu", null, report);
        Assert.Empty(report.Problems);
        Assert.Equal(13, l.Entries.Count);
        var dim = l.Entries.Single(e => e.Name == "Directorate of Military Intelligence");
        Assert.Equal(("CU", new DateOnly(2021, 3, 16)), (dim.Country, dim.Listings[0].Start));
        Assert.Contains("DIM", dim.Aliases);
    }

    [Fact]
    public void User_list_reads_and_reports_duplicate_id_bad_ror_and_missing_source()
    {
        var path = Path.Combine(tmp, "mine.csv");
        File.WriteAllText(path, """
            id,name,aliases,country,ror,category,source,start
            nudt,National University of Defense Technology,NUDT;国防科技大学,CN,https://ror.org/05d2yfz11,high,https://unitracker.aspi.org.au/universities/national-university-of-defense-technology,2015-02-18
            buaa,Beihang University,BUAA,CN,00wk2mp56,elevated,https://unitracker.aspi.org.au/universities/beihang-university,
            nudt,Duplicate Row,,CN,,high,https://example.org/x,
            x1,No Source,,CN,,high,,
            x2,Bad Ror,,CN,not-a-ror,,https://example.org/y,2020-13-01
            """);
        var report = new ListReadReport();
        var l = UserListCsv.Read(path, "mine", report);
        Assert.Equal(["mine/nudt", "mine/buaa", "mine/x2"], l.Entries.Select(e => e.Id));
        Assert.Equal(["https://ror.org/05d2yfz11"], l.Entries[0].RorIds);
        Assert.Equal(["https://ror.org/00wk2mp56"], l.Entries[1].RorIds);
        Assert.Equal(["NUDT", "国防科技大学"], l.Entries[0].Aliases);
        Assert.Equal(RiskTier.Elevated, l.Entries[1].Listings[0].Tier);
        Assert.Equal(ListKind.UserList, l.Entries[0].Listings[0].Kind);
        Assert.Collection(report.Problems,
            p => Assert.Equal((4L, "id"), (p.Line, p.Field)),
            p => Assert.Equal((5L, "source"), (p.Line, p.Field)),
            p => Assert.Equal((6L, "ror"), (p.Line, p.Field)),
            p => Assert.Equal((6L, "start"), (p.Line, p.Field)));
        Assert.Contains("first on line 2", report.Problems[0].Message);
        Assert.Equal(ListFormat.User, ListImport.Detect(path));
    }

    [Fact]
    public void Imported_list_round_trips_through_our_jsonl()
    {
        var l = OpenSanctionsCsv.Read(Shared("us-dod-1260h.csv"), "x1260h", null, new ListReadReport());
        var path = ListImport.Save(l, tmp);
        Assert.StartsWith(tmp, path);
        var w = Watchlists.Load([path]);
        Assert.Empty(w.Problems);
        Assert.Equal(l.Entries.Count, w.Entries.Count);
        var megvii = w.Search("Megvii")[0].Entry;
        Assert.Equal(new DateOnly(2025, 1, 7), megvii.Listings.Single().End);
        Assert.Equal(ListKind.LegalDesignation, megvii.Listings.Single().Kind);
    }

    [Fact]
    public void Diff_shows_megvii_delisting_as_changed()
    {
        // The 1260H list as it stood in 2024: rows of later tranches absent, later delistings not yet known.
        var rows = CsvRows.Read(Shared("us-dod-1260h.csv")).ToList();
        var oldPath = Path.Combine(tmp, "1260h-2024.csv");
        File.WriteAllLines(oldPath, rows.Where((r, i) => i == 0 || string.CompareOrdinal(r.Fields[6], "2024-12-31") <= 0)
            .Select((r, i) => string.Join(",", r.Fields.Select((f, j) => i > 0 && j == 7 && string.CompareOrdinal(f, "2024-12-31") > 0 ? "" : f).Select(Quote))));
        var oldList = OpenSanctionsCsv.Read(oldPath, "old", null, new ListReadReport());
        var newList = OpenSanctionsCsv.Read(Shared("us-dod-1260h.csv"), "new", null, new ListReadReport());
        var d = WatchlistDiff.Compare(oldList.Entries, newList.Entries);
        var megvii = d.Changed.Single(c => c.New.Name == "Beijing Megvii Technology Co., Ltd.");
        Assert.Contains("listing from 2024-01-31: end (none) → 2025-01-07 (delisted)", megvii.Changes);
        Assert.Contains(d.Added, e => e.Name.StartsWith("CETC Cyberspace Security Technology"));
        Assert.Empty(d.Removed);
    }

    private static string Quote(string f) => f.Contains(',') || f.Contains('"') || f.Contains('\n') ? "\"" + f.Replace("\"", "\"\"") + "\"" : f;
}
