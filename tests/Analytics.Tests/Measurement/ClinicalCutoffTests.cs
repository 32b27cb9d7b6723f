using Outcomes.Analytics.Measurement;
using Xunit;

namespace Outcomes.Analytics.Tests.Measurement;

public sealed class ClinicalCutoffTests
{
    // No published example with both populations' means and standard deviations could be read exactly, so the three
    // criteria of Jacobson & Truax (1991) are checked on stated inputs computed by hand. The inputs are illustrative,
    // not published norms: functional population M0 = 5, s0 = 4; clinical population M1 = 17, s1 = 6; higher is worse.
    //   (a) M1 − 2·s1 = 17 − 12 = 5
    //   (b) M0 + 2·s0 = 5 + 8  = 13
    //   (c) (s0·M1 + s1·M0) / (s0 + s1) = (4·17 + 6·5) / (4 + 6) = (68 + 30) / 10 = 9.8
    [Fact]
    public void The_three_criteria_match_the_hand_computation()
    {
        Assert.Equal(5, ClinicalCutoff.CriterionA(17, 6, ScoreDirection.HigherIsWorse), 10);
        Assert.Equal(13, ClinicalCutoff.CriterionB(5, 4, ScoreDirection.HigherIsWorse), 10);
        Assert.Equal(9.8, ClinicalCutoff.CriterionC(5, 4, 17, 6), 10);
    }

    [Fact]
    public void Criterion_c_is_weighted_towards_the_mean_of_the_narrower_distribution()
    {
        // Equal spreads put c halfway (11); the functional population twice as narrow moves c towards M0, where the two
        // densities meet in standard-deviation units: (2·17 + 4·5) / 6 = 54 / 6 = 9.
        Assert.Equal(11, ClinicalCutoff.CriterionC(5, 4, 17, 4), 10);
        Assert.Equal(9, ClinicalCutoff.CriterionC(5, 2, 17, 4), 10);
    }

    [Fact]
    public void On_a_higher_is_better_scale_criteria_a_and_b_step_the_other_way()
    {
        // A well-being score: clinical M1 = 40, s1 = 8; functional M0 = 70, s0 = 10.
        // (a) 40 + 16 = 56; (b) 70 − 20 = 50; (c) (10·40 + 8·70) / 18 = 960 / 18 = 53.333…
        Assert.Equal(56, ClinicalCutoff.CriterionA(40, 8, ScoreDirection.HigherIsBetter), 10);
        Assert.Equal(50, ClinicalCutoff.CriterionB(70, 10, ScoreDirection.HigherIsBetter), 10);
        Assert.Equal(960.0 / 18, ClinicalCutoff.CriterionC(70, 10, 40, 8), 10);
    }
}
