namespace Outcomes.Analytics.Measurement;

/// <summary>Which way an instrument's total score points: PHQ-9, GAD-7, PCL-5 and BAM use are higher-is-worse.</summary>
public enum ScoreDirection
{
    HigherIsWorse,
    HigherIsBetter,
}
