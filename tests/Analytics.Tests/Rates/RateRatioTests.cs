using Outcomes.Analytics.Rates;
using Xunit;

namespace Outcomes.Analytics.Tests.Rates;

public sealed class RateRatioTests
{
    [Fact]
    public void The_ratio_interval_and_p_match_r_poisson_test_for_two_samples()
    {
        // R 4.2.2: poisson.test(c(134, 79), c(10000, 10000)): rate ratio 1.696202532,
        // 95% CI 1.275060114 to 2.269216161, p = 0.000200148963.
        var result = RateRatio.Compare(EventRate.For(134, 10_000), EventRate.For(79, 10_000));

        Assert.Equal(1.696202532, result.Ratio, 8);
        Assert.Equal(1.275060114, result.Interval.Lower, 6);
        Assert.Equal(2.269216161, result.Interval.Upper, 6);
        Assert.Equal(0.000200148963, result.PValue, 9);
    }

    [Fact]
    public void Unequal_days_at_risk_are_taken_into_account()
    {
        // R: poisson.test(c(3, 9), c(1500, 2100)): 0.4666666667, CI 0.08126304539 to 1.86994667731.
        var result = RateRatio.Compare(EventRate.For(3, 1500), EventRate.For(9, 2100));

        Assert.Equal(0.4666666667, result.Ratio, 9);
        Assert.Equal(0.08126304539, result.Interval.Lower, 6);
        Assert.Equal(1.86994667731, result.Interval.Upper, 6);
    }

    [Fact]
    public void No_events_in_the_first_group_give_a_lower_bound_of_zero()
    {
        // R: poisson.test(c(0, 4), c(100, 100))$conf.int: 0 to 1.514866859.
        var result = RateRatio.Compare(EventRate.For(0, 100), EventRate.For(4, 100));

        Assert.Equal(0, result.Ratio);
        Assert.Equal(0, result.Interval.Lower);
        Assert.Equal(1.514866859, result.Interval.Upper, 6);
    }
}
