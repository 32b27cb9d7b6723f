using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Analytics.Periods;

/// <summary>
/// The span an analysis covers: a month ("2026-10"), a quarter ("2026-Q3"), a year ("2026") or the trailing
/// twelve months ending with a month ("12m:2026-10"). Both ends are inclusive days. The label is the period's
/// canonical spelling: "2026-q3" is read as "2026-Q3", "12M:2026-10" as "12m:2026-10".
/// </summary>
public sealed partial record ReportingPeriod(string Label, DateOnly Start, DateOnly End)
{
    /// <summary>
    /// No period starts before 1990: the data contract rejects care dates before 1990-01-01, so nothing earlier can
    /// have been loaded.
    /// </summary>
    public const int EarliestYear = 1990;

    /// <summary>
    /// No period ends after 2100. A fixed ceiling, far from the calendar's end, so the arithmetic on periods (the one
    /// before, trailing months) can never leave the calendar; the command line narrows it to next year.
    /// </summary>
    public const int LatestYear = 2100;

    /// <summary>The forms a period is written in, for messages.</summary>
    public const string ExpectedForms = "a month (2026-10), a quarter (2026-Q3), a year (2026) or trailing twelve months (12m:2026-10)";

    /// <summary>
    /// Reads a period in one of its four forms. Anything else — other characters, a month 13, a year outside
    /// <see cref="EarliestYear"/> to <see cref="LatestYear"/> — is a <see cref="FormatException"/> whose message says
    /// what was expected (never repeating the text, which may hold anything).
    /// </summary>
    public static ReportingPeriod Parse(string text)
    {
        var value = text.Trim();
        var month = MonthPattern().Match(value);
        if (month.Success)
        {
            var start = new DateOnly(Year(month.Groups[1].Value), MonthNumber(month.Groups[2].Value), 1);
            return new ReportingPeriod(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start, start.AddMonths(1).AddDays(-1));
        }

        var quarter = QuarterPattern().Match(value);
        if (quarter.Success)
        {
            var q = int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture);
            var start = new DateOnly(Year(quarter.Groups[1].Value), ((q - 1) * 3) + 1, 1);
            return new ReportingPeriod(string.Create(CultureInfo.InvariantCulture, $"{start.Year:0000}-Q{q}"), start, start.AddMonths(3).AddDays(-1));
        }

        if (YearPattern().IsMatch(value))
        {
            var start = new DateOnly(Year(value), 1, 1);
            return new ReportingPeriod(start.Year.ToString("0000", CultureInfo.InvariantCulture), start, new DateOnly(start.Year, 12, 31));
        }

        var trailing = TrailingPattern().Match(value);
        if (trailing.Success)
        {
            var last = new DateOnly(Year(trailing.Groups[1].Value), MonthNumber(trailing.Groups[2].Value), 1);
            var start = last.AddMonths(-11);
            if (start.Year < EarliestYear)
            {
                throw OutOfRange();
            }

            return new ReportingPeriod(last.ToString("'12m:'yyyy-MM", CultureInfo.InvariantCulture), start, last.AddMonths(1).AddDays(-1));
        }

        throw new FormatException($"expected {ExpectedForms}.");
    }

    /// <summary>The period of the same length just before this one (last month, last quarter, ...).</summary>
    public ReportingPeriod Previous()
    {
        var months = ((End.Year - Start.Year) * 12) + End.Month - Start.Month + 1;
        var start = Start.AddMonths(-months);
        return new ReportingPeriod($"before {Label}", start, Start.AddDays(-1));
    }

    private static int Year(string text)
    {
        var year = int.Parse(text, CultureInfo.InvariantCulture);
        return year is >= EarliestYear and <= LatestYear ? year : throw OutOfRange();
    }

    private static FormatException OutOfRange() =>
        new($"expected a period from {EarliestYear} to {LatestYear}: {ExpectedForms}.");

    private static int MonthNumber(string text)
    {
        var month = int.Parse(text, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 ? month : throw new FormatException($"expected a month from 01 to 12: {ExpectedForms}.");
    }

    // [0-9], not \d (which also matches other scripts' digits), and \z, not $ (which also matches before a final line end).
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})\z")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^([0-9]{4})-[Qq]([1-4])\z")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^[0-9]{4}\z")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^12[mM]:([0-9]{4})-([0-9]{2})\z")]
    private static partial Regex TrailingPattern();
}
