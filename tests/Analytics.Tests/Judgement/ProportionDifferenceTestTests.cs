using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Judgement;

public sealed class ProportionDifferenceTestTests
{
    // p-values: R 4.2.2 prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value; intervals: Newcombe 1998, Statistics in
    // Medicine 17:873-890, Table II, method 10. By hand for 56/70 vs 48/80: pooled 104/150 = 0.69333,
    // SE0 = √(0.69333·0.30667·(1/70 + 1/80)) = 0.075467, z = 0.2/0.075467 = 2.6502, z² = 7.0234 (R: X-squared 7.02341).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339, 0.0080450813682)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090, 0.00616989932054)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926, 0.0971865681706)]
    public void The_interval_is_newcombes_and_the_p_value_is_the_pooled_score_test(long e1, long n1, long e2, long n2, double lower, double upper, double p)
    {
        var (estimate, interval, pValue) = ProportionDifferenceTest.Compare(new Proportion(e1, n1), new Proportion(e2, n2));

        Assert.Equal(((double)e1 / n1) - ((double)e2 / n2), estimate, 12);
        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
        Assert.Equal(p, pValue, 10);
    }

    [Fact]
    public void Overlapping_intervals_can_still_be_a_clear_difference()
    {
        // 120/400 vs 90/400 (30.0% vs 22.5%): the Wilson intervals 25.7%–34.7% and 18.7%–26.8% overlap (R prop.test,
        // correct = FALSE, one sample each), yet the direct test gives p = 0.0159 and Newcombe's interval excludes 0.
        var first = new Proportion(120, 400);
        var second = new Proportion(90, 400);

        var (_, interval, p) = ProportionDifferenceTest.Compare(first, second);

        Assert.True(first.Wilson().Lower < second.Wilson().Upper);
        Assert.Equal(0.0159249856276, p, 10);
        Assert.Equal(0.257167671956, first.Wilson().Lower, 9);
        Assert.Equal(0.268427021059, second.Wilson().Upper, 9);
        Assert.True(interval.Lower > 0);
    }
}
