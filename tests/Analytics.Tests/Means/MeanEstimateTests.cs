using Outcomes.Analytics.Means;
using Xunit;

namespace Outcomes.Analytics.Tests.Means;

public sealed class MeanEstimateTests
{
    [Fact]
    public void The_t_interval_matches_the_hand_computation()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, s = √(32/7) = 2.1380899;
        // t(7, 0.975) = 2.3646243 (t table); half-width 2.3646243 · 2.1380899 / √8 = 1.7874879: 3.2125121 to 6.7874879.
        var mean = MeanEstimate.Of([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.Equal(8, mean.N);
        Assert.Equal(5, mean.Mean, 10);
        Assert.Equal(2.1380899, mean.StandardDeviation, 6);
        Assert.Equal(3.2125121, mean.Interval.Lower, 6);
        Assert.Equal(6.7874879, mean.Interval.Upper, 6);
    }

    [Fact]
    public void Welchs_interval_of_a_difference_matches_the_hand_computation()
    {
        // 2, 4, 6 against 5, 7, 9: means 4 and 7, variances 4 and 4; SE √(4/3 + 4/3) = 1.6329932;
        // df (8/3)² / ((4/3)²/2 + (4/3)²/2) = 4; t(4, 0.975) = 2.7764451 (t table); half-width 2.7764451 · 1.6329932 = 4.5339159:
        // −7.5339159 to 1.5339159.
        var (difference, interval) = MeanEstimate.Of([2, 4, 6]).DifferenceFrom(MeanEstimate.Of([5, 7, 9]));

        Assert.Equal(-3, difference, 10);
        Assert.Equal(-7.5339159, interval.Lower, 6);
        Assert.Equal(1.5339159, interval.Upper, 6);
    }

    [Fact]
    public void One_value_gives_a_mean_without_an_interval()
    {
        var mean = MeanEstimate.Of([3]);

        Assert.Equal(3, mean.Mean);
        Assert.True(double.IsNaN(mean.Interval.Lower) && double.IsNaN(mean.Interval.Upper));
    }
}
