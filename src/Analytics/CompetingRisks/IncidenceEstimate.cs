namespace Outcomes.Analytics.CompetingRisks;

/// <summary>
/// The cumulative incidence of one cause at one time, or the reason it is not estimable there. The number at risk
/// is always given, so a reader sees how many patients stand behind a share.
/// </summary>
public sealed record IncidenceEstimate(
    double Time,
    int AtRisk,
    double? Incidence,
    double? StandardError,
    Interval? Interval,
    string? NotEstimableReason)
{
    public bool IsEstimable => NotEstimableReason is null;
}
