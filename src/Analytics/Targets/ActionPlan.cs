namespace Outcomes.Analytics.Targets;

/// <summary>What a program decided to do about a missed target, who owns it, by when, and what came of it.</summary>
public sealed class ActionPlan
{
    public long PlanId { get; init; }

    public long TargetId { get; init; }

    public string Metric { get; init; } = "";

    /// <summary>The period the target was missed in, e.g. 2026-10 or 2026-Q3.</summary>
    public string PeriodLabel { get; init; } = "";

    public string Action { get; init; } = "";

    public string OwnerRole { get; init; } = "";

    public DateOnly DueOn { get; init; }

    public string Status { get; init; } = "planned";

    public string? Result { get; init; }

    public string CreatedBy { get; init; } = "";

    /// <summary>The day the action was decided (the day the plan was recorded unless given): its effect is judged from here.</summary>
    public DateOnly DecidedOn { get; init; }

    /// <summary>Status changes so far, oldest first: "from → to by who on day".</summary>
    public string[] History { get; init; } = [];
}
