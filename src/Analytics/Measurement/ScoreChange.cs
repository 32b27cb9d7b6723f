using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Means;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// Change from the intake score to the last score, in the instrument's raw points (last − intake: negative is
/// improvement on a higher-is-worse instrument). Per level of care the mean change with Student's t interval; IOP −
/// PHP crude (Welch) and adjusted for case mix the way the project adjusts its other outcomes — inverse probability
/// weighting on the admission characteristics (<see cref="InverseProbabilityWeighting.CompareMeans"/>) — with the intake
/// score added to them: how far a score can fall depends on where it starts (regression to the mean), and PHP admits
/// patients who start higher.
/// </summary>
public static class ScoreChange
{
    /// <summary>The name of the covariate the intake score adds to the case mix.</summary>
    public const string IntakeScoreCovariate = "intake score";

    public static MeanEstimate MeanChange(IEnumerable<(double Intake, double Last)> patients, double level = ConfidenceLevel.Default) =>
        MeanEstimate.Of(patients.Select(p => p.Last - p.Intake), level);

    /// <param name="units">one unit a patient (<see cref="CaseMixUnit.Count"/> 1), First = IOP, with the case-mix covariates.</param>
    /// <param name="intake">each unit's intake score.</param>
    /// <param name="last">each unit's last score.</param>
    public static AdjustedComparison AdjustedDifference(
        IReadOnlyList<CaseMixUnit> units, IReadOnlyList<double> intake, IReadOnlyList<double> last, IReadOnlyList<string> covariateNames,
        double level = ConfidenceLevel.Default)
    {
        if (intake.Count != units.Count || last.Count != units.Count)
        {
            throw new ArgumentException("one intake and one last score per unit are needed.", nameof(intake));
        }

        var withIntake = units.Select((u, i) => u with { Covariates = [.. u.Covariates, intake[i]] }).ToList();
        var change = last.Select((score, i) => score - intake[i]).ToList();
        return InverseProbabilityWeighting.CompareMeans(withIntake, change, [.. covariateNames, IntakeScoreCovariate], level);
    }
}
