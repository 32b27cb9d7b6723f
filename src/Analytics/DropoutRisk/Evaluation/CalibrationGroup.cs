namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>One row of a calibration table: patients in a band of predicted risk, predicted against observed.</summary>
public sealed record CalibrationGroup(int Group, int Count, double MeanPredicted, double Observed, Interval ObservedInterval);
