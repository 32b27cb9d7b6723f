namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// The published norms of an instrument's total in two samples: the mean and standard deviation of a clinical
/// (dysfunctional) sample and of a functional (non-clinical) one. From them Jacobson and Truax's (1991) criterion c places
/// the boundary between the clinical and the functional range where an instrument publishes no cut-off
/// (<c>Outcomes.Analytics.Measurement.ClinicalCutoff</c>).
/// </summary>
public sealed record PopulationNorms(double ClinicalMean, double ClinicalStandardDeviation, double FunctionalMean, double FunctionalStandardDeviation)
{
    /// <summary>
    /// Whether the clinical mean lies on the clinical side of the functional mean for an instrument scored in
    /// <paramref name="direction"/>: above it when higher is worse, below it when higher is better.
    /// </summary>
    public bool PointsTheWayOf(ScoreDirection direction) => direction == ScoreDirection.HigherIsWorse
        ? ClinicalMean > FunctionalMean
        : ClinicalMean < FunctionalMean;

    /// <summary>Both standard deviations positive (and finite).</summary>
    public bool HasPositiveSpreads => ClinicalStandardDeviation is > 0 and < double.PositiveInfinity
        && FunctionalStandardDeviation is > 0 and < double.PositiveInfinity;
}
