using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Proportions;

public sealed class WilsonIntervalTests
{
    // Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison of seven
    // methods. Statistics in Medicine 17:857-872, Table II, method 3 (score interval without continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void The_interval_matches_Newcombes_published_worked_examples(long events, long total, double lower, double upper)
    {
        var interval = WilsonInterval.For(events, total);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void All_events_give_an_upper_bound_of_exactly_one()
    {
        var interval = WilsonInterval.For(20, 20);

        Assert.Equal(1.0, interval.Upper);
        Assert.Equal(1 - 0.1611, interval.Lower, 4);
    }

    [Fact]
    public void No_cases_give_no_interval_rather_than_a_made_up_one()
    {
        var interval = WilsonInterval.For(0, 0);

        Assert.True(double.IsNaN(interval.Lower) && double.IsNaN(interval.Upper));
    }
}
