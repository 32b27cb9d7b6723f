namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// How one feature was distributed in a model's training rows, kept with the model to measure drift later: for a
/// numeric feature the upper edges of its bins (deciles of the training values; the last bin is open), for a
/// categorical one its categories (plus "other" for any value not seen in training), and the share of rows in each.
/// </summary>
public sealed record FeatureReference(string Feature, double[]? Edges, string[]? Categories, double[] Shares)
{
    /// <summary>Training rows the shares are of (0 for a model stored before it was recorded).</summary>
    public int Rows { get; init; }

    /// <summary>
    /// Training rows in each bin by landmark day (days since admission), so that a month's patients can be compared at the
    /// training rows' mix of days whatever their own (<see cref="DriftMeasure"/>). Null for a model stored before it was recorded.
    /// </summary>
    public IReadOnlyDictionary<int, double[]>? CountsByDay { get; init; }

    /// <summary>
    /// The reference noise: the largest PSI of this feature among the model's own training months, measured the same way
    /// as any later month (<see cref="DriftMeasure"/>). Null when no training month had enough patients to be judged, or
    /// for a model stored before it was recorded.
    /// </summary>
    public double? TrainingMonthsPsi { get; init; }

    /// <summary>
    /// The PSI above which a month's patients have drifted in this feature: above what the training months showed, and
    /// never below <see cref="PopulationStability.Moderate"/> (0.1); with no recorded noise, the conventional marked shift (0.25).
    /// </summary>
    public double AlarmThreshold() =>
        TrainingMonthsPsi is { } noise ? Math.Max(PopulationStability.Moderate, noise) : PopulationStability.Marked;
}
