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

    /// <summary>
    /// The data sources the model learnt from (<see cref="Scoring.SourceCoverage.LearnedFrom"/>: "sessions",
    /// "drug_screens", "family_contacts"), recorded as <c>feature_schema → sources</c>: scoring needs each of them to reach
    /// a patient's day, and no other (null: not recorded).
    /// </summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>
    /// Labelled snapshots left out of training and testing because outreach on a flag reached their horizon (the
    /// feedback loop, handled by exclusion: <see cref="Features.SnapshotFeatures.OutreachWithinHorizon"/>).
    /// </summary>
    public int ExcludedForOutreach { get; init; }

    /// <summary>What explaining the model's scores needs from its training rows: how many reached each leaf of each tree.</summary>
    public Explanation.ExplanationBasis? Explanation { get; init; }

    /// <summary>
    /// The days after admission of the training snapshots: the landmark days the model learnt from (recorded as
    /// <c>feature_schema → landmark_days</c>; its drift, calibration and promotion checks read the same days).
    /// </summary>
    public IReadOnlyList<int> LandmarkDays { get; init; } = [];

    /// <summary>The gradient-boosted model's performance on the test rows of each landmark day.</summary>
    public IReadOnlyList<LandmarkDayResult> ByLandmarkDay { get; init; } = [];

    /// <summary>Unplanned discharges within the horizon among the training rows.</summary>
    public int TrainingEvents { get; init; }

    /// <summary>Candidate predictors: the numeric features and the categories of facility and referral source beyond the first of each.</summary>
    public int CandidateVariables { get; init; }

    /// <summary>
    /// The participant flow of the split by time and patient (<see cref="EvaluationSlices"/>): the sizes of the training,
    /// recalibration, promotion and test slices and of the snapshots left out, by reason. Null when trained on given training and
    /// test rows (<see cref="DropoutModelTrainer.TrainAndTest"/>: an external validation, a landmark comparison).
    /// </summary>
    public ParticipantFlow? Flow { get; init; }

    /// <summary>Which of the model's sources each facility's snapshots had (empty when the caller chose the rows itself).</summary>
    public IReadOnlyList<SourceAvailability> SourcesByFacility { get; init; } = [];

    /// <summary>The flag rule the model was judged at: the risk floor and the capacity.</summary>
    public OperatingPoint? OperatingPoint { get; init; }

    /// <summary>The gradient-boosted model's test rows flagged at several risk thresholds, the risk floor among them.</summary>
    public IReadOnlyList<ThresholdRow> Thresholds { get; init; } = [];

    /// <summary>Net benefit of the model, of reaching out to everyone and of the missed-sessions rule at a few thresholds.</summary>
    public IReadOnlyList<NetBenefitRow> DecisionCurve { get; init; } = [];

    /// <summary>The gradient-boosted model's smoothed calibration curve with ICI, E50, E90 and Emax; null without test rows.</summary>
    public CalibrationCurve? CalibrationCurve { get; init; }

    /// <summary>At the operating point: flag rate, sensitivity and precision of all test rows, then of each group.</summary>
    public IReadOnlyList<FairnessResult> Fairness { get; init; } = [];

    /// <summary>The AUROC on the test rows of the model trained on a quarter, a half and all of the training patients.</summary>
    public IReadOnlyList<LearningCurvePoint> LearningCurve { get; init; } = [];

    /// <summary>Why the model may not be promoted (<see cref="PromotionGuards"/>); empty when it passes every guard.</summary>
    public IReadOnlyList<string> GuardFailures => PromotionGuards.Failures(this);
}
