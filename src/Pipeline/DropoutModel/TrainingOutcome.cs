using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// What <see cref="TrainAndPromote"/> did, with a one-line <see cref="Summary"/> (a job's record). <see cref="ModelId"/>
/// is the new candidate, or the model already trained on this data; <see cref="Existing"/> that model.
/// </summary>
public sealed record TrainingOutcome(
    TrainingDecision Decision,
    DateOnly? DataThrough,
    long? ModelId,
    RegisteredModel? Existing,
    TrainingResult? Result,
    PromotionOutcome? Promotion,
    int NewDischarges,
    string Summary)
{
    public bool Promoted => Promotion?.Promoted == true;
}
