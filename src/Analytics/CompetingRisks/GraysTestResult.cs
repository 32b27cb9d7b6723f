namespace Outcomes.Analytics.CompetingRisks;

/// <summary>Gray's comparison of cumulative incidence curves: the chi-square on (groups − 1) degrees of freedom and its p.</summary>
public sealed record GraysTestResult(double ChiSquare, int DegreesOfFreedom, double PValue);
