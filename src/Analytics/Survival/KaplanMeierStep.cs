namespace Outcomes.Analytics.Survival;

/// <summary>The curve at one event time: who was at risk, how many left, and the estimate after it.</summary>
public sealed record KaplanMeierStep(
    double Time,
    int AtRisk,
    int Events,
    int Censored,
    double Survival,
    double StandardError,
    Interval Interval);
