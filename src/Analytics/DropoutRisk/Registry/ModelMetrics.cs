using Outcomes.Analytics.DropoutRisk.Evaluation;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// A model's metrics as the registry stored them when it was trained: its discrimination (AUROC) and its calibration
/// table on later admissions, from its first evaluation. Null or empty where the stored metrics hold none.
/// </summary>
public sealed record ModelMetrics(double? Auroc, IReadOnlyList<CalibrationGroup> Calibration)
{
    public static readonly ModelMetrics None = new(null, []);
}
