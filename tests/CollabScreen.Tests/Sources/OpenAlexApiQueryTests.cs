using CollabScreen.Sources;

namespace CollabScreen.Tests.Sources;

public class OpenAlexApiQueryTests
{
    [Theory]
    [InlineData("05d2yfz11", InstitutionRefKind.Ror, "05d2yfz11")]
    [InlineData("https://ror.org/05D2YFZ11", InstitutionRefKind.Ror, "05d2yfz11")]
    [InlineData("ror.org/01yqg2h08", InstitutionRefKind.Ror, "01yqg2h08")]
    [InlineData("I170215575", InstitutionRefKind.OpenAlexId, "I170215575")]
    [InlineData("https://openalex.org/I170215575", InstitutionRefKind.OpenAlexId, "I170215575")]
    [InlineData("National University of Defense Technology", InstitutionRefKind.Name, "National University of Defense Technology")]
    [InlineData("Institute 42", InstitutionRefKind.Name, "Institute 42")]
    public void Institutions_are_told_apart(string text, InstitutionRefKind kind, string value)
    {
        var parsed = OpenAlexInstitutionRef.Parse(text);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData("0000-0002-1825-0097", AuthorRefKind.Orcid, "0000-0002-1825-0097")]
    [InlineData("https://orcid.org/0000-0002-1694-233x", AuthorRefKind.Orcid, "0000-0002-1694-233X")]
    [InlineData("A5023888391", AuthorRefKind.OpenAlexId, "A5023888391")]
    [InlineData("https://openalex.org/A5023888391", AuthorRefKind.OpenAlexId, "A5023888391")]
    public void Authors_are_orcids_or_openalex_ids(string text, AuthorRefKind kind, string value)
    {
        var parsed = OpenAlexAuthorRef.Parse(text);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(value, parsed.Value);
    }

    [Fact]
    public void An_author_name_is_refused_with_the_accepted_forms()
    {
        var e = Assert.Throws<FormatException>(() => OpenAlexAuthorRef.Parse("Jane Doe"));
        Assert.Contains("ORCID", e.Message);
    }

    [Fact]
    public void The_filter_and_url_carry_every_selector()
    {
        var query = new OpenAlexApiQuery
        {
            Institution = OpenAlexInstitutionRef.Parse("I170215575"),
            Authors = [OpenAlexAuthorRef.Parse("0000-0002-1825-0097"), OpenAlexAuthorRef.Parse("0000-0001-5109-3700")],
            From = new DateOnly(2024, 3, 1),
            To = new DateOnly(2024, 12, 31),
            Search = "person re-identification",
        };
        Assert.Equal("authorships.institutions.lineage:I170215575,authorships.author.orcid:0000-0002-1825-0097|0000-0001-5109-3700," +
            "from_publication_date:2024-03-01,to_publication_date:2024-12-31", query.Filter());
        Assert.Equal("https://api.openalex.org/works?filter=authorships.institutions.lineage:I170215575,authorships.author.orcid:0000-0002-1825-0097%7C0000-0001-5109-3700," +
            "from_publication_date:2024-03-01,to_publication_date:2024-12-31&search=person%20re-identification&per-page=200&cursor=a%2Bb%2Fc%3D",
            OpenAlexApiUrl.Works(OpenAlexApiOptions.DefaultBaseUrl + "/", query, "a+b/c=", 200));
    }

    [Fact]
    public void Queries_that_cannot_be_sent_say_why()
    {
        Assert.Contains("institution, an author or a search", new OpenAlexApiQuery { From = new DateOnly(2024, 1, 1) }.Problem());
        Assert.Contains("after", new OpenAlexApiQuery { Search = "x", From = new DateOnly(2024, 5, 1), To = new DateOnly(2024, 1, 1) }.Problem());
        Assert.Contains("resolved", new OpenAlexApiQuery { Institution = OpenAlexInstitutionRef.Parse("Some University") }.Problem());
        Assert.Null(new OpenAlexApiQuery { Search = "face recognition" }.Problem());
    }

    [Fact]
    public void Credentials_come_from_options_first_then_the_environment()
    {
        var env = new Dictionary<string, string?> { ["OPENALEX_MAILTO"] = "b@example.org", ["OPENALEX_API_KEY"] = "env-key" };
        var fromEnv = new OpenAlexApiOptions().FromEnvironment(env.GetValueOrDefault);
        Assert.Equal("b@example.org", fromEnv.Mailto);
        Assert.Equal("env-key", fromEnv.ApiKey);
        env["COLLABSCREEN_MAILTO"] = "a@example.org";
        Assert.Equal("a@example.org", new OpenAlexApiOptions().FromEnvironment(env.GetValueOrDefault).Mailto);
        var given = new OpenAlexApiOptions { Mailto = "c@example.org", ApiKey = "given" }.FromEnvironment(env.GetValueOrDefault);
        Assert.Equal(("c@example.org", "given"), (given.Mailto, given.ApiKey));
    }

    [Fact]
    public void The_cache_lives_under_xdg_cache_home()
    {
        Assert.Equal(Path.Combine("/tmp/xdg", "collabscreen", "openalex"), OpenAlexApiOptions.DefaultCacheDirectory(n => n == "XDG_CACHE_HOME" ? "/tmp/xdg" : null));
        Assert.EndsWith(Path.Combine(".cache", "collabscreen", "openalex"), OpenAlexApiOptions.DefaultCacheDirectory(n => n == "XDG_CACHE_HOME" ? "relative" : null));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var retry = new OpenAlexApiRetry { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };
        var random = new Random(7);
        for (var attempt = 2; attempt <= 8; attempt++)
        {
            var ceiling = Math.Min(10, Math.Pow(2, attempt - 2));
            var delay = retry.DelayBefore(attempt, null, random).TotalSeconds;
            Assert.InRange(delay, ceiling * 0.5, ceiling);
        }
        Assert.Equal(TimeSpan.FromSeconds(3), retry.DelayBefore(2, TimeSpan.FromSeconds(3)));
    }
}
