namespace Outcomes.Analytics.CompetingRisks;

/// <summary>
/// The cumulative incidence curve at one time at which anyone ended: who was at risk, how many ended by the cause
/// of interest and by any other cause, and the estimate just after it.
/// </summary>
public sealed record CumulativeIncidenceStep(
    double Time,
    int AtRisk,
    int Events,
    int OtherEvents,
    int Censored,
    double Incidence,
    double StandardError,
    Interval Interval);
