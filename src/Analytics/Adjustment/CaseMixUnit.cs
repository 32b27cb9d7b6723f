namespace Outcomes.Analytics.Adjustment;

/// <summary>One episode for case-mix adjustment: its group, its outcome and its admission characteristics.</summary>
public sealed record CaseMixUnit(bool First, bool Outcome, double[] Covariates);
