using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>How <see cref="TrainAndPromote"/> trains: on which data, when it may skip, and what it does with the candidate.</summary>
public sealed record TrainingRequest
{
    /// <summary>Predict an unplanned discharge within this many days.</summary>
    public int HorizonDays { get; init; } = SnapshotQuery.DefaultHorizonDays;

    /// <summary>Train on the data through this day; null: through the latest admission or discharge loaded.</summary>
    public DateOnly? DataThrough { get; init; }

    /// <summary>Train nothing when a model (not retired) was already trained on the same data-through day.</summary>
    public bool OncePerDataThrough { get; init; }

    /// <summary>
    /// With a promoted model, train only once at least this many IOP and PHP episodes have ended since its data
    /// (the weekly retraining); null: whenever asked.
    /// </summary>
    public int? MinimumNewDischarges { get; init; }

    public PromotionRule Promotion { get; init; } = PromotionRule.Never;

    /// <summary>
    /// The flag rule the model is judged at on its test rows (the card's threshold table and fairness): the risk floor and
    /// capacity scoring will use; the defaults of <c>outcomes score</c> unless given.
    /// </summary>
    public OperatingPoint OperatingPoint { get; init; } = OperatingPoint.Default;
}
