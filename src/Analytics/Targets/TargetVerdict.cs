namespace Outcomes.Analytics.Targets;

public enum TargetVerdict
{
    Met,
    NotMet,

    /// <summary>No figure, a suppressed one, or too few patients to judge.</summary>
    NotAssessable,
}
