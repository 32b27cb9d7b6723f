using System.Globalization;
using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// Jacobson &amp; Truax's (1991) three cut-off points between the dysfunctional (clinical, subscript 1) and functional
/// (general population, subscript 0) ranges of a score, from the published norms of both samples
/// (<see cref="PopulationNorms"/>). (a) two standard deviations beyond the clinical mean in the direction of health;
/// (b) two standard deviations of the functional population beyond its mean, towards the clinical side; (c) the point
/// equally likely to belong to either distribution, <c>c = (s₀·M₁ + s₁·M₀) / (s₀ + s₁)</c>, which they recommend when
/// norms for both exist and the distributions overlap. The analysis uses c for a program's own instrument declared with
/// norms (<see cref="InstrumentCriteria.For"/>); where no norms exist, an instrument's published cut-off (PHQ-9 10,
/// GAD-7 10: Kroenke 2001, Spitzer 2006) stands in. Each criterion refuses norms that cannot describe the two samples of
/// an instrument scored in <c>direction</c>: a standard deviation not positive, or the clinical mean not on the clinical
/// side of the functional mean (above it when higher is worse, below it when higher is better).
/// </summary>
public static class ClinicalCutoff
{
    /// <summary>What a cut-off computed as criterion c is called where it is shown beside its value.</summary>
    public const string CriterionCLabel = "Jacobson–Truax c from published norms";

    /// <summary>M₁ − 2·s₁ when higher is worse, M₁ + 2·s₁ when higher is better.</summary>
    public static double CriterionA(PopulationNorms norms, ScoreDirection direction)
    {
        Check(norms, direction);
        return direction == ScoreDirection.HigherIsWorse
            ? norms.ClinicalMean - (2 * norms.ClinicalStandardDeviation)
            : norms.ClinicalMean + (2 * norms.ClinicalStandardDeviation);
    }

    /// <summary>M₀ + 2·s₀ when higher is worse, M₀ − 2·s₀ when higher is better.</summary>
    public static double CriterionB(PopulationNorms norms, ScoreDirection direction)
    {
        Check(norms, direction);
        return direction == ScoreDirection.HigherIsWorse
            ? norms.FunctionalMean + (2 * norms.FunctionalStandardDeviation)
            : norms.FunctionalMean - (2 * norms.FunctionalStandardDeviation);
    }

    /// <summary>(s₀·M₁ + s₁·M₀) / (s₀ + s₁): the same formula whichever way the score points.</summary>
    public static double CriterionC(PopulationNorms norms, ScoreDirection direction)
    {
        Check(norms, direction);
        return ((norms.FunctionalStandardDeviation * norms.ClinicalMean) + (norms.ClinicalStandardDeviation * norms.FunctionalMean))
            / (norms.FunctionalStandardDeviation + norms.ClinicalStandardDeviation);
    }

    /// <summary>Criterion c as reports show it: "19.72 (Jacobson–Truax c from published norms)".</summary>
    public static string DescribeCriterionC(double c) => string.Create(CultureInfo.InvariantCulture, $"{c:0.00} ({CriterionCLabel})");

    private static void Check(PopulationNorms norms, ScoreDirection direction)
    {
        if (!norms.HasPositiveSpreads)
        {
            throw new ArgumentOutOfRangeException(nameof(norms),
                "the standard deviations of the clinical and the functional sample must be positive.");
        }

        var higherIsWorse = direction == ScoreDirection.HigherIsWorse;
        if (higherIsWorse ? !(norms.ClinicalMean > norms.FunctionalMean) : !(norms.ClinicalMean < norms.FunctionalMean))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the clinical mean ({norms.ClinicalMean}) must lie {(higherIsWorse ? "above" : "below")} the functional mean ({norms.FunctionalMean}) on an instrument where higher is {(higherIsWorse ? "worse" : "better")}."),
                nameof(norms));
        }
    }
}
