namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>What a trained model says about one snapshot.</summary>
public sealed class ModelOutput
{
    public float Probability { get; set; }
}
