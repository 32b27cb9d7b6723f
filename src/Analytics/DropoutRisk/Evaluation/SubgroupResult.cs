namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// A model's performance in one group of the test rows (a level of care, a facility, a sex, an age band, a race,
/// an ethnicity): discrimination with a bootstrap interval, and calibration in the large — the mean predicted risk
/// against the observed rate with its Wilson interval. <see cref="TooSmall"/> when the group has fewer than
/// <see cref="SubgroupEvaluation.MinimumEachOutcome"/> rows with either outcome: too few to judge, so no AUROC.
/// </summary>
public sealed record SubgroupResult(
    string Attribute, string Group, int Rows, int Events, bool TooSmall, double? Auroc, Interval? AurocInterval,
    double MeanPredicted, double Observed, Interval ObservedInterval)
{
    /// <summary>The mean predicted risk lies outside the observed rate's interval: over- or under-predicts in this group.</summary>
    public bool Miscalibrated => !TooSmall && (MeanPredicted < ObservedInterval.Lower || MeanPredicted > ObservedInterval.Upper);
}
