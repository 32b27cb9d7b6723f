using Outcomes.Analytics.Runs;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// One figure against its target. The verdict follows the point estimate; <see cref="Clearly"/> says whether the whole
/// 95% interval is on the same side of the target (true), or the interval includes it, so chance alone could explain
/// the verdict (false). Null when not assessable or the figure has no interval.
/// </summary>
public sealed record TargetJudgement(OutcomeTarget Target, Figure? Figure, TargetVerdict Verdict, bool? Clearly, string Reason);
