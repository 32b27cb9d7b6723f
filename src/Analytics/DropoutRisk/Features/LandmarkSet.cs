namespace Outcomes.Analytics.DropoutRisk.Features;

/// <summary>
/// The days after admission at which an episode still in care gives a training snapshot: the one place that names
/// them. A model records the days it was trained on (<c>feature_schema → landmark_days</c>), so its drift, calibration
/// and promotion checks read the same days, and it scores only inside them (<see cref="Scoring.ScoringDomain"/>).
/// </summary>
public sealed record LandmarkSet(string Name, IReadOnlyList<int> Days)
{
    /// <summary>Days 7, 14, 21 and 28: the first month of a stay, the only set before whole-stay landmarks.</summary>
    public static readonly LandmarkSet FirstMonth = new("first month", [7, 14, 21, 28]);

    /// <summary>
    /// Days 3 to 84, weekly in the first month and fortnightly to monthly after it: an IOP or PHP stay rarely reaches
    /// past twelve weeks, and a patient on day 35 at high risk is as much the quality team's business as one on day 21.
    /// </summary>
    public static readonly LandmarkSet WholeStay = new("whole stay", [3, 7, 14, 21, 28, 42, 56, 84]);

    /// <summary>
    /// The set <c>model train</c>, the demo and the retraining job use. Whole-stay landmarks were measured against the
    /// first month on the same held-out patients (<see cref="Training.LandmarkComparison"/>) and kept: no worse on days
    /// 7–28 within the registry's promotion margin, and they cover the rest of the stay (docs/model-card.md).
    /// </summary>
    public static LandmarkSet Default => WholeStay;

    /// <summary>
    /// The days a stored model was trained on: those recorded with it, or, for a model stored before landmark days were
    /// recorded, the first month (the only set there was).
    /// </summary>
    public static IReadOnlyList<int> OfStoredModel(IReadOnlyList<int>? recorded) => recorded is { Count: > 0 } ? recorded : FirstMonth.Days;
}
