using Outcomes.Analytics.Sensitivity;
using Xunit;

namespace Outcomes.Analytics.Tests.Sensitivity;

public sealed class EValueTests
{
    [Fact]
    public void The_breastfeeding_example_of_the_paper_gives_7_2_and_3_0()
    {
        // VanderWeele and Ding 2017, Annals of Internal Medicine 167:268-274, the example of breastfeeding and infant
        // death from respiratory infection (Victora et al.): RR 3.9 (95% CI 1.8 to 8.7). E-value
        // 3.9 + √(3.9 × 2.9) = 7.26 ("7.2"); for the lower limit 1.8 + √(1.8 × 0.8) = 3.0.
        var result = EValue.ForRiskRatio(3.9, new Interval(1.8, 8.7));

        Assert.Equal(3.9 + Math.Sqrt(3.9 * 2.9), result.ForEstimate, 12);
        Assert.Equal(7.26, result.ForEstimate, 2);
        Assert.Equal(3.0, result.ForInterval, 12);
    }

    [Fact]
    public void A_protective_ratio_is_inverted_and_its_upper_limit_is_the_one_closest_to_null()
    {
        // RR 0.80 (0.71 to 0.91): 1/0.8 = 1.25 → 1.25 + √(1.25 × 0.25) = 1.8090; 1/0.91 = 1.0989 → 1.4286 (by hand).
        var result = EValue.ForRiskRatio(0.80, new Interval(0.71, 0.91));

        Assert.Equal(1.25 + Math.Sqrt(1.25 * 0.25), result.ForEstimate, 12);
        Assert.Equal(1.809, result.ForEstimate, 3);
        Assert.Equal(1.4286, result.ForInterval, 4);
    }

    [Fact]
    public void An_interval_that_includes_one_has_an_e_value_of_one()
    {
        var result = EValue.ForRiskRatio(1.3, new Interval(0.9, 1.8));

        Assert.Equal(1, result.ForInterval);
        Assert.Equal(1.3 + Math.Sqrt(1.3 * 0.3), result.ForEstimate, 12);
    }

    [Fact]
    public void A_risk_difference_is_converted_through_the_baseline_risk()
    {
        // IOP − PHP dropout +4.0 points (+1.0 to +7.0) with PHP dropout 20%: RR = 0.24/0.20 = 1.2 → 1.2 + √(1.2 × 0.2) = 1.6899;
        // lower limit 0.21/0.20 = 1.05 → 1.05 + √(1.05 × 0.05) = 1.2791 (by hand).
        var result = EValue.ForRiskDifference(0.04, new Interval(0.01, 0.07), baselineRisk: 0.20);

        Assert.Equal(1.2 + Math.Sqrt(1.2 * 0.2), result.ForEstimate, 12);
        Assert.Equal(1.05 + Math.Sqrt(1.05 * 0.05), result.ForInterval, 12);
    }
}
