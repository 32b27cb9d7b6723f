namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>One point of a smoothed calibration curve: at this predicted risk, the observed rate the loess fit gives.</summary>
public sealed record CalibrationCurvePoint(double Predicted, double Observed);
