using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// Two landmark sets measured against each other on the same held-out patients: one split by time and patient (the
/// admission day that holds out the latest snapshots of the narrower set, as training it alone would, and
/// <see cref="EvaluationSlices"/>' test slice of the patients first admitted after it), a model trained on each set's
/// snapshots before it, both evaluated on their own test-slice snapshots, by landmark day, and — paired — on the
/// test-slice snapshots of the days both sets share, with a patient-bootstrap interval of the difference in AUROC. The horizon
/// and the censoring rule are those of the snapshots given, the same for both.
/// </summary>
public static class LandmarkComparison
{
    /// <summary>The two models on the test snapshots of the shared days: each one's AUROC and calibration, and the difference.</summary>
    public sealed record SharedDays(
        IReadOnlyList<int> Days, int Rows, int Events, ModelEvaluation Narrow, ModelEvaluation Wide, double AurocDifference, Interval AurocDifferenceInterval);

    public sealed record Result(LandmarkSet NarrowSet, LandmarkSet WideSet, DateOnly Cutoff, TrainingResult Narrow, TrainingResult Wide, SharedDays Shared)
    {
        /// <summary>
        /// Whether the wider set is no worse on the shared days: the lower end of the 95% interval of its AUROC less the
        /// narrower set's lies above −<see cref="PromotionCheck.AurocMargin"/>, the margin within which the registry
        /// counts a candidate at least as good as the promoted model (a non-inferiority margin: on a large cohort the
        /// paired interval is narrow enough to find a loss of a few thousandths, which no ranking of patients would show).
        /// </summary>
        public bool WideNoWorseOnSharedDays => Shared.AurocDifferenceInterval.Lower > -PromotionCheck.AurocMargin;
    }

    /// <param name="snapshots">Labelled or not, at the days of both sets (those of the wider set cover the narrower's).</param>
    /// <param name="narrow">The landmark set in use.</param>
    /// <param name="wide">The landmark set measured against it.</param>
    /// <param name="seed">The trainer's seed.</param>
    public static Result Compare(IReadOnlyList<SnapshotFeatures> snapshots, LandmarkSet narrow, LandmarkSet wide, int seed = 42)
    {
        var labelled = snapshots.Where(s => s.DroppedOutWithinHorizon is not null).OrderBy(s => s.AdmittedOn).ToList();
        List<SnapshotFeatures> On(LandmarkSet set) => [.. labelled.Where(s => set.Days.Contains(s.DaysSinceAdmission))];
        var (narrowRows, wideRows) = (On(narrow), On(wide));
        var cutoff = DropoutModelTrainer.Cutoff(narrowRows);
        var trainer = new DropoutModelTrainer(seed);
        // A patient admitted again after the cut-off is judged on by neither model: only the test slice of the patients
        // new after it, as every other evaluation of a model.
        bool Trains(SnapshotFeatures s) => EvaluationSlices.Of(s, cutoff) == EvaluationSlice.Training;
        bool Tests(SnapshotFeatures s) => EvaluationSlices.Of(s, cutoff) == EvaluationSlice.Test;
        var narrowResult = trainer.TrainAndTest([.. narrowRows.Where(Trains)], [.. narrowRows.Where(Tests)], cutoff);
        var wideResult = trainer.TrainAndTest([.. wideRows.Where(Trains)], [.. wideRows.Where(Tests)], cutoff);

        var days = narrow.Days.Intersect(wide.Days).Order().ToList();
        var shared = labelled.Where(s => Tests(s) && days.Contains(s.DaysSinceAdmission)).ToList();
        var outcomes = shared.Select(s => s.DroppedOutWithinHorizon!.Value).ToArray();
        var patients = shared.Select(s => s.PatientKey).ToArray();
        var narrowRisks = new ScoringModel(narrowResult.ModelBytes, null).Predict(shared);
        var wideRisks = new ScoringModel(wideResult.ModelBytes, null).Predict(shared);
        var replicates = DropoutModelTrainer.Replicates(shared.Count);

        // Paired: each resample of patients scores both models on the same snapshots. The "scores" resampled are the
        // snapshots' positions, from which the metric reads both models' risks.
        double[] positions = [.. Enumerable.Range(0, shared.Count).Select(i => (double)i)];
        double Difference(IReadOnlyList<double> at, IReadOnlyList<bool> o) =>
            Discrimination.Auroc([.. at.Select(i => wideRisks[(int)i])], o) - Discrimination.Auroc([.. at.Select(i => narrowRisks[(int)i])], o);

        return new Result(narrow, wide, cutoff, narrowResult, wideResult, new SharedDays(
            days, shared.Count, outcomes.Count(o => o),
            DropoutModelTrainer.Evaluate(DropoutModelTrainer.GradientBoosted, narrowRisks, outcomes, patients, probabilities: true),
            DropoutModelTrainer.Evaluate(DropoutModelTrainer.GradientBoosted, wideRisks, outcomes, patients, probabilities: true),
            Difference(positions, outcomes),
            Bootstrap.ByCluster(positions, outcomes, patients, Difference, replicates)));
    }
}
