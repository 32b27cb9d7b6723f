using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Analytics.Periods;

/// <summary>
/// The span an analysis covers: a month ("2026-10"), a quarter ("2026-Q3"), a year ("2026") or the trailing
/// twelve months ending with a month ("12m:2026-10"). Both ends are inclusive days.
/// </summary>
public sealed partial record ReportingPeriod(string Label, DateOnly Start, DateOnly End)
{
    public static ReportingPeriod Parse(string text)
    {
        var value = text.Trim();
        var month = MonthPattern().Match(value);
        if (month.Success)
        {
            var start = new DateOnly(Year(month.Groups[1].Value), MonthNumber(month.Groups[2].Value, text), 1);
            return new ReportingPeriod(value, start, start.AddMonths(1).AddDays(-1));
        }

        var quarter = QuarterPattern().Match(value);
        if (quarter.Success)
        {
            var q = int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture);
            var start = new DateOnly(Year(quarter.Groups[1].Value), ((q - 1) * 3) + 1, 1);
            return new ReportingPeriod(value.ToUpperInvariant(), start, start.AddMonths(3).AddDays(-1));
        }

        if (YearPattern().IsMatch(value))
        {
            var start = new DateOnly(Year(value), 1, 1);
            return new ReportingPeriod(value, start, new DateOnly(start.Year, 12, 31));
        }

        var trailing = TrailingPattern().Match(value);
        if (trailing.Success)
        {
            var last = new DateOnly(Year(trailing.Groups[1].Value), MonthNumber(trailing.Groups[2].Value, text), 1);
            return new ReportingPeriod(value.ToLowerInvariant(), last.AddMonths(-11), last.AddMonths(1).AddDays(-1));
        }

        throw new FormatException(
            $"--period: '{text}' is not a period; expected a month (2026-10), a quarter (2026-Q3), a year (2026) or trailing twelve months (12m:2026-10).");
    }

    /// <summary>The period of the same length just before this one (last month, last quarter, ...).</summary>
    public ReportingPeriod Previous()
    {
        var months = ((End.Year - Start.Year) * 12) + End.Month - Start.Month + 1;
        var start = Start.AddMonths(-months);
        return new ReportingPeriod($"before {Label}", start, Start.AddDays(-1));
    }

    private static int Year(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static int MonthNumber(string text, string whole)
    {
        var month = int.Parse(text, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 ? month : throw new FormatException($"--period: '{whole}' has no month {month}; expected 01 to 12.");
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})-[Qq]([1-4])$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^12[mM]:(\d{4})-(\d{2})$")]
    private static partial Regex TrailingPattern();
}
