using CollabScreen.Screening;

namespace CollabScreen.Tests.Screening;

/// <summary>How a suppression matches an author–institution pair: the whole affiliation string, case and runs of
/// white space aside, and the institution by ROR id (any spelling of it) or, without one, by name.</summary>
public class SuppressionsTests
{
    private static InstitutionEvidence Pair(string? affiliation, string? ror, string name) =>
        new("A. Author", null, affiliation, ror, name, "CN", [], AssertedBy.Both, null, null, null);

    [Fact]
    public void A_pair_matches_by_the_normalised_string_and_the_ror_id()
    {
        var s = new Suppressions([new Suppression("School of Mechanical Engineering, Example University", "https://ror.org/00WK2MP56", "Beihang University")]);
        Assert.True(s.Matches(Pair("  school of mechanical   engineering, example university", "00wk2mp56", "Beihang")));
        Assert.False(s.Matches(Pair("School of Mechanical Engineering, Example University, Beijing", "https://ror.org/00wk2mp56", "Beihang University")));
        Assert.False(s.Matches(Pair("School of Mechanical Engineering, Example University", "https://ror.org/01skt4w74", "Beihang University")));
        Assert.False(s.Matches(Pair(null, "https://ror.org/00wk2mp56", "Beihang University")));
    }

    [Fact]
    public void Without_a_ror_id_the_institution_is_matched_by_name()
    {
        var s = new Suppressions([new Suppression("Dept. of Physics, Some Institute", null, "Some Institute of Technology")]);
        Assert.True(s.Matches(Pair("Dept. of Physics, Some Institute", null, "some institute of technology")));
        Assert.False(s.Matches(Pair("Dept. of Physics, Some Institute", "https://ror.org/01skt4w74", "Some Institute of Technology")));
    }
}
