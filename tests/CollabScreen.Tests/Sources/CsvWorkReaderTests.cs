using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

public class CsvWorkReaderTests
{
    private static (List<Model.Work> Works, ReadReport Report) Read(string csv, CsvColumns? columns = null)
    {
        var report = new ReadReport();
        var works = CsvWorkReader.Read(new StringReader(csv), "papers.csv", columns ?? new CsvColumns(), report).ToList();
        return (works, report);
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks_and_lines_are_counted()
    {
        var (works, report) = Read("id,title,abstract\r\n1,\"Faces, \"\"in the wild\"\"\",\"line one\nline two\"\n2,Plain title,\n");
        Assert.Equal(2, works.Count);
        Assert.Equal("Faces, \"in the wild\"", works[0].Title);
        Assert.Equal("line one\nline two", works[0].Abstract);
        Assert.Null(works[1].Abstract);
        Assert.Equal(4, works[1].Origin.Line); // the quoted line break moved row 2 to line 4
        Assert.False(report.HasErrors);
        Assert.Equal(2, report.Read);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_skipped_with_file_line_and_fix_and_the_run_continues()
    {
        var (works, report) = Read("id,title,abstract\n1,A,B\n2,Faces, in the wild,abstract\n3,C,D\n");
        Assert.Equal(["1", "3"], works.Select(w => w.Id));
        var error = Assert.Single(report.Errors);
        Assert.Equal("papers.csv:3: expected 3 fields as in the header, found 4; check for an unquoted comma or a stray quote in this row", error.ToString());
        Assert.Equal(1, report.Skipped);
    }

    [Fact]
    public void Text_after_a_closing_quote_and_an_empty_id_are_reported_by_field()
    {
        var (works, report) = Read("id,title,abstract\n1,\"A\"x,B\n,No id,C\n4,D,E\n");
        Assert.Equal(["4"], works.Select(w => w.Id));
        Assert.Contains("papers.csv:2: unexpected text after a closing quote in field 2", report.Errors[0].ToString());
        Assert.Equal("papers.csv:3: field 'id' is empty; every row needs an id", report.Errors[1].ToString());
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_the_line_where_it_opened()
    {
        var (works, report) = Read("id,title,abstract\n1,A,B\n2,\"never closed,C\n3,D,E\n");
        Assert.Equal(["1"], works.Select(w => w.Id));
        Assert.StartsWith("papers.csv:3: field 2: quoted field is never closed", report.Errors[0].ToString());
    }

    [Fact]
    public void A_missing_id_column_names_the_option_to_use()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("paperId,title,abstract\n1,A,B\n"));
        Assert.Contains("papers.csv:1: the header has no id column 'id' (columns: paperId, title, abstract); name it with --id-column", e.Message);
    }

    [Fact]
    public void Renamed_columns_bom_and_optional_doi_year_keywords()
    {
        var (works, report) = Read("\uFEFFKey,Name,Summary,DOI,Year,Keywords\nk1,Gait,Walks,10.1/x,2019,gait recognition; biometrics\n",
            new CsvColumns("key", "name", "summary"));
        var w = Assert.Single(works);
        Assert.Equal(("k1", "Gait", "Walks", "10.1/x", 2019), (w.Id, w.Title, w.Abstract, w.Doi, w.Year));
        Assert.Equal(["gait recognition", "biometrics"], w.Keywords.Select(k => k.Name));
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void The_shared_dataset_harms_corpora_read_without_errors()
    {
        var report = new ReadReport();
        var duke = CsvWorkReader.Read(SharedData.Path("dataset-harms/dukemtmc_all.csv"), new CsvColumns(Id: "paperId"), report).ToList();
        var celeb = CsvWorkReader.Read(SharedData.Path("dataset-harms/msceleb1m_all.csv"), new CsvColumns(Id: "paperId"), report).ToList();
        Assert.Equal(1393, duke.Count);
        Assert.Equal(1404, celeb.Count);
        Assert.False(report.HasErrors, report.Errors.FirstOrDefault()?.ToString());
        Assert.Equal("001973a77bf8fa82314de667af5b041d856b0069", duke[0].Id);
        Assert.StartsWith("Multi-Object Tracking (MOT) is a challenging task", duke[0].Abstract);
        Assert.Equal(2018, duke[0].Year);
    }
}
