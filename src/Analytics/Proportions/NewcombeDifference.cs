namespace Outcomes.Analytics.Proportions;

/// <summary>
/// The difference of two independent proportions (e.g. IOP completion minus PHP completion) with Newcombe's
/// hybrid score interval (Newcombe 1998, Statistics in Medicine 17:873-890, method 10), built from the two
/// Wilson intervals. Good coverage where the Wald difference interval fails: small groups, rates near 0 or 1.
/// </summary>
public static class NewcombeDifference
{
    public static (double Estimate, Interval Interval) For(Proportion first, Proportion second, double level = ConfidenceLevel.Default)
    {
        if (first.Denominator <= 0 || second.Denominator <= 0)
        {
            return (double.NaN, new Interval(double.NaN, double.NaN));
        }

        return For(first.Estimate, first.Wilson(level), second.Estimate, second.Wilson(level));
    }

    /// <summary>The hybrid interval from two rates and their own score intervals (also for weighted rates).</summary>
    public static (double Estimate, Interval Interval) For(double p1, Interval first, double p2, Interval second)
    {
        var (l1, u1) = first;
        var (l2, u2) = second;
        var difference = p1 - p2;
        var lower = difference - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2)));
        var upper = difference + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2)));
        return (difference, new Interval(lower, upper));
    }
}
