using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Pipeline.Tests.DropoutModel;

/// <summary>
/// Recalibrate → promote, as <c>outcomes model recalibrate</c> and the monthly model check ask for it. A model's
/// calibration is made to drift on purpose: the promoted model is replaced by itself with a distorting recalibration
/// (logit p' = 2 + 0.3 · logit p, far outside the slope's 0.85–1.15 and the intercept's ±0.1).
/// </summary>
public sealed class RecalibrateIfDriftedTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>
{
    [Fact]
    public async Task A_drifted_model_gets_a_recalibrated_candidate_promoted_only_when_asked_and_at_least_as_good_and_then_holds()
    {
        var trained = await new TrainAndPromote(cohort.Analyst).RunAsync(new TrainingRequest { Promotion = PromotionRule.IfAtLeastAsGood });
        var registry = new ModelRegistry(cohort.Analyst);
        var distorted = await registry.SaveRecalibratedAsync(trained.ModelId!.Value,
            new Recalibration(Intercept: 2.0, Slope: 0.3, Rows: 0, AdmittedFrom: cohort.DataThrough, DataThrough: cohort.DataThrough, FromModel: trained.ModelId.Value));
        Assert.True((await new ModelPromotion(cohort.Analyst).PromoteAsync(distorted, force: true)).Promoted);
        var workflow = new RecalibrateIfDrifted(cohort.Analyst);

        var kept = await workflow.RunAsync(distorted, cohort.DataThrough, promoteIfBetter: false);
        var promoted = await workflow.RunAsync(distorted, cohort.DataThrough, promoteIfBetter: true);

        Assert.False(kept.Check.TooFew);
        Assert.True(kept.Drifted);
        Assert.True(kept.Check.Slope < Recalibrator.SlopeLow || kept.Check.Slope > Recalibrator.SlopeHigh
            || Math.Abs(kept.Check.Intercept!.Value) > Recalibrator.InterceptTolerance, $"slope {kept.Check.Slope}, intercept {kept.Check.Intercept}");
        Assert.Null(kept.Promotion);
        Assert.True(promoted.Drifted);
        Assert.Equal(distorted, promoted.Promotion!.Verdict!.PromotedId);
        Assert.True(promoted.Promotion.Verdict.AtLeastAsGood, promoted.Promotion.Verdict.Reason);
        Assert.True(promoted.Promotion.Promoted);
        // The same fit on the same data is the same candidate: stored once, promoted when asked.
        Assert.Equal(kept.CandidateId, promoted.CandidateId);
        Assert.Equal(
            [(promoted.CandidateId!.Value, "promoted"), (distorted, "retired"), (trained.ModelId.Value, "retired")],
            await cohort.Database.QueryAsync<(long, string)>("select model_id, status from dropout_model order by model_id desc"));

        // Fitted only on the recalibration slice, compared only on the promotion slice: no patient of either in the
        // other, in the model's training rows or in its test rows.
        var snapshots = await SnapshotQuery.LoadAsync(cohort.Analyst, await SnapshotQuery.LandmarksAsync(cohort.Analyst, cohort.DataThrough), cohort.DataThrough);
        var cutoff = trained.Result!.TrainedThroughAdmission;
        var recalibrationRows = Recalibrator.Rows(snapshots, cutoff);
        var promotionRows = PromotionCheck.Rows(snapshots, cutoff);
        Assert.Equal(recalibrationRows.Count, promoted.Check.Rows);
        Assert.Equal(recalibrationRows.Count, promoted.Check.Fitted!.Rows);
        Assert.Equal(promotionRows.Count, promoted.Promotion.Verdict.Rows);
        HashSet<long> Patients(IEnumerable<SnapshotFeatures> rows) => [.. rows.Select(r => r.PatientKey)];
        var fitted = Patients(snapshots.Where(s => DropoutModelTrainer.Usable(s) && s.AdmittedOn < cutoff));
        var tested = Patients(snapshots.Where(s => DropoutModelTrainer.Usable(s) && EvaluationSlices.Of(s, cutoff) == EvaluationSlice.Test));
        Assert.Equal(trained.Result.Flow!.Test.Patients, tested.Count);
        Assert.Empty(Patients(recalibrationRows).Intersect(Patients(promotionRows)));
        Assert.Empty(Patients(recalibrationRows).Intersect(fitted.Concat(tested)));
        Assert.Empty(Patients(promotionRows).Intersect(fitted.Concat(tested)));

        var again = await workflow.RunAsync(promoted.CandidateId.Value, cohort.DataThrough, promoteIfBetter: true);

        Assert.False(again.Drifted);
        Assert.Null(again.Promotion);
        Assert.Equal(3, await cohort.Database.ScalarAsync<long>("select count(*) from dropout_model"));
    }
}
