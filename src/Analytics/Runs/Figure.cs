namespace Outcomes.Analytics.Runs;

/// <summary>
/// One stored number of an analysis run: a metric for a population, with its counts, estimate and interval.
/// <see cref="FacilityId"/> and <see cref="LevelOfCare"/> are "*" for all; <see cref="LevelOfCare"/> is
/// "iop-php" for a difference between the two.
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
    string? Note)
{
    public const string All = "*";
    public const string IopMinusPhp = "iop-php";
}
