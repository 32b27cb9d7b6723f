using System.Globalization;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// What an action plan changed, stated plainly: the figure in the whole quarter before the quarter the action was
/// decided in against the whole quarter after it (the quarter of the decision itself is left out: the action was only
/// starting), each with its verdict, the change, and whether the two 95% intervals overlap (then chance alone could
/// explain the change). Not assessable when either quarter's figure is; not yet known when the quarter after has no
/// data yet.
/// </summary>
internal static class ActionEffect
{
    /// <summary>The quarters compared for an action decided on <paramref name="decidedOn"/>.</summary>
    public static (ReportingPeriod Before, ReportingPeriod After) Quarters(DateOnly decidedOn)
    {
        var start = new DateOnly(decidedOn.Year, (((decidedOn.Month - 1) / 3) * 3) + 1, 1);
        return (Quarter(start.AddMonths(-3)), Quarter(start.AddMonths(3)));
    }

    public static ReportingPeriod Quarter(DateOnly start) =>
        ReportingPeriod.Quarter(start.Year, ((start.Month - 1) / 3) + 1);

    public static string NotYetKnown(ReportingPeriod after) =>
        $"not yet known: {after.Label}, the first whole quarter after the decision, has no data yet";

    public sealed record Side(ReportingPeriod Period, TableRow? Row, TargetVerdict Verdict, string Reason);

    public static string Describe(OutcomeTarget target, DateOnly decidedOn, Side before, Side after)
    {
        if (before.Verdict == TargetVerdict.NotAssessable || after.Verdict == TargetVerdict.NotAssessable)
        {
            var which = before.Verdict == TargetVerdict.NotAssessable ? before : after;
            return $"not assessable: {which.Period.Label} {which.Reason}";
        }

        var from = before.Row!.Cells[5].Number!.Value;
        var to = after.Row!.Cells[5].Number!.Value;
        var share = TargetMetrics.IsShare(target.Metric);
        var change = share ? Math.Round((to - from) * 100, 1) : Math.Round(to - from, 1);
        var unit = share ? "points" : "days";
        var direction = change switch
        {
            > 0 => string.Create(CultureInfo.InvariantCulture, $"up {change:0.0} {unit}"),
            < 0 => string.Create(CultureInfo.InvariantCulture, $"down {-change:0.0} {unit}"),
            _ => "no change",
        };
        var chance = Overlap(before.Row, after.Row) switch
        {
            true => "; the two 95% intervals overlap, so chance alone could explain the change",
            false => "; the two 95% intervals do not overlap",
            null => "",
        };
        return $"{before.Period.Label} (before the decision of {decidedOn:yyyy-MM-dd}): {TargetMetrics.Format(target.Metric, from)}, {FigureJudgement.Words(before.Verdict)}; "
            + $"{after.Period.Label} (after): {TargetMetrics.Format(target.Metric, to)}, {FigureJudgement.Words(after.Verdict)}; {direction}{chance}";
    }

    private static bool? Overlap(TableRow before, TableRow after) =>
        before.Cells[6].Number is { } lowBefore && before.Cells[7].Number is { } highBefore && after.Cells[6].Number is { } lowAfter && after.Cells[7].Number is { } highAfter
            ? lowBefore <= highAfter && lowAfter <= highBefore
            : null;
}
