using System.Globalization;
using Outcomes.Analytics.Periods;

namespace Outcomes.Reports.Tables;

/// <summary>
/// A reporting period in the words every output prints it in: "June 2026", "2026-Q2, April to June", "12 months, July
/// 2025 to June 2026", "3 months, April to June 2026", "2026-Q2 to date, April to May", "2026". A period the data do not yet cover to its end says how far they reach: "2026, January to
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
            PeriodKind.RollingThreeMonths => string.Create(English, $"3 months, {from} {period.Start.Year} to {through} {dataThrough.Year}"),
            PeriodKind.QuarterToDate => $"{QuarterLabel(period)} to date, {from} to {through}",
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
        PeriodKind.RollingThreeMonths => period.Start.Year == period.End.Year
            ? string.Create(English, $"3 months, {Month(period.Start)} to {Month(period.End)} {period.End.Year}")
            : string.Create(English, $"3 months, {Month(period.Start)} {period.Start.Year} to {Month(period.End)} {period.End.Year}"),
        PeriodKind.QuarterToDate => period.Start.Month == period.End.Month
            ? string.Create(English, $"{QuarterLabel(period)} to date, {Month(period.End)}")
            : $"{QuarterLabel(period)} to date, {Month(period.Start)} to {Month(period.End)}",
        _ => string.Create(English, $"{period.Start:d MMMM yyyy} to {period.End:d MMMM yyyy}"),
    };

    private static string Month(DateOnly day) => day.ToString("MMMM", English);

    /// <summary>The quarter a quarter to date lies in, as its label spells it ("2026-Q2").</summary>
    private static string QuarterLabel(ReportingPeriod period) =>
        string.Create(English, $"{period.Start.Year:0000}-Q{((period.Start.Month - 1) / 3) + 1}");

    private static bool IsMonthEnd(DateOnly day) => day.AddDays(1).Day == 1;

    private static PeriodKind Kind(ReportingPeriod period)
    {
        if (period.Label.StartsWith("12m:", StringComparison.Ordinal) && period.Start.Day == 1 && period.Start.AddMonths(12).AddDays(-1) == period.End)
        {
            return PeriodKind.TrailingYear;
        }

        if (period.Label.StartsWith("3m:", StringComparison.Ordinal) && period.Start.Day == 1 && period.Start.AddMonths(3).AddDays(-1) == period.End)
        {
            return PeriodKind.RollingThreeMonths;
        }

        if (period.Label.StartsWith("qtd:", StringComparison.Ordinal) && period.Start.Day == 1 && (period.Start.Month - 1) % 3 == 0
            && IsMonthEnd(period.End) && period.End.Month - period.Start.Month is >= 0 and < 3 && period.End.Year == period.Start.Year)
        {
            return PeriodKind.QuarterToDate;
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
        RollingThreeMonths,
        QuarterToDate,
        Other,
    }
}
