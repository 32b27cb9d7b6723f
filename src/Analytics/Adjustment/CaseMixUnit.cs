namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// Episodes for case-mix adjustment that share a group, an outcome and admission characteristics: one episode, or
/// <paramref name="Count"/> alike (the period analysis reads its episodes counted by pattern, a tenth of the rows).
/// </summary>
public sealed record CaseMixUnit(bool First, bool Outcome, double[] Covariates, int Count = 1);
