using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

/// <summary>
/// Issue #19.16: real Scopus exports whose rows carry one field more than the header (an unlabelled second
/// funding-text column before 'References') were rejected row by row (2 of 58 kept). No such export is in the shared
/// data, so the file is built from the documented full Scopus CSV header (46 columns, "Authors" … "EID") in that shape.
/// </summary>
public sealed class ScopusShiftedColumnsTests
{
    private static readonly string[] Header =
    [
        "Authors", "Author full names", "Author(s) ID", "Title", "Year", "Source title", "Volume", "Issue", "Art. No.",
        "Page start", "Page end", "Page count", "Cited by", "DOI", "Link", "Affiliations", "Authors with affiliations",
        "Abstract", "Author Keywords", "Index Keywords", "Molecular Sequence Numbers", "Chemicals/CAS", "Tradenames",
        "Manufacturers", "Funding Details", "Funding Texts", "References", "Correspondence Address", "Editors", "Publisher",
        "Sponsors", "Conference name", "Conference date", "Conference location", "Conference code", "ISSN", "ISBN", "CODEN",
        "PubMed ID", "Language of Original Document", "Abbreviated Source Title", "Document Type", "Publication Stage",
        "Open Access", "Source", "EID",
    ];

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    /// <summary>One row by column name; with <paramref name="extraFunding"/> an unlabelled field goes in before 'References'.</summary>
    private static string Row(int n, string? extraFunding)
    {
        var values = Header.ToDictionary(h => h, _ => "");
        values["Authors"] = $"Wang W.; Smith J.A.";
        values["Author full names"] = $"Wang, Wei (5719234567{n}); Smith, John A. (700412345{n})";
        values["Title"] = $"Shifted row {n}: radar target recognition";
        values["Year"] = (2018 + n).ToString();
        values["Source title"] = "IEEE Transactions on Aerospace and Electronic Systems";
        values["DOI"] = $"10.1109/TAES.2021.30500{n:00}";
        values["Affiliations"] = "College of Electronic Science, National University of Defense Technology, Changsha, China; Department of Engineering Science, University of Oxford, Oxford, United Kingdom";
        values["Authors with affiliations"] = "Wang W., College of Electronic Science, National University of Defense Technology, Changsha, China; Smith J.A., Department of Engineering Science, University of Oxford, Oxford, United Kingdom";
        values["Abstract"] = "We recognise radar targets. © 2021 IEEE.";
        values["Author Keywords"] = "radar; target recognition";
        values["Funding Details"] = "National Natural Science Foundation of China, NSFC, 6190000" + n;
        values["Funding Texts"] = "This work was supported by the National Natural Science Foundation of China.";
        values["References"] = "Li M., Radar imaging, (2015); Zhao Q., Deep recognition, (2019)";
        values["Correspondence Address"] = "W. Wang; National University of Defense Technology, Changsha, China";
        values["Publisher"] = "Institute of Electrical and Electronics Engineers Inc.";
        values["Language of Original Document"] = "English";
        values["Document Type"] = n % 2 == 0 ? "Article" : "Conference Paper";
        values["Publication Stage"] = "Final";
        values["Source"] = "Scopus";
        values["EID"] = $"2-s2.0-851000000{n:00}";
        var fields = Header.Select(h => values[h]).ToList();
        if (extraFunding is not null) fields.Insert(Array.IndexOf(Header, "References"), extraFunding);
        return string.Join(",", fields.Select(Quote));
    }

    private static (List<CollabScreen.Model.Work> Works, ReadReport Report, List<ReadError> Warnings) Read(IEnumerable<string> rows)
    {
        var text = string.Join(",", Header.Select(Quote)) + "\n" + string.Join("\n", rows) + "\n";
        var warnings = new List<ReadError>();
        var report = new ReadReport { OnWarning = warnings.Add };
        return (ScopusExport.Read(new StringReader(text), "scopus-shifted.csv", report).ToList(), report, warnings);
    }

    [Fact]
    public void Rows_with_an_extra_funding_text_field_are_all_read_with_one_warning_naming_the_shift()
    {
        var rows = Enumerable.Range(1, 6).Select(n => Row(n, n == 3 ? null : $"Second funding text of row {n}: supported by the Equipment Pre-research Fund."));

        var (works, report, warnings) = Read(rows);

        Assert.Equal(6, works.Count);
        Assert.Equal(0, report.ErrorCount);
        var warning = Assert.Single(warnings);
        Assert.Equal("scopus-shifted.csv", warning.Source);
        Assert.Equal(2, warning.Line); // the first shifted row
        Assert.Contains("rows have 47 fields, 1 more than the header's 46", warning.Reason);
        Assert.Contains("'Funding Texts' from the left and 'References' … 'EID' from the right", warning.Reason);
        for (var n = 1; n <= 6; n++)
        {
            var w = works[n - 1];
            // Trailing columns, read from the right: the EID, the document type.
            Assert.Equal($"2-s2.0-851000000{n:00}", w.Id);
            Assert.Equal(n % 2 == 0 ? "Article" : "Conference Paper", w.Type);
            // Leading columns, read from the left.
            Assert.Equal($"Shifted row {n}: radar target recognition", w.Title);
            Assert.Equal(2018 + n, w.Year);
            Assert.Equal($"https://doi.org/10.1109/TAES.2021.30500{n:00}", w.Doi);
            Assert.Equal("IEEE Transactions on Aerospace and Electronic Systems", w.Venue);
            Assert.Equal(["College of Electronic Science, National University of Defense Technology, Changsha, China"], w.Authorships[0].RawAffiliations);
            Assert.Equal("Wang, Wei", w.Authorships[0].AuthorName);
        }
    }

    [Fact]
    public void A_row_with_fewer_fields_than_the_header_is_still_skipped_and_reported()
    {
        var shortRow = string.Join("\",\"", Row(1, null).Split("\",\"").Take(40)) + "\"";
        var (works, report, _) = Read([Row(2, null), shortRow]);

        Assert.Single(works);
        Assert.Equal(1, report.Skipped);
        Assert.Contains("expected 46 fields as in the header, found 40", Assert.Single(report.Errors).Reason);
    }
}
