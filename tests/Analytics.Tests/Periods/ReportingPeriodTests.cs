using Outcomes.Analytics.Periods;
using Xunit;

namespace Outcomes.Analytics.Tests.Periods;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData("2026-10", "2026-10", "2026-10-01", "2026-10-31")]
    [InlineData(" 2026-10 ", "2026-10", "2026-10-01", "2026-10-31")]
    [InlineData("2026-10\n", "2026-10", "2026-10-01", "2026-10-31")]
    [InlineData("2026-q3", "2026-Q3", "2026-07-01", "2026-09-30")]
    [InlineData("2026", "2026", "2026-01-01", "2026-12-31")]
    [InlineData("12M:2026-10", "12m:2026-10", "2025-11-01", "2026-10-31")]
    [InlineData("1990-01", "1990-01", "1990-01-01", "1990-01-31")]
    [InlineData("12m:1990-12", "12m:1990-12", "1990-01-01", "1990-12-31")]
    [InlineData("2100-12", "2100-12", "2100-12-01", "2100-12-31")]
    [InlineData("3M:2026-10", "3m:2026-10", "2026-08-01", "2026-10-31")]
    [InlineData("3m:2026-02", "3m:2026-02", "2025-12-01", "2026-02-28")]
    [InlineData("3m:1990-03", "3m:1990-03", "1990-01-01", "1990-03-31")]
    [InlineData("QTD:2026-11", "qtd:2026-11", "2026-10-01", "2026-11-30")]
    [InlineData("qtd:2026-01", "qtd:2026-01", "2026-01-01", "2026-01-31")]
    [InlineData("qtd:2028-03", "qtd:2028-03", "2028-01-01", "2028-03-31")]
    public void Each_form_reads_as_its_days_with_one_canonical_label(string text, string label, string start, string end)
    {
        var period = ReportingPeriod.Parse(text);

        Assert.Equal((label, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)),
            (period.Label, period.Start, period.End));
    }

    [Theory]
    [InlineData("0001-01")]
    [InlineData("9999-12")]
    [InlineData("12m:0001-01")]
    [InlineData("12m:1990-11")]
    [InlineData("3m:1990-02")]
    [InlineData("3m:2026-13")]
    [InlineData("qtd:2101-01")]
    [InlineData("qtd:2026-Q2")]
    [InlineData("1989-Q4")]
    [InlineData("2101")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q2'--")]
    [InlineData("2026-10\nextra")]
    [InlineData("٢٠٢٦-١٠")]
    [InlineData("")]
    [InlineData("@periods.txt")]
    public void Anything_else_is_a_format_error_naming_the_forms_without_repeating_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => ReportingPeriod.Parse(text));

        Assert.Contains("a quarter (2026-Q3)", error.Message, StringComparison.Ordinal);
        if (text.Trim().Length > 0)
        {
            Assert.DoesNotContain(text.Trim(), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_period_before_the_earliest_supported_one_is_still_a_calendar_period()
    {
        var earliest = ReportingPeriod.Parse("12m:1990-12");

        Assert.Equal((new DateOnly(1989, 1, 1), new DateOnly(1989, 12, 31)), (earliest.Previous().Start, earliest.Previous().End));
    }

    [Fact]
    public void Periods_built_in_code_are_the_periods_their_labels_read_as()
    {
        Assert.Equal(new ReportingPeriod("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), ReportingPeriod.Month(2026, 10));
        Assert.Equal(ReportingPeriod.Parse("2026-10"), ReportingPeriod.MonthOf(new DateOnly(2026, 10, 17)));
        Assert.Equal(new ReportingPeriod("2026-Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30)), ReportingPeriod.Quarter(2026, 3));
        Assert.Equal(new ReportingPeriod("2026", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), ReportingPeriod.Year(2026));
        Assert.Equal(new ReportingPeriod("12m:2026-10", new DateOnly(2025, 11, 1), new DateOnly(2026, 10, 31)), ReportingPeriod.TrailingYear(new DateOnly(2026, 10, 17)));
        Assert.Equal(ReportingPeriod.Parse("12m:1990-12"), ReportingPeriod.TrailingYear(new DateOnly(1990, 12, 31)));
    }

    [Theory]
    // Each month of a year: the rolling three months end with it, the quarter to date starts on its quarter's first day.
    [InlineData("2026-01-15", "2025-11-01", "2026-01-01")]
    [InlineData("2026-02-28", "2025-12-01", "2026-01-01")]
    [InlineData("2026-03-01", "2026-01-01", "2026-01-01")]
    [InlineData("2026-04-30", "2026-02-01", "2026-04-01")]
    [InlineData("2026-05-31", "2026-03-01", "2026-04-01")]
    [InlineData("2026-06-30", "2026-04-01", "2026-04-01")]
    [InlineData("2026-07-01", "2026-05-01", "2026-07-01")]
    [InlineData("2026-09-30", "2026-07-01", "2026-07-01")]
    [InlineData("2026-10-17", "2026-08-01", "2026-10-01")]
    [InlineData("2026-12-31", "2026-10-01", "2026-10-01")]
    public void Rolling_three_months_and_the_quarter_to_date_end_with_the_months_last_day(string day, string rollingStart, string quarterStart)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var monthEnd = new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);

        var rolling = ReportingPeriod.RollingThreeMonths(date);
        var toDate = ReportingPeriod.QuarterToDate(date);

        Assert.Equal((DateOnly.Parse(rollingStart, System.Globalization.CultureInfo.InvariantCulture), monthEnd), (rolling.Start, rolling.End));
        Assert.Equal((DateOnly.Parse(quarterStart, System.Globalization.CultureInfo.InvariantCulture), monthEnd), (toDate.Start, toDate.End));
        Assert.Equal(rolling, ReportingPeriod.Parse(rolling.Label));
        Assert.Equal(toDate, ReportingPeriod.Parse(toDate.Label));
        // The quarter to date of a quarter's last month has the quarter's days (a period of its own label).
        if (date.Month % 3 == 0)
        {
            var quarter = ReportingPeriod.Quarter(date.Year, date.Month / 3);
            Assert.Equal((quarter.Start, quarter.End), (toDate.Start, toDate.End));
        }
    }

    [Fact]
    public void Rolling_three_months_that_would_begin_before_1990_are_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.RollingThreeMonths(new DateOnly(1990, 2, 28)));
        Assert.Equal(new DateOnly(1990, 1, 1), ReportingPeriod.RollingThreeMonths(new DateOnly(1990, 3, 1)).Start);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.QuarterToDate(new DateOnly(2101, 1, 1)));
    }

    [Fact]
    public void Periods_built_in_code_outside_the_calendar_the_data_may_cover_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.Month(2026, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.Month(1989, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.Quarter(2026, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.Year(2101));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.TrailingYear(new DateOnly(1990, 11, 30)));
    }

    [Fact]
    public void A_month_and_the_month_before_it_are_months_and_longer_periods_are_not()
    {
        Assert.True(ReportingPeriod.Month(2028, 2).IsMonth);
        Assert.True(ReportingPeriod.Month(2026, 10).Previous().IsMonth);
        Assert.False(ReportingPeriod.Quarter(2026, 3).IsMonth);
        Assert.False(ReportingPeriod.Year(2026).IsMonth);
        Assert.False(ReportingPeriod.TrailingYear(new DateOnly(2026, 10, 1)).IsMonth);
        Assert.False(new ReportingPeriod("part of a month", new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 31)).IsMonth);
    }
}
