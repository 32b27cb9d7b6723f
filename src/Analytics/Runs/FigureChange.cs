using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// The change of a stored figure between two independent periods (this month against the same month last year: other
/// patients, so the two are independent), later minus earlier, with its 95% interval and how that was built.
/// </summary>
public sealed record FigureChange(double Estimate, Interval? Interval, ChangeInterval Method)
{
    /// <summary>
    /// The change of a proportion with its counts on both sides: Newcombe's hybrid score interval (method 10). Null when
    /// either side has no count or no case.
    /// </summary>
    public static FigureChange? OfProportions(Figure later, Figure earlier)
    {
        if (Counts(later) is not { } now || Counts(earlier) is not { } before)
        {
            return null;
        }

        var (estimate, interval) = NewcombeDifference.For(now, before);
        return new FigureChange(estimate, interval, ChangeInterval.Newcombe);
    }

    /// <summary>
    /// The change of an estimate that is not a plain proportion (a Kaplan–Meier share, a rate), with the MOVER interval
    /// from each side's stored 95% interval; without an interval on both sides, the change alone. Null when either side
    /// has no estimate.
    /// </summary>
    public static FigureChange? OfEstimates(Figure later, Figure earlier)
    {
        if (later.Estimate is not { } p1 || earlier.Estimate is not { } p2 || !double.IsFinite(p1) || !double.IsFinite(p2))
        {
            return null;
        }

        if (later is not { LowerBound: { } l1, UpperBound: { } u1 } || earlier is not { LowerBound: { } l2, UpperBound: { } u2 })
        {
            return new FigureChange(p1 - p2, null, ChangeInterval.None);
        }

        // Newcombe's method 10 is this construction on Wilson limits; on any other pair of intervals it is MOVER.
        var (estimate, interval) = NewcombeDifference.For(p1, new Interval(l1, u1), p2, new Interval(l2, u2));
        return new FigureChange(estimate, interval, ChangeInterval.Mover);
    }

    private static Proportion? Counts(Figure figure) =>
        figure is { Numerator: { } events, Denominator: { } cases } && cases > 0 && events >= 0 && events <= cases
            ? new Proportion((long)Math.Round(events), (long)Math.Round(cases))
            : null;
}
