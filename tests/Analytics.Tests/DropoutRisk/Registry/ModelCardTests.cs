using System.Globalization;
using System.Text.Json;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Registry;

[Collection(PromotedModelCollection.Name)]
public sealed class ModelCardTests(PromotedModelCohort cohort)
{
    [Fact]
    public async Task The_registry_keeps_a_model_card_with_the_figures_stored_for_the_model()
    {
        var card = await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId);
        using var metrics = JsonDocument.Parse(await cohort.Database.ScalarAsync<string>(
            "select metrics::text from dropout_model where model_id = @Id", new { Id = cohort.PromotedId }));
        var boosted = metrics.RootElement.GetProperty("evaluations")[0];

        Assert.NotNull(card);
        Assert.StartsWith($"# Model card: early-dropout risk model {cohort.PromotedId}\n", card, StringComparison.Ordinal);
        foreach (var section in new[] { "## Intended use [3, 5]", "## Data [5, 6, 8]", "## Predictors [7]", "## Performance on later admissions [23]", "## Performance by group of patients [23a]", "## Limitations [27]" })
        {
            Assert.Contains(section, card, StringComparison.Ordinal);
        }

        Assert.Contains(boosted.GetProperty("auroc").GetDouble().ToString("F3", CultureInfo.InvariantCulture), card, StringComparison.Ordinal);
        Assert.Contains("| sex | female |", card, StringComparison.Ordinal);
        Assert.Contains("must never be used to deny", card, StringComparison.Ordinal);
        Assert.Contains("Reasons shown with a flag: each predictor's contribution to the patient's log-odds", card, StringComparison.Ordinal);
        Assert.Contains($"Guards before promotion: {metrics.RootElement.GetProperty("training_events").GetInt32():N0} unplanned discharges in the training rows", card, StringComparison.Ordinal);
        Assert.Contains("Passed: the model may be promoted.", card, StringComparison.Ordinal);
        Assert.Equal(0, metrics.RootElement.GetProperty("guard_failures").GetArrayLength());
    }

    [Fact]
    public async Task The_card_shows_the_performance_of_each_landmark_day_the_model_was_trained_on()
    {
        var card = await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId);
        var stored = await cohort.Database.QueryAsync<int>(
            "select (d ->> 'day')::int from dropout_model, jsonb_array_elements(metrics -> 'by_landmark_day') d where model_id = @Id", new { Id = cohort.PromotedId });

        Assert.Contains("## Performance by landmark day [23a]", card, StringComparison.Ordinal);
        Assert.Equal(cohort.Trained.ByLandmarkDay.Select(d => d.Day), stored);
        Assert.Contains(3, stored);
        Assert.Contains(42, stored);
        Assert.Contains($"Landmark snapshots of each episode on days {string.Join(", ", cohort.Trained.LandmarkDays)} after admission", card, StringComparison.Ordinal);
        foreach (var day in cohort.Trained.ByLandmarkDay)
        {
            var auroc = day.TooSmall ? "too few to judge" : day.Auroc!.Value.ToString("F3", CultureInfo.InvariantCulture);
            Assert.Contains($"\n| {day.Day} | {(day.Rows < 11 ? "<11" : day.Rows.ToString("N0", CultureInfo.InvariantCulture))} | ", card, StringComparison.Ordinal);
            Assert.Contains(auroc, card, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_count_from_1_to_10_is_printed_and_no_rate_gives_one_away()
    {
        var result = cohort.Trained with
        {
            Subgroups = [new SubgroupResult("sex", "other", 1, 1, true, null, null, 0.2, 1, new Interval(0.2, 1))],
            ByLandmarkDay = [new LandmarkDayResult(84, 7, 2, true, null, null, null, null, 0.2, 2 / 7.0), new LandmarkDayResult(56, 40, 35, true, null, null, null, null, 0.3, 35 / 40.0)],
        };

        var card = ModelCard.Render(1, result, 30, cohort.EndDate, "test");

        Assert.Contains("| sex | other | <11 | <11 | too few to judge | 20.0 % | <11 |", card, StringComparison.Ordinal);
        Assert.Contains("| 84 | <11 | <11 | too few to judge | – | – | 20.0 % | <11 |", card, StringComparison.Ordinal);
        Assert.Contains("| 56 | 40 | * | too few to judge | – | – | 30.0 % | * |", card, StringComparison.Ordinal);
        Assert.DoesNotContain("87.5 %", card, StringComparison.Ordinal);
    }
}
