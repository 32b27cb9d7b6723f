namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// One point of a model's learning curve: the gradient-boosted model trained on a share of the training patients (each
/// with all their snapshots) and judged on the same test rows; <see cref="Auroc"/> null when the share had too few rows
/// or events of either outcome to train on.
/// </summary>
public sealed record LearningCurvePoint(double Share, int Rows, int Events, double? Auroc);
