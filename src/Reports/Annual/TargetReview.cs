using Outcomes.Analytics.Targets;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// One target of the year for one level of care: the year's published figure (<see cref="Year"/>, suppressed as every
/// table is), the verdict and why, the four quarters' published estimates, and the action plans recorded for it.
/// <see cref="Facility"/> is the population judged: a facility's id, or "*" for all facilities together.
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
    IReadOnlyList<PlanReview> Plans);
