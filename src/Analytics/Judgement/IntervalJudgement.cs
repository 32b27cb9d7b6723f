namespace Outcomes.Analytics.Judgement;

/// <summary>
/// Judges a figure against a target from its confidence interval: met only when the whole interval is on the good side,
/// not met only when the whole interval is on the wrong side, otherwise cannot tell. A verdict from the point estimate
/// calls a facility whose true dropout is 33% against "at most 35%" not met in about a quarter of months at n = 200;
/// from the interval such a month reads "cannot tell". An interval that touches the target counts as meeting an
/// "at least"/"at most" target (the target itself satisfies it) but not as missing it.
/// </summary>
public static class IntervalJudgement
{
    /// <param name="interval">The figure's interval (NaN bounds: no figure, so cannot tell).</param>
    /// <param name="target">The target value, on the figure's scale.</param>
    /// <param name="atLeast">True when the figure should be at least the target, false when at most.</param>
    public static IntervalVerdict Judge(Interval interval, double target, bool atLeast)
    {
        if (double.IsNaN(interval.Lower) || double.IsNaN(interval.Upper) || double.IsNaN(target))
        {
            return IntervalVerdict.CannotTell;
        }

        if (atLeast)
        {
            return interval.Lower >= target ? IntervalVerdict.Met
                : interval.Upper < target ? IntervalVerdict.NotMet
                : IntervalVerdict.CannotTell;
        }

        return interval.Upper <= target ? IntervalVerdict.Met
            : interval.Lower > target ? IntervalVerdict.NotMet
            : IntervalVerdict.CannotTell;
    }
}
