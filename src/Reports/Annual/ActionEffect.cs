using System.Globalization;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Targets;
using Outcomes.Analytics.TimeSeries;

namespace Outcomes.Reports.Annual;

/// <summary>
/// What an action plan changed, by an interrupted time series of the stored monthly figure (segmented regression,
/// <see cref="SegmentedRegression"/>, plain OLS intervals, every month weighted alike): up to <see cref="MostMonths"/>
/// months before and after, stated as the change in level at the first month after and the change in slope, each with
/// its 95% interval, in words. Left out of the fit: the month of the decision (the action was only starting) and the
/// months of the period the target was missed in (<see cref="ActionPlan.PeriodLabel"/>): they were picked for being
/// bad, so they would tilt the trend before and an ordinary return to the usual level would pass for an effect
/// (regression to the mean; Barnett, van der Pols and Dobson 2005). The months before therefore end with the month before
/// the missed period (or before the decision month, when the missed period does not come before it). Not yet
/// assessable with fewer than <see cref="FewestMonths"/> months with a figure shown on either side.
/// </summary>
internal static class ActionEffect
{
    /// <summary>
    /// Months with a figure each side needs. Below six the four coefficients rest on fewer than twelve points; with six a
    /// side a level change of 10 points in a rate of 100 patients a month is found in about a third of series, with
    /// twelve in three quarters (simulated): the interval says how little six months can tell.
    /// </summary>
    public const int FewestMonths = 6;

    /// <summary>Months read on each side at most: a year, so that a season shows in the trend and not as an effect.</summary>
    public const int MostMonths = 12;

    /// <summary>The months an effect reads: before, left out (the missed period and the decision month) and after.</summary>
    public sealed record Window(IReadOnlyList<ReportingPeriod> Before, IReadOnlyList<ReportingPeriod> LeftOut, IReadOnlyList<ReportingPeriod> After)
    {
        public IEnumerable<ReportingPeriod> Read => Before.Concat(After);
    }

    /// <summary>
    /// The months of a plan decided on <paramref name="plan"/>'s day: the <see cref="MostMonths"/> months before the first
    /// month left out, and the months after the decision month that have ended by <paramref name="through"/>, at most
    /// <see cref="MostMonths"/>.
    /// </summary>
    public static Window MonthsOf(ActionPlan plan, DateOnly through)
    {
        var decision = ReportingPeriod.MonthOf(plan.DecidedOn);
        var firstLeftOut = decision.Start;
        if (Missed(plan.PeriodLabel) is { } missed && missed.Start < decision.Start)
        {
            firstLeftOut = new DateOnly(missed.Start.Year, missed.Start.Month, 1);
        }

        var before = Enumerable.Range(1, MostMonths).Select(k => ReportingPeriod.MonthOf(firstLeftOut.AddMonths(-k))).Reverse().ToList();
        var leftOut = new List<ReportingPeriod>();
        for (var m = firstLeftOut; m <= decision.Start; m = m.AddMonths(1))
        {
            leftOut.Add(ReportingPeriod.MonthOf(m));
        }

        var after = Enumerable.Range(1, MostMonths).Select(k => ReportingPeriod.MonthOf(decision.Start.AddMonths(k))).Where(m => m.End <= through).ToList();
        return new Window(before, leftOut, after);
    }

    /// <summary>Before enough months after the decision month have ended, the months before are not read at all.</summary>
    public static string TooFewMonthsAfter(int ended) => string.Create(CultureInfo.InvariantCulture,
        $"not yet assessable: too few months yet ({ended} ended after the month of the decision; needs at least {FewestMonths} before and {FewestMonths} after)");

    public static string TooFewMonths(int before, int after) => string.Create(CultureInfo.InvariantCulture,
        $"not yet assessable: too few months ({before} before and {after} after with a figure shown; needs at least {FewestMonths} before and {FewestMonths} after)");

    /// <summary>
    /// The effect in words from the shown monthly figures of the window's months (null where a month has none or hides it).
    /// </summary>
    public static string Describe(string metric, Window window, IReadOnlyList<double?> before, IReadOnlyList<double?> after)
    {
        var shownBefore = before.Count(v => v is not null);
        var shownAfter = after.Count(v => v is not null);
        if (shownBefore < FewestMonths || shownAfter < FewestMonths)
        {
            return TooFewMonths(shownBefore, shownAfter);
        }

        var fit = Fit(window, before, after);
        var share = TargetMetrics.IsShare(metric);
        var unit = share ? "points" : "days";
        var scale = share ? 100 : 1;
        // The months left out are said once, in the sheet's note: the sentence stays short enough to wrap in three lines.
        var shownMonths = $"{Span(window.Before, before)} ({shownBefore} months) against {Span(window.After, after)} ({shownAfter})";
        return $"{Change("level", fit.LevelChange, scale, unit, "")}; {Change("slope", fit.SlopeChange, scale, unit, " a month")}; {shownMonths}";
    }

    /// <summary>
    /// The segmented regression of the shown months. Month numbers count every calendar month from the first month before,
    /// so the months left out keep their place in time.
    /// </summary>
    public static SegmentedRegression Fit(Window window, IReadOnlyList<double?> before, IReadOnlyList<double?> after)
    {
        var first = window.Before[0].Start;
        int Number(ReportingPeriod month) => ((month.Start.Year - first.Year) * 12) + month.Start.Month - first.Month + 1;
        var months = window.Before.Select((m, i) => (Month: m, Value: before[i])).Concat(window.After.Select((m, i) => (Month: m, Value: after[i])))
            .Where(x => x.Value is not null).Select(x => (Number(x.Month), x.Value!.Value)).ToList();
        return SegmentedRegression.FitOrdinary(months, Number(window.After[0]));
    }

    private static string Change(string what, RegressionCoefficient c, double scale, string unit, string per)
    {
        string N(double v) => (v * scale).ToString("0.0", CultureInfo.InvariantCulture).Replace('-', '−');
        var interval = $"95% CI {N(c.Interval.Lower)} to {N(c.Interval.Upper)}";
        if (c.Interval.Lower > 0 || c.Interval.Upper < 0)
        {
            var moved = c.Estimate > 0 ? "rose" : "fell";
            return $"{what} {moved} {N(Math.Abs(c.Estimate))} {unit}{per} ({interval}) after the plan";
        }

        var signed = (c.Estimate >= 0 ? "+" : "") + N(c.Estimate);
        return $"no clear change in {what} ({signed} {unit}{per}, {interval})";
    }

    private static string Span(IReadOnlyList<ReportingPeriod> months, IReadOnlyList<double?> values)
    {
        List<ReportingPeriod> shown = [.. months.Where((_, i) => values[i] is not null)];
        return shown.Count == 1 ? shown[0].Label : $"{shown[0].Label} to {shown[^1].Label}";
    }

    private static ReportingPeriod? Missed(string label)
    {
        try
        {
            return ReportingPeriod.Parse(label);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
