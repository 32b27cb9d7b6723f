using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Analytics.Periods;

/// <summary>
/// The span an analysis covers: a month ("2026-10"), a quarter ("2026-Q3"), a year ("2026"), the trailing
/// twelve months ending with a month ("12m:2026-10"), the rolling three months ending with a month ("3m:2026-10") or
/// the quarter to date, from the first day of a month's quarter to the end of that month ("qtd:2026-11"). Both ends
/// are inclusive days. The label is the period's canonical spelling: "2026-q3" is read as "2026-Q3", "12M:2026-10" as
/// "12m:2026-10", "QTD:2026-11" as "qtd:2026-11".
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
    public const string ExpectedForms =
        "a month (2026-10), a quarter (2026-Q3), a year (2026), trailing twelve months (12m:2026-10), rolling three months (3m:2026-10) or a quarter to date (qtd:2026-11)";

    /// <summary>Whether the period is one calendar month (whatever its label: the month before a month is one too).</summary>
    public bool IsMonth => Start.Day == 1 && Start.AddMonths(1).AddDays(-1) == End;

    /// <summary>The calendar month <paramref name="month"/> of <paramref name="year"/>, labelled like "2026-10".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="EarliestYear"/> to <see cref="LatestYear"/>, or the month outside 1 to 12.</exception>
    public static ReportingPeriod Month(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        var start = new DateOnly(InRange(year), month, 1);
        return new ReportingPeriod(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start, start.AddMonths(1).AddDays(-1));
    }

    /// <summary>The calendar month that <paramref name="day"/> falls in.</summary>
    public static ReportingPeriod MonthOf(DateOnly day) => Month(day.Year, day.Month);

    /// <summary>The calendar quarter <paramref name="quarter"/> (1 to 4) of <paramref name="year"/>, labelled like "2026-Q3".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="EarliestYear"/> to <see cref="LatestYear"/>, or the quarter outside 1 to 4.</exception>
    public static ReportingPeriod Quarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var start = new DateOnly(InRange(year), ((quarter - 1) * 3) + 1, 1);
        return new ReportingPeriod(string.Create(CultureInfo.InvariantCulture, $"{start.Year:0000}-Q{quarter}"), start, start.AddMonths(3).AddDays(-1));
    }

    /// <summary>The calendar year, labelled like "2026".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="EarliestYear"/> to <see cref="LatestYear"/>.</exception>
    public static ReportingPeriod Year(int year)
    {
        var start = new DateOnly(InRange(year), 1, 1);
        return new ReportingPeriod(start.Year.ToString("0000", CultureInfo.InvariantCulture), start, new DateOnly(start.Year, 12, 31));
    }

    /// <summary>
    /// The twelve months ending with the month of <paramref name="endingMonth"/> (any day of it), labelled like
    /// "12m:2026-10".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The months would begin before <see cref="EarliestYear"/> or end after <see cref="LatestYear"/>.</exception>
    public static ReportingPeriod TrailingYear(DateOnly endingMonth)
    {
        var last = new DateOnly(InRange(endingMonth.Year), endingMonth.Month, 1);
        var start = last.AddMonths(-11);
        if (start.Year < EarliestYear)
        {
            throw new ArgumentOutOfRangeException(nameof(endingMonth), endingMonth, $"Twelve months ending then would begin before {EarliestYear}.");
        }

        return new ReportingPeriod(last.ToString("'12m:'yyyy-MM", CultureInfo.InvariantCulture), start, last.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// The three months ending with the month of <paramref name="endingMonth"/> (any day of it), labelled like
    /// "3m:2026-10" (August to October 2026): a window of a month's size that carries three times its patients.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The months would begin before <see cref="EarliestYear"/> or end after <see cref="LatestYear"/>.</exception>
    public static ReportingPeriod RollingThreeMonths(DateOnly endingMonth)
    {
        var last = new DateOnly(InRange(endingMonth.Year), endingMonth.Month, 1);
        var start = last.AddMonths(-2);
        if (start.Year < EarliestYear)
        {
            throw new ArgumentOutOfRangeException(nameof(endingMonth), endingMonth, $"Three months ending then would begin before {EarliestYear}.");
        }

        return new ReportingPeriod(last.ToString("'3m:'yyyy-MM", CultureInfo.InvariantCulture), start, last.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// The quarter to date of the month of <paramref name="month"/> (any day of it): from the first day of its calendar
    /// quarter to the month's last day, labelled like "qtd:2026-11" (October and November 2026). In a quarter's first
    /// month it is that month's days, in its last the whole quarter's, under this label still.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="EarliestYear"/> to <see cref="LatestYear"/>.</exception>
    public static ReportingPeriod QuarterToDate(DateOnly month)
    {
        var last = new DateOnly(InRange(month.Year), month.Month, 1);
        var start = new DateOnly(last.Year, ((last.Month - 1) / 3 * 3) + 1, 1);
        return new ReportingPeriod(last.ToString("'qtd:'yyyy-MM", CultureInfo.InvariantCulture), start, last.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// Reads a period in one of its six forms. Anything else — other characters, a month 13, a year outside
    /// <see cref="EarliestYear"/> to <see cref="LatestYear"/> — is a <see cref="FormatException"/> whose message says
    /// what was expected (never repeating the text, which may hold anything).
    /// </summary>
    public static ReportingPeriod Parse(string text)
    {
        var value = text.Trim();
        var month = MonthPattern().Match(value);
        if (month.Success)
        {
            return Month(YearNumber(month.Groups[1].Value), MonthNumber(month.Groups[2].Value));
        }

        var quarter = QuarterPattern().Match(value);
        if (quarter.Success)
        {
            return Quarter(YearNumber(quarter.Groups[1].Value), int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        if (YearPattern().IsMatch(value))
        {
            return Year(YearNumber(value));
        }

        var trailing = TrailingPattern().Match(value);
        if (trailing.Success)
        {
            var last = new DateOnly(YearNumber(trailing.Groups[1].Value), MonthNumber(trailing.Groups[2].Value), 1);
            return last.AddMonths(-11).Year < EarliestYear ? throw OutOfRange() : TrailingYear(last);
        }

        var rolling = RollingPattern().Match(value);
        if (rolling.Success)
        {
            var last = new DateOnly(YearNumber(rolling.Groups[1].Value), MonthNumber(rolling.Groups[2].Value), 1);
            return last.AddMonths(-2).Year < EarliestYear ? throw OutOfRange() : RollingThreeMonths(last);
        }

        var toDate = QuarterToDatePattern().Match(value);
        if (toDate.Success)
        {
            return QuarterToDate(new DateOnly(YearNumber(toDate.Groups[1].Value), MonthNumber(toDate.Groups[2].Value), 1));
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

    private static int YearNumber(string text)
    {
        var year = int.Parse(text, CultureInfo.InvariantCulture);
        return year is >= EarliestYear and <= LatestYear ? year : throw OutOfRange();
    }

    private static int InRange(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, EarliestYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LatestYear);
        return year;
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

    [GeneratedRegex(@"^3[mM]:([0-9]{4})-([0-9]{2})\z")]
    private static partial Regex RollingPattern();

    [GeneratedRegex(@"^[qQ][tT][dD]:([0-9]{4})-([0-9]{2})\z")]
    private static partial Regex QuarterToDatePattern();
}
