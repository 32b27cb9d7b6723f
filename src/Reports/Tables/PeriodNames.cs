using System.Globalization;
using Outcomes.Analytics.Periods;

namespace Outcomes.Reports.Tables;

/// <summary>
/// A reporting period in the words every output prints it in: "June 2026", "2026-Q2, April to June", "12 months, July
/// 2025 to June 2026", "2026". A period the data do not yet cover to its end says how far they reach: "2026, January to
/// June" (data through 30 June), "June 2026, 1 to 15 June". The one place a period is turned into words, so that the
/// workbook, the chart pack, the charts and the annual review never disagree about what a figure covers.
/// </summary>
internal static class PeriodNames
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static string Describe(ReportingPeriod period, DateOnly dataThrough)
    {
        if (dataThrough < period.Start)
        {
            return $"{Whole(period)}, no data yet";
        }

        if (dataThrough >= period.End)
        {
            return Whole(period);
        }

        var through = IsMonthEnd(dataThrough) ? Month(dataThrough) : $"{dataThrough.Day} {Month(dataThrough)}";
        var from = IsMonthEnd(dataThrough) ? Month(period.Start) : $"{period.Start.Day} {Month(period.Start)}";
        return Kind(period) switch
        {
            PeriodKind.Month => string.Create(English, $"{Month(period.Start)} {period.Start.Year}, {period.Start.Day} to {dataThrough.Day} {Month(dataThrough)}"),
            PeriodKind.Year or PeriodKind.Quarter => $"{Whole(period).Split(',')[0]}, {from} to {through}",
            PeriodKind.TrailingYear => string.Create(English, $"12 months, {from} {period.Start.Year} to {through} {dataThrough.Year}"),
            _ => string.Create(English, $"{period.Start:d MMMM yyyy} to {dataThrough:d MMMM yyyy} (the period runs to {period.End:d MMMM yyyy})"),
        };
    }

    /// <summary>The period as a whole, whatever the data cover.</summary>
    public static string Whole(ReportingPeriod period) => Kind(period) switch
    {
        PeriodKind.Year => period.Label,
        PeriodKind.Month => string.Create(English, $"{Month(period.Start)} {period.Start.Year}"),
        PeriodKind.Quarter => $"{period.Label}, {Month(period.Start)} to {Month(period.End)}",
        PeriodKind.TrailingYear => string.Create(English, $"12 months, {Month(period.Start)} {period.Start.Year} to {Month(period.End)} {period.End.Year}"),
        _ => string.Create(English, $"{period.Start:d MMMM yyyy} to {period.End:d MMMM yyyy}"),
    };

    private static string Month(DateOnly day) => day.ToString("MMMM", English);

    private static bool IsMonthEnd(DateOnly day) => day.AddDays(1).Day == 1;

    private static PeriodKind Kind(ReportingPeriod period)
    {
        if (period.Label.StartsWith("12m:", StringComparison.Ordinal) && period.Start.Day == 1 && period.Start.AddMonths(12).AddDays(-1) == period.End)
        {
            return PeriodKind.TrailingYear;
        }

        if (period.Start.Day != 1 || !IsMonthEnd(period.End))
        {
            return PeriodKind.Other;
        }

        var months = ((period.End.Year - period.Start.Year) * 12) + period.End.Month - period.Start.Month + 1;
        return months switch
        {
            1 => PeriodKind.Month,
            3 when period.Label.Contains("-Q", StringComparison.Ordinal) => PeriodKind.Quarter,
            12 when period.Start.Month == 1 && period.Label.Length == 4 => PeriodKind.Year,
            _ => PeriodKind.Other,
        };
    }

    private enum PeriodKind
    {
        Month,
        Quarter,
        Year,
        TrailingYear,
        Other,
    }
}
