namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// A difference in an outcome rate between two levels of care, crude and adjusted for case mix by inverse
/// probability weighting, with the balance it achieved and whether the groups overlap enough to compare;
/// <see cref="TruncatedShare"/> is the share of episodes whose weight was truncated, <see cref="LargestWeight"/> the
/// largest weight after truncation.
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
    double LargestWeight);
