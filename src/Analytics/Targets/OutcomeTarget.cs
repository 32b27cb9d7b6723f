namespace Outcomes.Analytics.Targets;

/// <summary>
/// A program's own target for one metric: where it applies (every facility and level when those are null), which way
/// is better, and the days it applies to (open-ended when <see cref="EffectiveTo"/> is null).
/// </summary>
public sealed class OutcomeTarget
{
    public long TargetId { get; init; }

    public string Metric { get; init; } = "";

    public string? FacilityId { get; init; }

    public string? LevelOfCare { get; init; }

    public string Grouping { get; init; } = "";

    /// <summary>True: the figure should be at least the target; false: at most.</summary>
    public bool AtLeast { get; init; }

    public double Target { get; init; }

    public DateOnly EffectiveFrom { get; init; }

    public DateOnly? EffectiveTo { get; init; }

    public string SetBy { get; init; } = "";

    public string? Note { get; init; }

    public bool AppliesOn(DateOnly day) => EffectiveFrom <= day && (EffectiveTo is null || day <= EffectiveTo);

    /// <summary>How specific the target is: one for a facility and one for a level, so the most specific one wins.</summary>
    public int Specificity => (FacilityId is null ? 0 : 2) + (LevelOfCare is null ? 0 : 1);

    public string Describe() => $"{(AtLeast ? "at least" : "at most")} {TargetMetrics.Format(Metric, Target)}";
}
