using Outcomes.Analytics.Survival;
using Xunit;

namespace Outcomes.Analytics.Tests.Survival;

public sealed class LogRankTestTests
{
    [Fact]
    public void The_freireich_trial_gives_the_textbook_chi_square_of_16_8()
    {
        // Kleinbaum and Klein, chapter 2: O1 = 9, E1 = 19.25 (6-MP); O2 = 21, E2 = 10.75 (placebo);
        // log-rank chi-square 16.79 on 1 df (R survdiff: Chisq = 16.8, p = 4e-05).
        var result = LogRankTest.Compare(FreireichLeukaemia.Mercaptopurine, FreireichLeukaemia.Placebo);

        Assert.Equal(9, result.ObservedFirst);
        Assert.Equal(19.25, result.ExpectedFirst, 2);
        Assert.Equal(21, result.ObservedSecond);
        Assert.Equal(10.75, result.ExpectedSecond, 2);
        Assert.Equal(16.79, result.ChiSquare, 2);
        Assert.InRange(result.PValue, 3.0e-5, 5.0e-5);
    }

    [Fact]
    public void Identical_groups_give_a_chi_square_of_zero()
    {
        var result = LogRankTest.Compare(FreireichLeukaemia.Placebo, FreireichLeukaemia.Placebo);

        Assert.Equal(0, result.ChiSquare, 10);
        Assert.Equal(1, result.PValue, 10);
    }
}
