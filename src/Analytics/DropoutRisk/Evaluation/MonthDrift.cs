namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The drift of one calendar month's patients from a model's training rows, feature by feature, measured as
/// <see cref="Training.DriftMeasure"/> says: one snapshot a patient, compared day by day with the training rows of the same landmark days.
/// <see cref="Training"/> when the patients are the model's own training rows (admitted before its cut-off): those months
/// are the reference noise, shown beside the months after for comparison.
/// </summary>
public sealed record MonthDrift(DateOnly Month, bool Training, int Patients, IReadOnlyList<FeatureDrift> Features)
{
    /// <summary>
    /// Months with fewer patients are shown but not judged, and not counted in the reference noise: with ten bins a
    /// feature, a few dozen patients leave most bins nearly empty and the index large by chance alone.
    /// </summary>
    public const int MinimumPatients = 100;

    public bool TooFew => Patients < MinimumPatients;

    public double Largest => Features.Count == 0 ? 0 : Features.Max(f => f.Psi);

    /// <summary>Judged, and at least one feature's PSI above its threshold (<see cref="FeatureReference.AlarmThreshold"/>).</summary>
    public bool Alarm => !TooFew && Features.Any(f => f.Drifted);
}
