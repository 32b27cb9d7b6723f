using Outcomes.Analytics.Periods;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

public sealed class PeriodNamesTests
{
    [Theory]
    [InlineData("2026", "2026-06-30", "2026, January to June")]
    [InlineData("2026", "2026-06-15", "2026, 1 January to 15 June")]
    [InlineData("2026", "2027-02-01", "2026")]
    [InlineData("2026-06", "2026-06-30", "June 2026")]
    [InlineData("2026-06", "2026-06-15", "June 2026, 1 to 15 June")]
    [InlineData("2026-Q3", "2026-08-31", "2026-Q3, July to August")]
    [InlineData("2026-Q2", "2026-06-30", "2026-Q2, April to June")]
    [InlineData("12m:2026-06", "2026-06-30", "12 months, July 2025 to June 2026")]
    [InlineData("12m:2026-06", "2026-06-10", "12 months, 1 July 2025 to 10 June 2026")]
    [InlineData("2027", "2026-06-30", "2027, no data yet")]
    [InlineData("3m:2026-05", "2026-06-30", "3 months, March to May 2026")]
    [InlineData("3m:2026-01", "2026-06-30", "3 months, November 2025 to January 2026")]
    [InlineData("3m:2026-06", "2026-06-15", "3 months, 1 April 2026 to 15 June 2026")]
    [InlineData("qtd:2026-05", "2026-06-30", "2026-Q2 to date, April to May")]
    [InlineData("qtd:2026-04", "2026-06-30", "2026-Q2 to date, April")]
    [InlineData("qtd:2026-05", "2026-05-20", "2026-Q2 to date, 1 April to 20 May")]
    public void A_period_is_named_as_far_as_the_data_reach(string period, string dataThrough, string expected) =>
        Assert.Equal(expected, PeriodNames.Describe(ReportingPeriod.Parse(period), DateOnly.Parse(dataThrough, System.Globalization.CultureInfo.InvariantCulture)));
}
