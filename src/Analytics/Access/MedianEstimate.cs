namespace Outcomes.Analytics.Access;

/// <summary>
/// A median with its distribution-free interval (<see cref="MedianInterval"/>): the bounds are order statistics, null
/// when the values are too few for the level (fewer than 6 at 95%); <see cref="Coverage"/> is the interval's exact
/// coverage, at least the level asked for.
/// </summary>
public sealed record MedianEstimate(int N, double? Median, double? Lower, double? Upper, double Coverage);
