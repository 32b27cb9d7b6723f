using Outcomes.Analytics.DropoutRisk.Evaluation;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// A trained dropout model with the evaluation that compares it with its baselines on the same test rows,
/// the temporal split it used, the gradient-boosted model's performance by group of patients, the distribution of each feature in the training
/// rows (to measure drift later), and its bytes
/// for the model registry.
/// </summary>
public sealed record TrainingResult(
    byte[] ModelBytes,
    DateOnly TrainedThroughAdmission,
    int TrainingRows,
    int TestRows,
    double TestDropoutRate,
    IReadOnlyList<ModelEvaluation> Evaluations,
    IReadOnlyList<SubgroupResult> Subgroups,
    IReadOnlyList<FeatureReference> Reference)
{
    /// <summary>The days and levels of care of the training rows: where the model may score (null: not recorded).</summary>
    public Scoring.ScoringDomain? Domain { get; init; }
}
