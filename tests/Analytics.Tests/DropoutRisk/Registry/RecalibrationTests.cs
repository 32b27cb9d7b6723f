using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Registry;

[Collection(PromotedModelCollection.Name)]
public sealed class RecalibrationTests(PromotedModelCohort cohort)
{
    [Fact]
    public void The_fit_recovers_the_intercept_and_slope_that_generated_the_outcomes()
    {
        // 20,000 risks; outcomes drawn with logit P(y) = -0.5 + 0.8 · logit(risk): the risks are too high and too extreme.
        var random = new Random(11);
        var risks = Enumerable.Range(0, 20_000).Select(_ => 0.02 + 0.9 * random.NextDouble()).ToArray();
        var outcomes = risks.Select(p => random.NextDouble() < 1 / (1 + Math.Exp(-(-0.5 + 0.8 * Math.Log(p / (1 - p)))))).ToArray();

        var fitted = Recalibrator.Fit(risks, outcomes, null, 7, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30));

        Assert.InRange(fitted.Intercept, -0.6, -0.4);
        Assert.InRange(fitted.Slope, 0.7, 0.9);
        Assert.Equal((20_000, 7L), (fitted.Rows, fitted.FromModel));
        var (slope, intercept) = Calibration.SlopeAndIntercept([.. risks.Select(fitted.Apply)], outcomes);
        Assert.InRange(slope, 0.95, 1.05);
        Assert.InRange(intercept, -0.05, 0.05);
    }

    [Fact]
    public void A_second_recalibration_composes_with_the_first_so_it_applies_to_the_models_own_risks()
    {
        // The model's risks p were mapped by a first recalibration, logit p1 = 0.2 + 0.5 logit p; outcomes now follow
        // logit P(y) = -0.1 + 2 logit p1, that is -0.1 + 2 (0.2 + 0.5 logit p) = 0.3 + 1.0 logit p by hand.
        var first = new Recalibration(0.2, 0.5, 100, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), 3);
        var random = new Random(5);
        var risks = Enumerable.Range(0, 20_000).Select(_ => 0.02 + 0.9 * random.NextDouble()).ToArray();
        var mapped = risks.Select(first.Apply).ToArray();
        var outcomes = mapped.Select(p => random.NextDouble() < 1 / (1 + Math.Exp(-(-0.1 + 2 * Math.Log(p / (1 - p)))))).ToArray();

        var second = Recalibrator.Fit(mapped, outcomes, first, 9, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30));

        Assert.InRange(second.Intercept, 0.2, 0.4);
        Assert.InRange(second.Slope, 0.9, 1.1);
        Assert.Equal(3, second.FromModel);
    }

    [Fact]
    public async Task A_recalibrated_candidate_keeps_the_order_of_patients_and_changes_what_the_risks_mean()
    {
        var registry = new ModelRegistry(cohort.Database.DataSource);
        var recalibration = new Recalibration(0.4, 1.2, 500, new DateOnly(2026, 1, 1), cohort.EndDate, cohort.PromotedId);
        var candidate = await registry.SaveRecalibratedAsync(cohort.PromotedId, recalibration);
        var (_, _, bytes, stored) = (await registry.LoadForScoringAsync(candidate))!.Value;
        var rows = cohort.Snapshots.Take(400).ToList();

        var original = new ScoringModel(bytes, null).Predict(rows);
        var recalibrated = new ScoringModel(bytes, stored).Predict(rows);

        Assert.Equal(recalibration, stored);
        Assert.All(Enumerable.Range(0, rows.Count), i => Assert.Equal(recalibration.Apply(original[i]), recalibrated[i], 12));
        Assert.Equal(Enumerable.Range(0, rows.Count).OrderBy(i => original[i]).ThenBy(i => i), Enumerable.Range(0, rows.Count).OrderBy(i => recalibrated[i]).ThenBy(i => i));
        Assert.Contains("## Recalibration", await registry.LoadCardAsync(candidate), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_reports_the_calibration_of_the_promoted_model_on_admissions_since_its_training()
    {
        var check = await new Recalibrator(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);

        Assert.Equal(cohort.PromotedId, check.ModelId);
        Assert.True(check.Rows > 0);
        Assert.Equal(check.Drifted, check.Fitted is not null);
        Assert.True(check.TooFew || check.Slope is not null);
    }
}
