using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// What became of a candidate: promoted or not, and the comparison with the promoted model that decided it (null when
/// the rule promotes without one, or the model failed its guards). <see cref="NotACandidate"/>: the registry refused because
/// it is no candidate (any more). <see cref="GuardFailures"/>: why it may never be promoted, forced or not.
/// </summary>
public sealed record PromotionOutcome(long CandidateId, PromotionCheck.Verdict? Verdict, bool Promoted, bool Forced, bool NotACandidate)
{
    public IReadOnlyList<string> GuardFailures { get; init; } = [];
}
