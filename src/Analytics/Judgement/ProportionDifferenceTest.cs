using MathNet.Numerics.Distributions;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Judgement;

/// <summary>
/// A direct test of the difference of two independent proportions (e.g. IOP minus PHP dropout), instead of reading
/// whether two intervals overlap (overlapping 95% intervals are compatible with a clear difference). The interval is
/// Newcombe's hybrid score interval (<see cref="NewcombeDifference"/>); the p-value is the two-sided score test with
/// the pooled proportion, z = (p1 − p2) / √(p(1 − p)(1/n1 + 1/n2)), which is Pearson's χ² on the 2×2 table without
/// continuity correction (R prop.test with correct = FALSE). Both are score methods, so they nearly always agree on
/// whether 0 is excluded, but not exactly at the boundary.
/// </summary>
public static class ProportionDifferenceTest
{
    public static (double Estimate, Interval Interval, double PValue) Compare(Proportion first, Proportion second, double level = ConfidenceLevel.Default)
    {
        var (estimate, interval) = NewcombeDifference.For(first, second, level);
        if (double.IsNaN(estimate))
        {
            return (estimate, interval, double.NaN);
        }

        var pooled = (double)(first.Numerator + second.Numerator) / (first.Denominator + second.Denominator);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / first.Denominator) + (1.0 / second.Denominator)));
        var p = se > 0 ? 2 * (1 - Normal.CDF(0, 1, Math.Abs(estimate) / se)) : 1;
        return (estimate, interval, p);
    }
}
