namespace Outcomes.Analytics.Periods;

/// <summary>
/// The months a period's trend is drawn over: the twelve months ending with a month, or a longer period's own months.
/// The nightly refresh stores a run for each of them and the reports read those runs, so both take the list from here.
/// </summary>
public static class TrendPeriods
{
    public const int Months = 12;

    /// <summary>
    /// A month's trend is the twelve months ending with it; a longer period's is its own months. Months that
    /// start after the data-through date are left out: there is nothing to count yet.
    /// </summary>
    public static IReadOnlyList<ReportingPeriod> Of(ReportingPeriod period, DateOnly through)
    {
        var last = new DateOnly(period.End.Year, period.End.Month, 1);
        var isMonth = period.IsMonth;
        var first = isMonth ? last.AddMonths(-(Months - 1)) : new DateOnly(period.Start.Year, period.Start.Month, 1);
        var months = new List<ReportingPeriod>();
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            if (m <= through)
            {
                months.Add(ReportingPeriod.MonthOf(m));
            }
        }

        return months;
    }
}
