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
}
