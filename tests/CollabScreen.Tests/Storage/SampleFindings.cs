using System.Text;
using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>
/// Findings in the screen command's JSONL shape, built from the real works of the shared OpenAlex sample
/// whose authors are at listed institutions (13 works: HIT 4, Beihang 3, NWPU 2, NUDT 2, Xidian 2). The
/// listings are facts from the shared watchlist files: the four are on the NDAA §1286 list (2022 report),
/// all five are in ASPI's China Defence Universities Tracker. Two list versions let a diff see a list update.
/// </summary>
public static class SampleFindings
{
    public const string Ndaa1286Url = "https://media.defense.gov/2023/Jun/29/2003251160/-1/-1/1/COUNTERING-UNWANTED-INFLUENCE-IN-DEPARTMENT-FUNDED-RESEARCH-AT-INSTITUTIONS-OF-HIGHER-EDUCATION.PDF";

    private static readonly Dictionary<string, string> AspiPages = new()
    {
        ["Harbin Institute of Technology"] = "https://unitracker.aspi.org.au/universities/harbin-institute-of-technology",
        ["Beihang University"] = "https://unitracker.aspi.org.au/universities/beihang-university",
        ["Northwestern Polytechnical University"] = "https://unitracker.aspi.org.au/universities/northwestern-polytechnical-university",
        ["National University of Defense Technology"] = "https://unitracker.aspi.org.au/universities/national-university-of-defense-technology",
        ["Xidian University"] = "https://unitracker.aspi.org.au/universities/xidian-university",
    };

    private static readonly HashSet<string> OnNdaa1286 =
        ["Harbin Institute of Technology", "Beihang University", "Northwestern Polytechnical University", "National University of Defense Technology"];

    private static readonly Lazy<IReadOnlyList<Work>> Listed = new(() =>
        OpenAlexFiles.Read([SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")], new ReadReport())
            .Where(w => Partners(w).Any())
            .ToList());

    /// <summary>The sample's works with an author at one of the five institutions.</summary>
    public static IReadOnlyList<Work> Works => Listed.Value;

    public static IEnumerable<string> Partners(Work w) =>
        w.Authorships.SelectMany(a => a.Institutions).Select(i => i.Name).OfType<string>().Where(AspiPages.ContainsKey).Distinct();

    public const string Lists2022 = """{"us-ndaa-1286":"2022"}""";
    public const string Lists2023 = """{"us-ndaa-1286":"2022","aspi-china-defence-universities":"misp-galaxy 2023"}""";

    /// <summary>
    /// A work's finding as screening against §1286 alone (withAspi false) or also the ASPI tracker would
    /// report it; null when none of its institutions is on those lists. Legal designation: medium;
    /// tracker assessment only: low.
    /// </summary>
    public static StoredFinding? For(long runId, Work work, bool withAspi)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("work", work.Id);
            json.WriteString("doi", work.Doi);
            json.WriteString("title", work.Title);
            if (work.Year is int year) json.WriteNumber("year", year); else json.WriteNull("year");
            var legal = false; var assessed = false;
            var institutions = new List<Action>();
            foreach (var author in work.Authorships)
                foreach (var inst in author.Institutions.Where(i => i.Name is not null && AspiPages.ContainsKey(i.Name)))
                {
                    var ndaa = OnNdaa1286.Contains(inst.Name!);
                    if (!ndaa && !withAspi) continue;
                    legal |= ndaa; assessed |= withAspi;
                    institutions.Add(() =>
                    {
                        json.WriteStartObject();
                        json.WriteString("author", author.AuthorName);
                        json.WriteString("affiliation", author.RawAffiliations.FirstOrDefault());
                        json.WriteString("ror", inst.Ror);
                        json.WriteString("name", inst.Name);
                        json.WriteStartArray("listings");
                        if (ndaa) Listing(json, "us-ndaa-1286", "debarment", "2022", Ndaa1286Url);
                        if (withAspi) Listing(json, "aspi-china-defence-universities", null, null, AspiPages[inst.Name!]);
                        json.WriteEndArray();
                        json.WriteString("asserted_by", "source");
                        json.WriteEndObject();
                    });
                }
            if (institutions.Count == 0) return null;
            json.WriteString("severity", legal ? "medium" : "low");
            json.WriteStartArray("rules");
            if (legal) json.WriteStringValue("listed-coauthor:legal");
            if (assessed) json.WriteStringValue("listed-coauthor:assessment");
            json.WriteEndArray();
            json.WriteStartArray("institutions");
            foreach (var write in institutions) write();
            json.WriteEndArray();
            json.WriteStartArray("topics"); json.WriteEndArray();
            json.WriteStartArray("datasets"); json.WriteEndArray();
            json.WriteEndObject();
        }
        return StoredFinding.FromJson(runId, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Listing(Utf8JsonWriter json, string list, string? category, string? start, string source)
    {
        json.WriteStartObject();
        json.WriteString("list", list);
        json.WriteString("category", category);
        json.WriteString("start", start);
        json.WriteString("source", source);
        json.WriteEndObject();
    }
}
