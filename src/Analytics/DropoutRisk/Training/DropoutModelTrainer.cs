using Microsoft.ML;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// Trains the early-dropout model on landmark snapshots with a split by time and patient
/// (<see cref="EvaluationSlices"/>) — earlier admissions train, as the model will be used; of the patients new after
/// the cut-off, the test slice evaluates, against a logistic regression and the rule "two or more consecutive missed
/// sessions", while the recalibration and promotion slices are kept for <see cref="Registry.Recalibrator"/> and
/// <see cref="Registry.PromotionCheck"/>. Labels follow the one <see cref="CensoringRule"/>. Snapshots whose facility data of a source do not
/// reach their day (<see cref="SnapshotFeatures.MissingSource"/>) are left out, as they are left unscored: their
/// features of that source would read as nothing having happened. So are snapshots whose horizon an outreach on a flag
/// reached (<see cref="SnapshotFeatures.OutreachWithinHorizon"/>): the feedback loop is handled by exclusion, so the model
/// learns the risk of patients the team had not reached, never the outreach's effect.
/// </summary>
public sealed class DropoutModelTrainer(int seed = 42)
{
    public const string GradientBoosted = "gradient-boosted trees (LightGBM, Platt-calibrated)";
    public const string Logistic = "logistic regression (L-BFGS)";
    public const string MissedSessionsRule = "rule: two or more consecutive missed sessions";

    /// <summary>Share of rows, by admission date, used for training; the rest (the latest admissions) test.</summary>
    public const double TrainingShare = 0.7;

    /// <summary>The flag rule the model is judged at on its test rows (threshold table, fairness): the defaults unless set.</summary>
    public OperatingPoint OperatingPoint { get; init; } = OperatingPoint.Default;

    public TrainingResult Train(IReadOnlyList<SnapshotFeatures> snapshots)
    {
        var cutoff = Cutoff(snapshots);
        var slices = snapshots.Where(Usable).OrderBy(s => s.AdmittedOn).ToLookup(s => EvaluationSlices.Of(s, cutoff));
        var flow = ParticipantFlow.Of(snapshots, cutoff);
        return TrainAndTest([.. slices[EvaluationSlice.Training]], [.. slices[EvaluationSlice.Test]], cutoff) with
        {
            Flow = flow,
            SourcesByFacility = SourceAvailability.Of(snapshots),
            ExcludedForOutreach = flow.Outreach.Rows,
        };
    }

    /// <summary>
    /// Labelled under the <see cref="CensoringRule"/> (its window not cut by the data-through date), with every source
    /// the model reads reaching the snapshot's day, and no outreach on a flag within its horizon: the rows training,
    /// evaluation, recalibration and promotion read.
    /// </summary>
    public static bool Usable(SnapshotFeatures snapshot) =>
        CensoringRule.Labelled(snapshot) && snapshot.MissingSource is null && !snapshot.OutreachWithinHorizon;

    /// <summary>
    /// The temporal split of <paramref name="snapshots"/>: the admission day from which the latest
    /// 1 − <see cref="TrainingShare"/> of the labelled snapshots are held out for testing.
    /// </summary>
    public static DateOnly Cutoff(IReadOnlyList<SnapshotFeatures> snapshots)
    {
        var labelled = snapshots.Where(Usable).OrderBy(s => s.AdmittedOn).ToList();
        if (labelled.Count < 50 || labelled.All(s => s.DroppedOutWithinHorizon == true) || labelled.All(s => s.DroppedOutWithinHorizon == false))
        {
            throw new InvalidOperationException("Too few labelled snapshots, or only one outcome among them, to train a dropout model.");
        }

        return labelled[(int)(labelled.Count * TrainingShare)].AdmittedOn;
    }

    /// <summary>
    /// Trains on <paramref name="training"/> and evaluates on <paramref name="test"/>, both labelled: the later
    /// admissions of the same history (<see cref="Train"/>), or another population altogether (an external validation).
    /// </summary>
    public TrainingResult TrainAndTest(IReadOnlyList<SnapshotFeatures> training, IReadOnlyList<SnapshotFeatures> test, DateOnly cutoff)
    {
        var ml = new MLContext(seed);
        var trainingData = ml.Data.LoadFromEnumerable(training.Select(ModelInput.From));
        var features = ml.Transforms.Categorical.OneHotEncoding([new("FacilityCode", "Facility"), new("ReferralCode", "Referral")])
            .Append(ml.Transforms.Concatenate("Features", "Numeric", "FacilityCode", "ReferralCode"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            // Cached once transformed: logistic regression's L-BFGS reads the rows on every iteration, and without
            // the cache each pass would enumerate the snapshots and encode them again.
            .AppendCacheCheckpoint(ml);
        var boostedTrainer = ml.BinaryClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = 4,
            MinimumExampleCountPerLeaf = 50,
            LearningRate = 0.05,
            NumberOfIterations = 200,
            Seed = seed,
        });
        var boosted = features.Append(boostedTrainer).Fit(trainingData);
        var explanation = Explanation.ExplanationBasis.Of(Explanation.ModelParts.Of(boosted), Explanation.FeatureVector.Of(ml, boosted, trainingData));
        var logistic = features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(trainingData);

        var outcomes = test.Select(s => s.DroppedOutWithinHorizon!.Value).ToArray();
        var testData = ml.Data.LoadFromEnumerable(test.Select(ModelInput.From));
        var boostedRisks = Predict(ml, boosted, testData);
        var patients = test.Select(s => s.PatientKey).ToArray();
        bool[] rule = [.. test.Select(s => s.ConsecutiveMissed >= 2)];
        var days = test.Select(s => s.SnapshotDate).ToArray();
        var evaluations = new List<ModelEvaluation>
        {
            Evaluate(GradientBoosted, boostedRisks, outcomes, patients, probabilities: true),
            Evaluate(Logistic, Predict(ml, logistic, testData), outcomes, patients, probabilities: true),
            Evaluate(MissedSessionsRule, [.. rule.Select(r => r ? 1.0 : 0.0)], outcomes, patients, probabilities: false),
        };

        // The learning curve's extra fits come after every fit above, so that they leave the model and its baselines as
        // they would be without them.
        var learningCurve = new List<LearningCurvePoint>();
        var trainingPatients = training.Select(s => s.PatientKey).Distinct().Order().ToArray();
        new Random(seed).Shuffle(trainingPatients);
        foreach (var share in LearningCurveShares)
        {
            var chosen = trainingPatients.Take((int)Math.Round(share * trainingPatients.Length)).ToHashSet();
            List<SnapshotFeatures> rows = [.. training.Where(s => chosen.Contains(s.PatientKey))];
            var events = rows.Count(s => s.DroppedOutWithinHorizon == true);
            var enough = events >= SubgroupEvaluation.MinimumEachOutcome && rows.Count - events >= SubgroupEvaluation.MinimumEachOutcome && outcomes.Distinct().Count() == 2;
            learningCurve.Add(new LearningCurvePoint(share, rows.Count, events, enough
                ? Discrimination.Auroc(Predict(ml, features.Append(boostedTrainer).Fit(ml.Data.LoadFromEnumerable(rows.Select(ModelInput.From))), testData), outcomes)
                : null));
        }

        learningCurve.Add(new LearningCurvePoint(1, training.Count, training.Count(s => s.DroppedOutWithinHorizon == true), evaluations[0].Auroc));

        using var stream = new MemoryStream();
        ml.Model.Save(boosted, trainingData.Schema, stream);
        return new TrainingResult(stream.ToArray(), cutoff, training.Count, test.Count, outcomes.Average(o => o ? 1.0 : 0), evaluations,
            SubgroupEvaluation.Evaluate(test, boostedRisks, outcomes), FeatureReferences.Build(training))
        {
            Domain = Scoring.ScoringDomain.Of(training),
            Sources = Scoring.SourceCoverage.LearnedFrom(training),
            Explanation = explanation,
            LandmarkDays = [.. training.Select(s => s.DaysSinceAdmission).Distinct().Order()],
            ByLandmarkDay = LandmarkDayEvaluation.Evaluate(test, boostedRisks, outcomes),
            TrainingEvents = training.Count(s => s.DroppedOutWithinHorizon == true),
            CandidateVariables = ModelInput.NumericNames.Length
                + Math.Max(0, training.Select(s => s.FacilityId).Distinct().Count() - 1)
                + Math.Max(0, training.Select(s => s.ReferralSource).Distinct().Count() - 1),
            OperatingPoint = OperatingPoint,
            LearningCurve = learningCurve,
            Thresholds = ThresholdTable.Of(boostedRisks, outcomes, days, ThresholdTable.Thresholds.Append(OperatingPoint.RiskFloor).Distinct().Order()),
            DecisionCurve = DecisionCurve.Of(boostedRisks, rule, outcomes, DecisionCurve.Thresholds),
            CalibrationCurve = test.Count == 0 ? null : SmoothedCalibration.Of(boostedRisks, outcomes),
            Fairness = FairnessEvaluation.Evaluate(test, OperatingPoint.Flags(boostedRisks, [.. test.Select(s => s.FacilityId)], days), outcomes),
        };
    }

    /// <summary>Shares of the training patients the learning curve trains on, besides all of them.</summary>
    public static readonly IReadOnlyList<double> LearningCurveShares = [0.25, 0.5];

    /// <summary>
    /// Bootstrap resamples for the test rows' intervals: 500, or 200 beyond 20,000 rows, where each resample sorts
    /// the whole test set again and the interval is narrow enough that 200 place its ends well.
    /// </summary>
    public static int Replicates(int rows) => rows <= 20_000 ? 500 : 200;

    private static double[] Predict(MLContext ml, ITransformer model, IDataView data) =>
        [.. ml.Data.CreateEnumerable<ModelOutput>(model.Transform(data), reuseRowObject: false).Select(o => (double)o.Probability)];

    /// <summary>A model's metrics on the test rows; the intervals resample patients, each with all their snapshots.</summary>
    internal static ModelEvaluation Evaluate(string name, double[] scores, bool[] outcomes, long[] patients, bool probabilities)
    {
        var (slope, intercept) = probabilities ? Calibration.SlopeAndIntercept(scores, outcomes) : (double.NaN, double.NaN);
        return new ModelEvaluation(
            name,
            outcomes.Length,
            Discrimination.Auroc(scores, outcomes),
            Bootstrap.ByCluster(scores, outcomes, patients, Discrimination.Auroc, Replicates(outcomes.Length)),
            Discrimination.AveragePrecision(scores, outcomes),
            Bootstrap.ByCluster(scores, outcomes, patients, Discrimination.AveragePrecision, Replicates(outcomes.Length)),
            probabilities ? Discrimination.Brier(scores, outcomes) : null,
            probabilities ? slope : null,
            probabilities ? intercept : null,
            probabilities ? Calibration.Table(scores, outcomes) : []);
    }
}
