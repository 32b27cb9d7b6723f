namespace Outcomes.Analytics.Adjustment;

/// <summary>A covariate's standardised mean difference between the groups before and after weighting.</summary>
public sealed record CovariateBalance(string Covariate, double Before, double After);
