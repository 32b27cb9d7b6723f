using Outcomes.Analytics.Runs;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// One figure against its target. The verdict follows the interval, not the point estimate: met or not met only when the
/// whole 95% interval is on one side of the target (<see cref="Clearly"/>) and, among a report's judgements, the finding
/// survives Benjamini–Hochberg false-discovery control (<see cref="AdjustedP"/>); otherwise cannot tell. Clearly is null
/// when not assessable or the figure has no interval.
/// </summary>
public sealed record TargetJudgement(OutcomeTarget Target, Figure? Figure, TargetVerdict Verdict, bool? Clearly, string Reason, double? AdjustedP = null);
