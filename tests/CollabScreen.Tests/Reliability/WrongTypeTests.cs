using System.Text;
using System.Text.Json.Nodes;
using CollabScreen.Model;
using CollabScreen.Sources;

namespace CollabScreen.Tests.Reliability;

/// <summary>
/// Issue #19.9: a field of the wrong JSON type (`authorships` as a string, ...) was dropped silently: a work with no
/// authors and no error. Now the field is reported as FILE:LINE: field 'F': expected X, got Y, and the rest of the
/// record is kept. Records are real lines of the shared OpenAlex sample with one field retyped.
/// </summary>
public sealed class WrongTypeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-types-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly List<byte[]> Clean = InvalidUtf8Tests.Lines(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz"), 10);

    /// <summary>Retypes one field of line <paramref name="at"/> (0-based), reads the file, returns the works and errors.</summary>
    private (List<Work> Works, List<ReadError> Errors, string Path, Work Original) Read(int at, Action<JsonObject> retype)
    {
        var lines = Clean.Select(l => (byte[])l.Clone()).ToList();
        var node = JsonNode.Parse(lines[at])!.AsObject();
        retype(node);
        lines[at] = Encoding.UTF8.GetBytes(node.ToJsonString());
        var path = Path.Combine(_dir, "works.jsonl");
        File.WriteAllBytes(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
        var errors = new List<ReadError>();
        var report = new ReadReport { OnError = errors.Add };
        var works = WorkFiles.Read([path], report).ToList();
        var original = OpenAlexWorkParser.Parse(Clean[at], new Origin(path, at + 1));
        Assert.Equal(0, report.Skipped);
        return (works, errors, path, original);
    }

    [Fact]
    public void Authorships_as_a_string_is_reported_and_the_rest_of_the_work_kept()
    {
        var (works, errors, path, original) = Read(2, w => w["authorships"] = "Wang W.; Li M.");

        Assert.Equal(Clean.Count, works.Count);
        var error = Assert.Single(errors);
        Assert.Equal($"{path}:3: field 'authorships': expected an array, got a string; the field was left out, the rest of the record kept", error.ToString());
        var work = works[2];
        Assert.Empty(work.Authorships);
        Assert.Equal(original.Id, work.Id);
        Assert.Equal(original.Title, work.Title);
        Assert.Equal(original.ReferencedWorks, work.ReferencedWorks);
        Assert.Equal(original.Subjects.Count, work.Subjects.Count);
        Assert.NotEmpty(work.Subjects);
    }

    [Fact]
    public void Institutions_of_the_wrong_type_lose_only_that_authors_institutions()
    {
        var (works, errors, path, original) = Read(1, w => w["authorships"]![1]!["institutions"] = new JsonObject { ["id"] = "I1" });

        var error = Assert.Single(errors);
        Assert.Equal($"{path}:2: field 'authorships[1].institutions': expected an array, got an object; the field was left out, the rest of the record kept", error.ToString());
        var work = works[1];
        Assert.Equal(original.Authorships.Count, work.Authorships.Count);
        Assert.Empty(work.Authorships[1].Institutions);
        Assert.Equal(original.Authorships[1].RawAffiliations, work.Authorships[1].RawAffiliations);
        Assert.Equal(original.Authorships[0].Institutions, work.Authorships[0].Institutions);
    }

    [Fact]
    public void An_institution_that_is_not_an_object_is_reported_and_the_others_kept()
    {
        var (works, errors, path, original) = Read(0, w => w["authorships"]![0]!["institutions"]!.AsArray().Add("Beihang University"));

        Assert.Equal($"{path}:1: field 'authorships[0].institutions[1]': expected an object, got a string; the field was left out, the rest of the record kept",
            Assert.Single(errors).ToString());
        Assert.Equal(original.Authorships[0].Institutions, works[0].Authorships[0].Institutions);
    }

    [Fact]
    public void Referenced_works_of_the_wrong_type_are_reported()
    {
        var (works, errors, path, original) = Read(4, w => w["referenced_works"] = 31);

        Assert.Equal($"{path}:5: field 'referenced_works': expected an array, got a number; the field was left out, the rest of the record kept",
            Assert.Single(errors).ToString());
        Assert.Empty(works[4].ReferencedWorks);
        Assert.Equal(original.Authorships.Count, works[4].Authorships.Count);
    }

    [Fact]
    public void A_concept_score_that_is_not_a_number_is_reported_and_the_concept_kept_without_a_score()
    {
        var (works, errors, path, original) = Read(3, w => w["concepts"]![0]!["score"] = "high");

        Assert.Equal($"{path}:4: field 'concepts[0].score': expected a number, got a string; the field was left out, the rest of the record kept",
            Assert.Single(errors).ToString());
        var concept = works[3].Subjects.First(s => s.Kind == SubjectKind.Concept);
        Assert.Equal(original.Subjects.First(s => s.Kind == SubjectKind.Concept).Name, concept.Name);
        Assert.Null(concept.Score);
        Assert.Equal(original.Subjects.Count, works[3].Subjects.Count);
    }

    [Fact]
    public void A_title_that_is_an_object_and_a_year_that_is_not_a_number_are_reported_not_the_record_skipped()
    {
        var (works, errors, path, original) = Read(5, w => { w["title"] = new JsonObject { ["en"] = "x" }; w["display_name"] = null; w["publication_year"] = true; });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.ToString() == $"{path}:6: field 'title': expected a string, got an object; the field was left out, the rest of the record kept");
        Assert.Contains(errors, e => e.ToString() == $"{path}:6: field 'publication_year': expected a whole number, got a boolean; the field was left out, the rest of the record kept");
        Assert.Null(works[5].Title);
        Assert.Equal(original.Date?.Year, works[5].Year); // the year falls back to publication_date
        Assert.Equal(original.Authorships.Count, works[5].Authorships.Count);
    }

    [Fact]
    public void Well_typed_records_give_no_error()
    {
        var (works, errors, _, _) = Read(0, _ => { });
        Assert.Empty(errors);
        Assert.Equal(Clean.Count, works.Count);
    }
}
