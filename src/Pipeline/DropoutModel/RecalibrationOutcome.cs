using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// The calibration check of a model, the recalibrated candidate stored when it had drifted, and what became of that
/// candidate (null when it was not to be promoted).
/// </summary>
public sealed record RecalibrationOutcome(Recalibrator.Check Check, long? CandidateId, PromotionOutcome? Promotion)
{
    public bool Drifted => CandidateId is not null;
}
