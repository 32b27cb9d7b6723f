namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// A model's smoothed calibration curve and the distances of the risks from it (<see cref="SmoothedCalibration"/>):
/// the integrated calibration index (ICI, the mean absolute distance), its median (E50), 90th percentile (E90) and
/// largest (Emax) value, all on the probability scale, and the curve at a few predicted risks (observed rate by loess).
/// </summary>
public sealed record CalibrationCurve(double Ici, double E50, double E90, double Emax, IReadOnlyList<CalibrationCurvePoint> Points);
