using Outcomes.Analytics;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// A target figure's change from the prior year to the year reviewed: the difference of the two published estimates
/// (points for a share, days for days) and, when both are proportions of counted patients (a numerator over a
/// denominator, not a Kaplan–Meier share), Newcombe's hybrid score interval of the difference (method 10), the two years
/// taken as independent groups of patients. Shown only when both estimates are published, so it tells nothing a table
/// keeps back.
/// </summary>
internal sealed record YearChange(double Difference, Interval? Interval, bool IsShare)
{
    public static YearChange? Between(string metric, TableRow? year, Figure? yearFigure, TableRow? prior, Figure? priorFigure)
    {
        if (year?.Cells[5].Number is not { } now || prior?.Cells[5].Number is not { } before)
        {
            return null;
        }

        var share = TargetMetrics.IsShare(metric);
        Interval? interval = null;
        if (share && Counted(yearFigure) is { } a && Counted(priorFigure) is { } b)
        {
            interval = NewcombeDifference.For(a, b).Interval;
        }

        return new YearChange(now - before, interval, share);
    }

    /// <summary>The difference as a cell: points for a share, days otherwise.</summary>
    public TableCell Cell => TableCell.Of(Difference, IsShare ? ColumnKind.PercentDifference : ColumnKind.Number);

    /// <summary>The interval in the same unit, "−2.1 to +8.4 pts", or why there is none.</summary>
    public string IntervalText => Interval is { } i
        ? $"{Points(i.Lower)} to {Points(i.Upper)} pts"
        : IsShare ? "no interval: a Kaplan–Meier share" : "no interval: days";

    private static string Points(double share) =>
        (share * 100).ToString("+0.0;−0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The figure as a proportion of counted patients, or null when its estimate is not numerator over denominator.</summary>
    private static Proportion? Counted(Figure? figure) =>
        figure is { Numerator: { } k, Denominator: { } n, Estimate: { } p } && n > 0 && Math.Abs(p - ((double)k / n)) < 1e-9
            ? new Proportion((long)k, (long)n)
            : null;
}
