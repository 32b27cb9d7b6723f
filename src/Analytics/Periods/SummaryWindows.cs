namespace Outcomes.Analytics.Periods;

/// <summary>
/// The windows the monthly workbook's Summary shows a month's figures in, side by side: the month itself, the rolling
/// three months and the quarter to date ending with it, the trailing twelve months, and the same month a year before
/// (for the change). A small program's month rests on few patients; the longer windows carry more. Each is a stored
/// analysis run of its own period: the nightly refresh stores them and the workbook reads them, so both take the list
/// from here. A window with the same days as an earlier one is that period (the quarter to date of a quarter's first
/// month is the month, of its last month the rolling three months), so no run is computed twice. A window that would
/// begin before <see cref="ReportingPeriod.EarliestYear"/> is null: nothing can have been loaded for it.
/// </summary>
public sealed record SummaryWindows(
    ReportingPeriod Month,
    ReportingPeriod? RollingThreeMonths,
    ReportingPeriod QuarterToDate,
    ReportingPeriod? TwelveMonths,
    ReportingPeriod? SameMonthLastYear)
{
    /// <summary>The windows of <paramref name="month"/>, a calendar month.</summary>
    /// <exception cref="ArgumentException">The period is not one calendar month.</exception>
    public static SummaryWindows Of(ReportingPeriod month)
    {
        if (!month.IsMonth)
        {
            throw new ArgumentException("The Summary's windows are those of a calendar month.", nameof(month));
        }

        var start = month.Start;
        var rolling = start.AddMonths(-2).Year >= ReportingPeriod.EarliestYear ? ReportingPeriod.RollingThreeMonths(start) : null;
        var twelve = start.AddMonths(-11).Year >= ReportingPeriod.EarliestYear ? ReportingPeriod.TrailingYear(start) : null;
        var lastYear = start.Year - 1 >= ReportingPeriod.EarliestYear ? ReportingPeriod.Month(start.Year - 1, start.Month) : null;
        var toDate = ReportingPeriod.QuarterToDate(start);
        var sameDays = new[] { month, rolling }.OfType<ReportingPeriod>().FirstOrDefault(p => p.Start == toDate.Start && p.End == toDate.End);
        return new SummaryWindows(month, rolling, sameDays ?? toDate, twelve, lastYear);
    }

    /// <summary>Every period whose run the Summary reads, each once, the month first.</summary>
    public IReadOnlyList<ReportingPeriod> Periods =>
        [.. new[] { Month, RollingThreeMonths, QuarterToDate, TwelveMonths, SameMonthLastYear }.OfType<ReportingPeriod>().Distinct()];
}
