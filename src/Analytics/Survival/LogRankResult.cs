namespace Outcomes.Analytics.Survival;

/// <summary>The log-rank comparison of two curves: observed and expected events per group, chi-square (1 df), p.</summary>
public sealed record LogRankResult(
    double ObservedFirst,
    double ExpectedFirst,
    double ObservedSecond,
    double ExpectedSecond,
    double ChiSquare,
    double PValue);
