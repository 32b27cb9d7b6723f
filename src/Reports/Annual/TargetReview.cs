using Outcomes.Analytics.Targets;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// One target of the year for one level of care: the year's published figure (<see cref="Year"/>, suppressed as every
/// table is), the prior year's (<see cref="PriorYear"/>, null when the data begin after it) and the change between them,
/// the verdict and why, the four quarters' published estimates, the action plans recorded for it and the quality team's
/// latest written analysis of the year (<see cref="Note"/>). <see cref="Facility"/> is the population judged: a facility's
/// id, or "*" for all facilities together.
/// </summary>
internal sealed record TargetReview(
    OutcomeTarget Target,
    string Facility,
    string Level,
    TableRow? Year,
    TargetVerdict Verdict,
    bool? Clearly,
    string Reason,
    IReadOnlyList<TableCell> Quarters,
    IReadOnlyList<PlanReview> Plans)
{
    public TableRow? PriorYear { get; init; }

    /// <summary>The year's estimate less the prior year's, with its 95% interval when both are shares of counted patients.</summary>
    public YearChange? Change { get; init; }

    public TargetNote? Note { get; init; }

    /// <summary>Missed (not met, after false-discovery control) with no action plan recorded for the target.</summary>
    public bool MissedWithoutPlan => Verdict == TargetVerdict.NotMet && Plans.Count == 0;
}
