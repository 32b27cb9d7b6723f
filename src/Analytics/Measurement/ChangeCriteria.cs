namespace Outcomes.Analytics.Measurement;

/// <summary>
/// What classifying a patient's change on one instrument needs: its direction, the intake standard deviation and
/// test–retest reliability of the reliable change index, and the cut-off between the clinical and functional ranges
/// (<see cref="ClinicalCutoff"/>). A score on the cut-off counts as functional: a published cut-off such as PHQ-9 "10 or
/// more" is the first clinical score, so pass <c>9.5</c> for it; Jacobson and Truax's c is rarely a whole number. A null
/// cut-off (a program's own instrument declared without one) gives reliable change but never clinically significant
/// change: nobody is classed recovered.
/// </summary>
public sealed record ChangeCriteria(ScoreDirection Direction, double IntakeStandardDeviation, double Reliability, double? Cutoff)
{
    /// <summary>Whether a score lies in the clinical (dysfunctional) range; null without a cut-off.</summary>
    public bool? IsClinical(double score) => Cutoff is not { } cut ? null
        : Direction == ScoreDirection.HigherIsWorse ? score > cut : score < cut;

    /// <summary>Whether clinically significant change can be judged: a cut-off is known.</summary>
    public bool HasCutoff => Cutoff is not null;

    /// <summary>The reliable change index oriented so that positive is improvement.</summary>
    public double ImprovementIndex(double intake, double latest)
    {
        var index = ReliableChange.Index(intake, latest, IntakeStandardDeviation, Reliability);
        return Direction == ScoreDirection.HigherIsWorse ? -index : index;
    }
}
