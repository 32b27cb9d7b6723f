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
}
