using Outcomes.Analytics.Adjustment;
using Xunit;

namespace Outcomes.Analytics.Tests.Adjustment;

public sealed class InverseProbabilityWeightingMeansTests
{
    /// <summary>
    /// The confounded example of <see cref="InverseProbabilityWeightingTests"/> with a measured outcome: severity (x = 1)
    /// sends most patients to PHP and lowers the score by 10 in both groups; the level of care makes no difference.
    ///   IOP: 80 with x = 0 score 20, 20 with x = 1 score 10: mean 18;  PHP: 20 × 20, 80 × 10: mean 12.
    /// </summary>
    private static (List<CaseMixUnit> Units, List<double> Outcomes) Confounded()
    {
        var units = new List<CaseMixUnit>();
        var outcomes = new List<double>();
        Add(iop: true, severe: false, score: 20, count: 80);
        Add(iop: true, severe: true, score: 10, count: 20);
        Add(iop: false, severe: false, score: 20, count: 20);
        Add(iop: false, severe: true, score: 10, count: 80);
        return (units, outcomes);

        void Add(bool iop, bool severe, double score, int count)
        {
            units.Add(new CaseMixUnit(iop, false, [severe ? 1 : 0], count));
            outcomes.Add(score);
        }
    }

    [Fact]
    public void Weighting_removes_a_difference_in_means_that_is_entirely_due_to_case_mix()
    {
        // Crude 18 − 12 = 6. Welch: each group's variance (80·(20 − 18)² + 20·(10 − 18)²) / 99 = 1600 / 99 = 16.161616,
        // SE √(2 · 16.161616 / 100) = 0.5685352, df 198 (equal variances and sizes), t(198, 0.975) = 1.972017:
        // half-width 1.1211614.
        // Weighted: stabilised weights 0.625 (the 80 typical of their group) and 2.5 (the 20 atypical), as in the rate
        // example; IOP (0.625·80·20 + 2.5·20·10) / (50 + 50) = 15, PHP the mirror image, 15.
        // Sandwich variance of each: Σ w²(y − 15)² / (Σw)² = (80·0.390625·25 + 20·6.25·25) / 100² = 0.390625;
        // SE of the difference √(2 · 0.390625) = √0.78125 = 0.8838835 (0.88388348).
        var (units, outcomes) = Confounded();

        var result = InverseProbabilityWeighting.CompareMeans(units, outcomes, ["severe"]);

        Assert.Equal(6, result.CrudeDifference, 10);
        Assert.Equal(6 - 1.1211614, result.CrudeInterval.Lower, 4);
        Assert.Equal(6 + 1.1211614, result.CrudeInterval.Upper, 4);
        Assert.True(result.Comparable);
        Assert.Equal(15, result.AdjustedRateFirst, 6);
        Assert.Equal(15, result.AdjustedRateSecond, 6);
        Assert.Equal(0, result.AdjustedDifference!.Value, 6);
        Assert.Equal(0.88388348, result.AdjustedStandardError!.Value, 7);
        Assert.Equal(-1.959964 * 0.88388348, result.AdjustedInterval!.Value.Lower, 5);
    }

    [Fact]
    public void A_mean_difference_is_not_clipped_to_the_range_of_a_proportion()
    {
        // Scores 40 points apart in both strata: the adjusted difference is 40, far outside −1 to 1.
        var units = new List<CaseMixUnit>
        {
            new(true, false, [0], 80), new(true, false, [1], 20), new(false, false, [0], 20), new(false, false, [1], 80),
        };

        var result = InverseProbabilityWeighting.CompareMeans(units, [60, 50, 20, 10], ["severe"]);

        Assert.Equal(40, result.AdjustedDifference!.Value, 6);
        Assert.True(result.AdjustedInterval!.Value.Lower > 1);
    }
}
