namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// A risk and where it comes from, on the log-odds scale: <see cref="Bias"/> (the average training row's log-odds)
/// plus one contribution per model feature (<see cref="Training.ModelInput.FeatureNames"/>, in that order) make
/// <see cref="LogOdds"/>, whose logistic is the risk. <see cref="ModelLogOdds"/> is the same quantity as the model
/// itself computes it, to check the sum against.
/// </summary>
public sealed record ScoreExplanation(double Risk, double Bias, IReadOnlyList<double> Contributions, double ModelLogOdds)
{
    public double LogOdds => Bias + Contributions.Sum();
}
