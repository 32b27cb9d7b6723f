using Outcomes.Analytics.Periods;
using Outcomes.Reports.Monthly;
using Xunit;

namespace Outcomes.Reports.Tests.Monthly;

public sealed class TrendPeriodTests
{
    [Fact]
    public void A_months_trend_is_the_twelve_months_ending_with_it()
    {
        var months = ReportDataLoader.TrendPeriods(ReportingPeriod.Parse("2026-10"), new DateOnly(2026, 11, 3));
        Assert.Equal(12, months.Count);
        Assert.Equal("2025-11", months[0].Label);
        Assert.Equal("2026-10", months[^1].Label);
    }

    [Fact]
    public void A_years_trend_is_its_months_up_to_the_data_through_date()
    {
        var months = ReportDataLoader.TrendPeriods(ReportingPeriod.Parse("2026"), new DateOnly(2026, 6, 30));
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"], months.Select(m => m.Label));
    }
}
