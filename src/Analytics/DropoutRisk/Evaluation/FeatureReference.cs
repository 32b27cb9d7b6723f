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
    /// The PSI above which a month of <paramref name="patients"/> has drifted in this feature: above what the training
    /// months showed, never below <see cref="PopulationStability.Moderate"/> (0.1) (with no recorded noise, the
    /// conventional marked shift, 0.25), and above what a month of that size reaches by chance
    /// (<see cref="SamplingLimit"/>).
    /// </summary>
    public double AlarmThreshold(int patients) =>
        Math.Max(TrainingMonthsPsi is { } noise ? Math.Max(PopulationStability.Moderate, noise) : PopulationStability.Marked, SamplingLimit(patients));

    /// <summary>
    /// The PSI that <paramref name="patients"/> drawn from the training distribution exceed by chance once in
    /// 1 / <see cref="ChanceOfFalseAlarm"/>: with no drift, PSI is about (1/n + 1/N) χ² on (bins − 1) degrees of freedom
    /// for a month of n patients against N training rows (Yurdakul 2018, "Statistical properties of population stability
    /// index"). A small month's PSI scatters widely: 134 patients over ten bins read above 0.1 by chance about one month
    /// in five, with some twenty features judged a month.
    /// </summary>
    public double SamplingLimit(int patients) =>
        patients <= 0 || Shares.Length < 2 ? 0
        : MathNet.Numerics.Distributions.ChiSquared.InvCDF(Shares.Length - 1, 1 - ChanceOfFalseAlarm) * ((1.0 / patients) + (Rows > 0 ? 1.0 / Rows : 0));

    /// <summary>The chance that one feature of a month without drift passes <see cref="SamplingLimit"/>.</summary>
    public const double ChanceOfFalseAlarm = 0.001;
}
