using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// The stored runs of a month's <see cref="SummaryWindows"/>, which the Summary sheet shows side by side: the month, the
/// rolling three months, the quarter to date, the trailing twelve months and the same month a year before. A window
/// with the same days as another is the same run; one that would begin before 1990 is null.
/// </summary>
internal sealed record WindowRuns(
    StoredRun Month,
    StoredRun? RollingThreeMonths,
    StoredRun QuarterToDate,
    StoredRun? TwelveMonths,
    StoredRun? SameMonthLastYear);
