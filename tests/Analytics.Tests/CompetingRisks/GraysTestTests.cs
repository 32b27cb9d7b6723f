using Outcomes.Analytics.CompetingRisks;
using Xunit;

namespace Outcomes.Analytics.Tests.CompetingRisks;

public sealed class GraysTestTests
{
    // Reference values: R 4.2.2, cmprsk 2.2-11, cuminc(time, status, group)$Tests on the 312 randomised patients of
    // survival::pbc (Fleming and Harrington 1991, appendix D.1), ρ = 0.
    [Fact]
    public void Two_arms_give_the_chi_squares_of_r_cmprsk_for_each_cause()
    {
        var arms = new[] { PbcTrial.Where(p => p.Arm == 1).ToList(), PbcTrial.Where(p => p.Arm == 2).ToList() };

        var transplant = GraysTest.Compare(arms, cause: 1);
        var death = GraysTest.Compare(arms, cause: 2);

        Assert.Equal(0.01942747553, transplant.ChiSquare, 8);
        Assert.Equal(0.8891479167, transplant.PValue, 7);
        Assert.Equal(1, transplant.DegreesOfFreedom);
        Assert.Equal(0.06659373536, death.ChiSquare, 8);
        Assert.Equal(0.7963624382, death.PValue, 7);
    }

    [Fact]
    public void Four_stages_give_the_k_sample_chi_squares_of_r_cmprsk_on_three_degrees_of_freedom()
    {
        var stages = Enumerable.Range(1, 4).Select(s => PbcTrial.Where(p => p.Stage == s).ToList()).ToList();

        var transplant = GraysTest.Compare(stages, cause: 1);
        var death = GraysTest.Compare(stages, cause: 2);

        Assert.Equal(1.972687127, transplant.ChiSquare, 6);
        Assert.Equal(0.5780949028, transplant.PValue, 6);
        Assert.Equal(46.997780244, death.ChiSquare, 5);
        Assert.Equal(3, death.DegreesOfFreedom);
        Assert.InRange(death.PValue, 3.47e-10, 3.49e-10);
    }

    [Fact]
    public void Identical_groups_give_a_chi_square_of_zero()
    {
        var arm = PbcTrial.Where(p => p.Arm == 1).ToList();

        var result = GraysTest.Compare([arm, arm], cause: 2);

        Assert.Equal(0, result.ChiSquare, 10);
        Assert.Equal(1, result.PValue, 10);
    }

    [Fact]
    public void An_empty_group_takes_no_part()
    {
        var arms = new[] { PbcTrial.Where(p => p.Arm == 1).ToList(), [], PbcTrial.Where(p => p.Arm == 2).ToList() };

        var death = GraysTest.Compare(arms, cause: 2);

        Assert.Equal(0.06659373536, death.ChiSquare, 8);
        Assert.Equal(1, death.DegreesOfFreedom);
    }

    [Fact]
    public void Fewer_than_two_groups_with_anyone_in_them_give_no_test()
    {
        var result = GraysTest.Compare([PbcTrial.Where(p => p.Arm == 1).ToList(), []], cause: 2);

        Assert.True(double.IsNaN(result.ChiSquare));
        Assert.Equal(0, result.DegreesOfFreedom);
    }
}
