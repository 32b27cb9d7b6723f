using Outcomes.Analytics.Periods;
using Xunit;

namespace Outcomes.Analytics.Tests.Periods;

public sealed class SummaryWindowsTests
{
    [Fact]
    public void A_quarters_middle_month_has_five_windows_of_their_own()
    {
        var windows = SummaryWindows.Of(ReportingPeriod.Parse("2026-05"));

        Assert.Equal(["2026-05", "3m:2026-05", "qtd:2026-05", "12m:2026-05", "2025-05"], windows.Periods.Select(p => p.Label));
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 31)), (windows.RollingThreeMonths!.Start, windows.RollingThreeMonths.End));
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 31)), (windows.QuarterToDate.Start, windows.QuarterToDate.End));
        Assert.Equal((new DateOnly(2025, 6, 1), new DateOnly(2026, 5, 31)), (windows.TwelveMonths!.Start, windows.TwelveMonths.End));
    }

    [Theory]
    [InlineData("2026-04", "2026-04")]
    [InlineData("2026-06", "3m:2026-06")]
    [InlineData("2026-01", "2026-01")]
    [InlineData("2026-12", "3m:2026-12")]
    public void A_quarter_to_date_with_the_days_of_another_window_is_that_window(string month, string toDate)
    {
        var windows = SummaryWindows.Of(ReportingPeriod.Parse(month));

        Assert.Equal(toDate, windows.QuarterToDate.Label);
        Assert.Equal(4, windows.Periods.Count);
    }

    [Fact]
    public void Windows_that_would_begin_before_1990_are_left_out()
    {
        var windows = SummaryWindows.Of(ReportingPeriod.Parse("1990-02"));

        Assert.Null(windows.RollingThreeMonths);
        Assert.Null(windows.TwelveMonths);
        Assert.Null(windows.SameMonthLastYear);
        Assert.Equal(["1990-02", "qtd:1990-02"], windows.Periods.Select(p => p.Label));
    }

    [Fact]
    public void Only_a_calendar_month_has_summary_windows() =>
        Assert.Throws<ArgumentException>(() => SummaryWindows.Of(ReportingPeriod.Parse("2026-Q2")));
}
