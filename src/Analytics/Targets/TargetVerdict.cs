namespace Outcomes.Analytics.Targets;

public enum TargetVerdict
{
    /// <summary>The whole 95% interval is on the target's side, and stays a finding after false-discovery control.</summary>
    Met,

    /// <summary>The whole 95% interval is on the wrong side, and stays a finding after false-discovery control.</summary>
    NotMet,

    /// <summary>The interval includes the target, the figure has no interval, or the finding does not survive false-discovery control.</summary>
    CannotTell,

    /// <summary>No figure, a suppressed one, or too few patients to judge.</summary>
    NotAssessable,
}
