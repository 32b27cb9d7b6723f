using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Synthetic.Snapshots;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Training;

/// <summary>
/// Snapshots drawn from a known risk model (<see cref="KnownRiskSnapshots"/>), so the best achievable
/// discrimination is known: the true probabilities themselves (the "oracle") scored on the same test rows.
/// </summary>
public sealed class DropoutModelTrainerTests
{
    private static readonly (IReadOnlyList<SnapshotFeatures> Snapshots, Dictionary<(long, DateOnly), double> Truth) Cohort = KnownRiskSnapshots.Generate(6000);
    private static readonly TrainingResult Result = new DropoutModelTrainer().Train(Cohort.Snapshots);

    [Fact]
    public void The_test_rows_are_the_test_slice_of_the_latest_admissions_never_seen_in_training()
    {
        var later = Cohort.Snapshots.Where(s => s.AdmittedOn >= Result.TrainedThroughAdmission).ToList();
        var flow = Result.Flow!;

        Assert.Equal(Cohort.Snapshots.Count - later.Count, Result.TrainingRows);
        Assert.Equal(later.Count(s => EvaluationSlices.OfNewPatient(s.PatientKey) == EvaluationSlice.Test), Result.TestRows);
        Assert.Equal((Result.TrainingRows, Result.TestRows), (flow.Training.Rows, flow.Test.Rows));
        Assert.Equal(later.Count, flow.Recalibration.Rows + flow.Promotion.Rows + flow.Test.Rows);
        // Each patient new after the cut-off falls in a slice by a hash of the key: a quarter, a quarter, a half.
        Assert.InRange(flow.Recalibration.Rows, 0.2 * later.Count, 0.3 * later.Count);
        Assert.InRange(flow.Promotion.Rows, 0.2 * later.Count, 0.3 * later.Count);
        Assert.InRange(Result.TestRows, 700, 1100);
    }

    [Fact]
    public void A_model_that_learnt_the_planted_risk_passes_every_guard_and_one_that_trails_the_rule_does_not()
    {
        Assert.Empty(Result.GuardFailures);
        Assert.True(Result.TrainingEvents >= PromotionGuards.MinimumEvents);

        var rule = Result.Evaluations.Single(e => e.Model == DropoutModelTrainer.MissedSessionsRule);
        var trailing = Result with
        {
            Evaluations = [.. Result.Evaluations.Select(e => e.Model == DropoutModelTrainer.GradientBoosted
                ? e with { Auroc = rule.Auroc, AurocInterval = new Interval(rule.Auroc - PromotionGuards.Margin - 0.001, rule.Auroc + 0.01) }
                : e)],
        };
        Assert.StartsWith("not better than the missed-sessions rule: ", Assert.Single(trailing.GuardFailures), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_models_come_close_to_the_best_possible_discrimination_and_beat_the_simple_rule()
    {
        var test = Cohort.Snapshots.Where(s => EvaluationSlices.Of(s, Result.TrainedThroughAdmission) == EvaluationSlice.Test).ToList();
        var oracle = Discrimination.Auroc([.. test.Select(s => Cohort.Truth[(s.EpisodeKey, s.SnapshotDate)])], [.. test.Select(s => s.DroppedOutWithinHorizon!.Value)]);
        var boosted = Result.Evaluations.Single(e => e.Model == DropoutModelTrainer.GradientBoosted);
        var logistic = Result.Evaluations.Single(e => e.Model == DropoutModelTrainer.Logistic);
        var rule = Result.Evaluations.Single(e => e.Model == DropoutModelTrainer.MissedSessionsRule);

        Assert.InRange(boosted.Auroc, oracle - 0.05, oracle + 0.01);
        Assert.InRange(logistic.Auroc, oracle - 0.03, oracle + 0.01);
        Assert.True(rule.Auroc < logistic.Auroc - 0.02, $"rule {rule.Auroc:F3}, logistic {logistic.Auroc:F3}");
        Assert.True(boosted.AurocInterval.Contains(boosted.Auroc));
    }

    [Fact]
    public void Predicted_risks_are_calibrated_on_later_admissions()
    {
        var boosted = Result.Evaluations.Single(e => e.Model == DropoutModelTrainer.GradientBoosted);
        var constantBrier = Result.TestDropoutRate * (1 - Result.TestDropoutRate);

        Assert.InRange(boosted.CalibrationSlope!.Value, 0.75, 1.25);
        Assert.InRange(boosted.CalibrationIntercept!.Value, -0.25, 0.25);
        Assert.True(boosted.Brier < constantBrier, $"Brier {boosted.Brier:F4} not below the constant predictor's {constantBrier:F4}");
        Assert.Equal(10, boosted.CalibrationTable.Count);
    }

    [Fact]
    public void The_trained_model_is_saved_as_bytes_for_the_registry()
    {
        Assert.True(Result.ModelBytes.Length > 1000);
    }
}
