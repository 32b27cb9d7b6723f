using Outcomes.Analytics.Runs.Families;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// Length of stay's median and quartiles are read off day counts the way PostgreSQL's <c>percentile_cont</c> computes
/// them (Hyndman and Fan's type 7, R's default): linear interpolation between the order statistics either side of
/// q·(n − 1). The expected values are worked by hand.
/// </summary>
public sealed class LengthOfStayQuantileTests
{
    [Fact]
    public void Quartiles_of_one_to_four_are_the_textbook_type_7_values()
    {
        // R: quantile(1:4) gives 1.75, 2.5, 3.25 for the 25th, 50th and 75th percentiles.
        (int, int)[] days = [(1, 1), (2, 1), (3, 1), (4, 1)];

        Assert.Equal(1.75, LengthOfStayQuery.Quantile(days, 0.25), 12);
        Assert.Equal(2.5, LengthOfStayQuery.Quantile(days, 0.5), 12);
        Assert.Equal(3.25, LengthOfStayQuery.Quantile(days, 0.75), 12);
    }

    [Fact]
    public void Repeated_days_count_as_that_many_stays()
    {
        // Stays 3, 10, 10, 20: q1 at position 0.75 is 3 + 0.75 × 7 = 8.25; the median at 1.5 lies between two stays of
        // 10 days; q3 at 2.25 is 10 + 0.25 × 10 = 12.5.
        (int, int)[] days = [(3, 1), (10, 2), (20, 1)];

        Assert.Equal(8.25, LengthOfStayQuery.Quantile(days, 0.25), 12);
        Assert.Equal(10, LengthOfStayQuery.Quantile(days, 0.5), 12);
        Assert.Equal(12.5, LengthOfStayQuery.Quantile(days, 0.75), 12);
    }

    [Fact]
    public void A_single_stay_is_its_own_median_and_quartiles()
    {
        (int, int)[] days = [(42, 1)];

        Assert.Equal(42, LengthOfStayQuery.Quantile(days, 0.25));
        Assert.Equal(42, LengthOfStayQuery.Quantile(days, 0.5));
        Assert.Equal(42, LengthOfStayQuery.Quantile(days, 0.75));
    }
}
