namespace Outcomes.Analytics.Judgement;

/// <summary>A figure against its target, judged from its whole interval rather than its point estimate.</summary>
public enum IntervalVerdict
{
    /// <summary>The whole interval is on the target's good side.</summary>
    Met,

    /// <summary>The whole interval is on the wrong side.</summary>
    NotMet,

    /// <summary>The interval includes the target (or there is no interval): chance alone could put the figure on either side.</summary>
    CannotTell,
}
