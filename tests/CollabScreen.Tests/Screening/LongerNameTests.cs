using CollabScreen.Screening;

namespace CollabScreen.Tests.Screening;

/// <summary>A name printed only as the start of a longer "X of/for Y" name is another institution; a unit is not.</summary>
public class LongerNameTests
{
    [Theory]
    [InlineData("Shanghai University", "School of Economics, Shanghai University of Finance and Economics, Shanghai", "Shanghai University of Finance and Economics")]
    [InlineData("Nanjing University", "College of Automation, Nanjing University of Aeronautics and Astronautics, Nanjing 210016, China", "Nanjing University of Aeronautics and Astronautics")]
    [InlineData("Beijing University", "Beijing University of Posts and Telecommunications, Beijing", "Beijing University of Posts and Telecommunications")]
    [InlineData("Zhejiang University", "College of Computer Science, Zhejiang University of Technology, Hangzhou", "Zhejiang University of Technology")]
    [InlineData("Minzu University", "Northwest Minzu University for Nationalities, Lanzhou", "Minzu University for Nationalities")]
    public void A_longer_name_is_another_institution(string name, string raw, string longer) =>
        Assert.Equal(longer, LongerName.Find(name, [raw]));

    [Theory]
    [InlineData("Zhejiang University", "Zhejiang University School of Medicine, Hangzhou")]
    [InlineData("Peking University", "Department of Physics, Peking University, Beijing 100871")]
    [InlineData("Shanghai Jiao Tong University", "Ruijin Hospital, Shanghai Jiao Tong University School of Medicine")]
    [InlineData("Sichuan University", "West China Hospital of Sichuan University, Chengdu")]
    [InlineData("Zhejiang University", "Zhejiang University of China, Hangzhou")]
    [InlineData("Tsinghua University", "Department of Physics, Nanyang Technological University, Singapore")]
    [InlineData("Zhejiang University", "Zhejiang University of Technology; Zhejiang University, Hangzhou")]
    [InlineData("Zhejiang University", "zhejiang university of technology")]
    [InlineData("Burnet Institute", "The Macfarlane Burnet Institute for Medical Research and Public Health, Melbourne")]
    [InlineData("Hertie School", "Hertie School of Governance, Berlin")]
    public void The_name_itself_a_unit_or_no_mention_is_not(string name, string raw) =>
        Assert.Null(LongerName.Find(name, [raw]));
}
