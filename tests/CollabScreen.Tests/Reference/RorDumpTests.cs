using System.IO.Compression;
using CollabScreen.Reference;
using CollabScreen.Tests.Matching;

namespace CollabScreen.Tests.Reference;

[Collection("Registry")]
public class RorDumpTests(RegistryFixture fixture)
{
    private static readonly string SharedFile = SharedData.Path("ror/ror-records.jsonl.gz");

    [Fact]
    public void Shared_dump_loads_every_record_of_both_schemas()
    {
        var r = fixture.Registry;
        Assert.Equal(51_370, r.Count);
        Assert.Equal(35_990, r.Report.V2);
        Assert.Equal(15_380, r.Report.V1);
        Assert.Empty(r.Report.Errors);
    }

    [Fact]
    public void V1_record_maps_names_acronyms_labels_country_city_and_children()
    {
        // NUDT is a schema v1 record in the shared file.
        var nudt = fixture.Registry.Get("05d2yfz11")!;
        Assert.Equal("National University of Defense Technology", nudt.Name);
        Assert.Equal("CN", nudt.Country);
        Assert.Equal("China", nudt.CountryName);
        Assert.Equal("Changsha", nudt.City);
        Assert.Equal("Hunan", nudt.Region);
        Assert.Contains(nudt.Names, n => n.Kind == NameKind.Label && n.Lang == "zh" && n.Value == "中国人民解放军国防科学技术大学");
        Assert.Contains(nudt.Names, n => n.Kind == NameKind.Acronym && n.Value == "NUDT");
        var children = fixture.Registry.Children(nudt).Select(c => c.Name).ToList();
        Assert.Contains("State Key Laboratory of Pulsed Power Laser Technology", children);
        var lab = fixture.Registry.Get("https://ror.org/00wv14x31")!;
        Assert.Equal(nudt, fixture.Registry.Parents(lab).Single());
        Assert.Contains(nudt, fixture.Registry.Ancestors(lab));
    }

    [Fact]
    public void V2_record_maps_display_name_acronym_labels_by_language_and_location()
    {
        var tsri = fixture.Registry.Get("ror.org/000025p04")!;
        Assert.Equal("Thailand Science Research and Innovation", tsri.Name);
        Assert.Contains(tsri.Names, n => n.Kind == NameKind.Acronym && n.Value == "TSRI");
        Assert.Contains(tsri.Names, n => n.Kind == NameKind.Label && n.Lang == "th");
        Assert.Equal("TH", tsri.Country);
        Assert.Equal("Bangkok", tsri.City);
        Assert.Contains(tsri.Links, l => l.Type == "predecessor" && l.Ror == "https://ror.org/03gd1bh37");
        Assert.True(tsri.IsActive);
    }

    [Fact]
    public void Withdrawn_and_inactive_records_redirect_to_their_successors()
    {
        // "Preventative Health" (withdrawn) was folded into CSIRO.
        var withdrawn = fixture.Registry.Get("0006jh821")!;
        Assert.Equal("withdrawn", withdrawn.Status);
        Assert.Equal("https://ror.org/03qn8fb07", fixture.Registry.Current("0006jh821").Single().Ror);
        // An inactive NSW department has two successors.
        var current = fixture.Registry.Current("00067tc54").Select(i => i.Ror).Order().ToList();
        Assert.Equal(["https://ror.org/00a7xgz80", "https://ror.org/038pwz535"], current);
        // An active record is its own current record.
        Assert.Equal("https://ror.org/05d2yfz11", fixture.Registry.Current("05d2yfz11").Single().Ror);
    }

    private static List<string> FirstLines(int n)
    {
        using var gz = new GZipStream(File.OpenRead(SharedFile), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        for (var i = 0; i < n && reader.ReadLine() is { } line; i++) lines.Add(line);
        return lines;
    }

    private static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "collabscreen-ror-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    [Fact]
    public void Reads_json_array_jsonl_gzip_and_zip_alike()
    {
        var lines = FirstLines(20);
        var jsonl = Temp("ror.jsonl"); File.WriteAllLines(jsonl, lines);
        var array = Temp("v2.json"); File.WriteAllText(array, "[\n" + string.Join(",\n", lines) + "\n]\n");
        var gz = Temp("ror.jsonl.gz");
        using (var s = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) s.Write(File.ReadAllBytes(jsonl));
        var zip = Temp("v1.63-ror-data.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var e = archive.CreateEntry("v1.63-2025-04-03-ror-data_schema_v2.json");
            using var w = new StreamWriter(e.Open());
            w.Write(File.ReadAllText(array));
        }
        var expected = lines.Count;
        foreach (var path in new[] { jsonl, array, gz, zip })
        {
            var report = new RorReadReport();
            var ids = RorDump.Read(path, report).Select(i => i.Ror).ToList();
            Assert.Equal(expected, ids.Count);
            Assert.Equal("https://ror.org/000025p04", ids[0]);
            Assert.Empty(report.Errors);
        }
        Assert.Equal(20, RorRegistry.Load(zip).Count);
    }

    [Fact]
    public void A_record_of_unknown_schema_is_reported_with_file_line_and_field_and_the_rest_kept()
    {
        var lines = FirstLines(5);
        lines.Insert(2, """{"id":"https://ror.org/0abcdef12","title":"Not a ROR record","status":"active"}""");
        lines.Insert(4, "{broken json");
        var path = Temp("bad.jsonl"); File.WriteAllLines(path, lines);
        var report = new RorReadReport();
        var read = RorDump.Read(path, report).ToList();
        Assert.Equal(5, read.Count);
        Assert.Equal(2, report.Errors.Count);
        var schema = report.Errors[0];
        Assert.Equal(path, schema.File);
        Assert.Equal(3, schema.Line);
        Assert.Equal("name", schema.Field);
        Assert.Contains("unknown ROR schema", schema.Message);
        Assert.Contains($"{path}:3: field 'name'", schema.ToString());
        Assert.Equal(5, report.Errors[1].Line);
        Assert.Contains("not valid JSON", report.Errors[1].Message);
    }

    [Fact]
    public void A_record_without_a_ror_id_names_the_id_field()
    {
        var path = Temp("noid.jsonl");
        File.WriteAllText(path, """{"name":"Somewhere","status":"active"}""" + "\n");
        var report = new RorReadReport();
        Assert.Empty(RorDump.Read(path, report));
        Assert.Equal("id", report.Errors.Single().Field);
    }

    [Fact]
    public void A_cut_json_array_is_a_clear_error()
    {
        var path = Temp("cut.json");
        File.WriteAllText(path, "[\n" + FirstLines(2)[0] + ",\n{\"id\": \"https://ror.org/0");
        var e = Assert.Throws<InvalidDataException>(() => RorDump.Read(path, new RorReadReport()).ToList());
        Assert.Contains("cut short", e.Message);
        Assert.Contains(path, e.Message);
    }
}
