using Outcomes.Analytics;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// A target figure's change from the prior year to the year reviewed: the difference of the two published estimates
/// (points for a share, days for days) and its 95% interval by Newcombe's hybrid method (method 10) applied to each
/// year's own stored 95% interval — the method of variance estimates recovery (Zou &amp; Donner 2008), which for two
/// proportions of counted patients with Wilson intervals is exactly Newcombe's interval, and which carries over the
/// cluster-robust interval of a share of weeks or the Kaplan–Meier interval of a retention share instead of treating
/// their units as independent. The two years are taken as independent. Shown only when both estimates are published,
/// so it tells nothing a table keeps back; without a stored interval for both, the difference stands alone.
/// </summary>
internal sealed record YearChange(double Difference, Interval? Interval, bool IsShare, string Unit = "days")
{
    public static YearChange? Between(string metric, TableRow? year, Figure? yearFigure, TableRow? prior, Figure? priorFigure) =>
        Between(year, yearFigure, prior, priorFigure, TargetMetrics.IsShare(metric), "days");

    /// <summary>The change of a figure no target is set for: a share (<paramref name="isShare"/>) in points, else in <paramref name="unit"/> ("days", "points").</summary>
    public static YearChange? Between(TableRow? year, Figure? yearFigure, TableRow? prior, Figure? priorFigure, bool isShare, string unit)
    {
        if (year?.Cells[5].Number is not { } now || prior?.Cells[5].Number is not { } before)
        {
            return null;
        }

        Interval? interval = null;
        if (yearFigure is { LowerBound: { } l1, UpperBound: { } u1 } && priorFigure is { LowerBound: { } l2, UpperBound: { } u2 })
        {
            interval = NewcombeDifference.For(now, new Interval(l1, u1), before, new Interval(l2, u2)).Interval;
        }

        return new YearChange(now - before, interval, isShare, unit);
    }

    /// <summary>The difference as a cell: percentage points for a share, the figure's own unit otherwise.</summary>
    public TableCell Cell => TableCell.Of(Difference, IsShare ? ColumnKind.PercentDifference : ColumnKind.Number);

    /// <summary>
    /// The interval in the same unit, "−2.1 to +8.4 pts" (or days, or an instrument's points), or why there is none. A minus sign, not a hyphen: a
    /// cell of text starting with "-" would be taken for a formula and written with a guarding apostrophe.
    /// </summary>
    public string IntervalText => Interval is { } i
        ? IsShare ? $"{Signed(i.Lower * 100)} to {Signed(i.Upper * 100)} pts" : $"{Signed(i.Lower)} to {Signed(i.Upper)} {Unit}"
        : "no interval stored";

    private static string Signed(double value) => value.ToString("+0.0;−0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);
}
