using Outcomes.Analytics.Access;
using Xunit;

namespace Outcomes.Analytics.Tests.Access;

public sealed class MedianIntervalTests
{
    [Fact]
    public void Ten_values_give_the_second_and_ninth_as_bounds()
    {
        // B ~ Binomial(10, ½): P(B ≤ 0) = 1/1024, P(B ≤ 1) = 11/1024 = 0.0107 ≤ 0.025, P(B ≤ 2) = 56/1024 = 0.0547 > 0.025,
        // so k = 2: [x(2), x(9)], coverage 1 − 2 · 11/1024 = 0.9785156.
        var estimate = MedianInterval.Of([14, 3, 9, 1, 30, 5, 7, 2, 21, 6]);

        Assert.Equal(10, estimate.N);
        Assert.Equal(6.5, estimate.Median);  // sorted 1 2 3 5 6 7 9 14 21 30: (6 + 7) / 2
        Assert.Equal(2, estimate.Lower);
        Assert.Equal(21, estimate.Upper);
        Assert.Equal(1 - (2 * 11.0 / 1024), estimate.Coverage, 10);
    }

    [Fact]
    public void Twenty_values_give_the_sixth_and_fifteenth()
    {
        // Binomial(20, ½): P(B ≤ 5) = 21700/1048576 = 0.0207 ≤ 0.025, P(B ≤ 6) = 60460/1048576 = 0.0577 > 0.025: k = 6,
        // [x(6), x(15)], coverage 1 − 2 · 0.0206947 = 0.9586105.
        var estimate = MedianInterval.Of(Enumerable.Range(1, 20).Select(i => (double)i));

        Assert.Equal(10.5, estimate.Median);
        Assert.Equal(6, estimate.Lower);
        Assert.Equal(15, estimate.Upper);
        Assert.Equal(1 - (2 * 21700.0 / 1048576), estimate.Coverage, 10);
    }

    [Fact]
    public void Five_values_are_too_few_for_a_95_percent_interval_and_six_reach_from_the_least_to_the_greatest()
    {
        // n = 5: even [x(1), x(5)] covers only 1 − 2/32 = 93.75%. n = 6: 1 − 2/64 = 96.875%.
        var five = MedianInterval.Of([4, 1, 3, 2, 5]);
        var six = MedianInterval.Of([4, 1, 3, 2, 5, 6]);

        Assert.Equal(3, five.Median);
        Assert.Null(five.Lower);
        Assert.Null(five.Upper);
        Assert.Equal(1, six.Lower);
        Assert.Equal(6, six.Upper);
        Assert.Equal(0.96875, six.Coverage, 10);
    }
}
