namespace Outcomes.Analytics.Runs;

/// <summary>
/// One stored number of an analysis run: a metric for a population, with its counts, estimate and interval.
/// <see cref="FacilityId"/> and <see cref="LevelOfCare"/> are "*" for all; <see cref="LevelOfCare"/> is
/// "iop-php" for a difference between the two. <see cref="PValue"/> is the two-sided p-value of the direct test of a
/// difference (null for every other figure, and for a difference with no test).
/// </summary>
public sealed record Figure(
    string Metric,
    string FacilityId,
    string LevelOfCare,
    int? ProgramKey,
    string Grouping,
    int N,
    double? Numerator,
    double? Denominator,
    double? Estimate,
    double? LowerBound,
    double? UpperBound,
    bool Suppressed,
    string? Note,
    double? PValue = null)
{
    public const string All = "*";
    public const string IopMinusPhp = "iop-php";
}
