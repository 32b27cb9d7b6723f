using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Proportions;

public sealed class NewcombeDifferenceTests
{
    // Newcombe RG (1998), Interval estimation for the difference between independent proportions: comparison
    // of eleven methods. Statistics in Medicine 17:873-890, Table II, method 10 (score, no continuity correction).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    public void The_interval_matches_Newcombes_published_worked_examples(long e1, long n1, long e2, long n2, double lower, double upper)
    {
        var (estimate, interval) = NewcombeDifference.For(new Proportion(e1, n1), new Proportion(e2, n2));

        Assert.Equal(((double)e1 / n1) - ((double)e2 / n2), estimate, 10);
        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }
}
