namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// A model's performance on the test snapshots taken on one landmark day: discrimination with a patient-bootstrap
/// interval, calibration slope and intercept, and the mean predicted risk against the observed rate.
/// <see cref="TooSmall"/> when the day has fewer than <see cref="SubgroupEvaluation.MinimumEachOutcome"/> snapshots of
/// either outcome: too few to judge, so no AUROC and no calibration.
/// </summary>
public sealed record LandmarkDayResult(
    int Day, int Rows, int Events, bool TooSmall, double? Auroc, Interval? AurocInterval, double? CalibrationSlope, double? CalibrationIntercept,
    double MeanPredicted, double Observed);
