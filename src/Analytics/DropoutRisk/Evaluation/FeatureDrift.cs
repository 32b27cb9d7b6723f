namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// One feature's drift in one month: its PSI against the training rows and the threshold above which that is an alarm
/// (<see cref="FeatureReference.AlarmThreshold"/>: above what the model's training months showed, at least 0.1).
/// </summary>
public sealed record FeatureDrift(string Feature, double Psi, double Threshold)
{
    public bool Drifted => Psi > Threshold;
}
