using Outcomes.Analytics.DropoutRisk.Evaluation;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>One model's performance on the later (test) admissions.</summary>
public sealed record ModelEvaluation(
    string Model,
    int TestRows,
    double Auroc,
    Interval AurocInterval,
    double AveragePrecision,
    Interval AveragePrecisionInterval,
    double? Brier,
    double? CalibrationSlope,
    double? CalibrationIntercept,
    IReadOnlyList<CalibrationGroup> CalibrationTable);
