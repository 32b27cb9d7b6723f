namespace Outcomes.Analytics.Measurement;

/// <summary>
/// Jacobson &amp; Truax's (1991) three cut-off points between the dysfunctional (clinical, subscript 1) and functional
/// (general population, subscript 0) ranges of a score. (a) two standard deviations beyond the clinical mean in the
/// direction of health; (b) two standard deviations of the functional population beyond its mean, towards the clinical
/// side; (c) the point equally likely to belong to either distribution, <c>c = (s₀·M₁ + s₁·M₀) / (s₀ + s₁)</c>, which they
/// recommend when norms for both exist and the distributions overlap. Where no norms exist, an instrument's published
/// cut-off (PHQ-9 10, GAD-7 10: Kroenke 2001, Spitzer 2006) stands in.
/// </summary>
public static class ClinicalCutoff
{
    public static double CriterionA(double clinicalMean, double clinicalStandardDeviation, ScoreDirection direction) =>
        direction == ScoreDirection.HigherIsWorse
            ? clinicalMean - (2 * clinicalStandardDeviation)
            : clinicalMean + (2 * clinicalStandardDeviation);

    public static double CriterionB(double functionalMean, double functionalStandardDeviation, ScoreDirection direction) =>
        direction == ScoreDirection.HigherIsWorse
            ? functionalMean + (2 * functionalStandardDeviation)
            : functionalMean - (2 * functionalStandardDeviation);

    /// <summary>(s₀·M₁ + s₁·M₀) / (s₀ + s₁): the same whichever way the score points.</summary>
    public static double CriterionC(double functionalMean, double functionalStandardDeviation, double clinicalMean, double clinicalStandardDeviation) =>
        ((functionalStandardDeviation * clinicalMean) + (clinicalStandardDeviation * functionalMean))
        / (functionalStandardDeviation + clinicalStandardDeviation);
}
