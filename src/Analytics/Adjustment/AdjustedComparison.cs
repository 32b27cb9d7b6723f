namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// A difference in an outcome rate between two levels of care, crude and adjusted for case mix by inverse
/// probability weighting, with the balance it achieved and whether the groups overlap enough to compare;
/// <see cref="TruncatedShare"/> is the share of episodes whose weight was truncated, <see cref="LargestWeight"/> the
/// largest weight after truncation; <see cref="AdjustedStandardError"/> the sandwich standard error of the adjusted
/// difference (null when not comparable), and <see cref="AdjustedPValue"/> its two-sided Wald p-value.
/// </summary>
public sealed record AdjustedComparison(
    double CrudeDifference,
    Interval CrudeInterval,
    double? AdjustedDifference,
    Interval? AdjustedInterval,
    double AdjustedRateFirst,
    double AdjustedRateSecond,
    double EffectiveSizeFirst,
    double EffectiveSizeSecond,
    IReadOnlyList<CovariateBalance> Balance,
    bool Comparable,
    string? NotComparableReason,
    double TruncatedShare,
    double LargestWeight,
    double? AdjustedStandardError = null)
{
    /// <summary>The two-sided Wald p-value of the adjusted difference, 2(1 − Φ(|d| / SE)); null when there is none.</summary>
    public double? AdjustedPValue => AdjustedDifference is { } d && AdjustedStandardError is { } se && se > 0
        ? 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(d) / se)
        : null;
}
