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
            // A small day's count is "<11"; when it is the only one, the smallest other day's is hidden too ("*"): the days
            // add up to the test rows, printed above.
            var small = cohort.Trained.ByLandmarkDay.Where(d => d.Rows < 11).ToList();
            var complement = small.Count == 1 && day == cohort.Trained.ByLandmarkDay.Where(d => d.Rows >= 11).MinBy(d => d.Rows);
            var rows = day.Rows < 11 ? "<11" : complement ? "*" : day.Rows.ToString("N0", CultureInfo.InvariantCulture);
            Assert.Contains($"\n| {day.Day} | {rows} | ", card, StringComparison.Ordinal);
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
        // Day 56's 40 snapshots and 35 events are hidden too: the days add up to the test rows printed above, so day 84's
        // small counts would be the total less day 56's.
        Assert.Contains("| 56 | * | * | too few to judge | – | – | 30.0 % | * |", card, StringComparison.Ordinal);
        // Day 56's rate (35 of 40) is hidden with its counts; the threshold table may print 87.5 % of other rows.
        Assert.DoesNotContain(card.Split('\n'), l => l.StartsWith("| 56 |", StringComparison.Ordinal) && l.Contains("87.5 %", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_card_shows_the_flow_missing_data_thresholds_net_benefit_smoothed_calibration_fairness_and_the_external_validation()
    {
        var card = (await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId))!;
        var trained = cohort.Trained;
        var flow = trained.Flow!;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

        // Every snapshot built is either left out for a reason or in a slice, and the training and test slices are the rows trained and tested on.
        Assert.Equal(cohort.Snapshots.Count, flow.Snapshots.Rows);
        Assert.Equal(flow.Snapshots.Rows, new[] { flow.Censored, flow.MissingSource, flow.Outreach, flow.SeenBeforeCutoff, flow.Training, flow.Recalibration, flow.Promotion, flow.Test }.Sum(s => s.Rows));
        Assert.Equal(flow.MissingSource.Rows, flow.MissingBySource.Sum(m => m.Snapshots));
        Assert.Equal((trained.TrainingRows, trained.TrainingEvents), (flow.Training.Rows, flow.Training.Events!.Value));
        Assert.Equal((trained.TestRows, (int)Math.Round(trained.TestRows * trained.TestDropoutRate)), (flow.Test.Rows, flow.Test.Events!.Value));
        Assert.Contains($"| landmark snapshots in care ({N(flow.Episodes)} episodes) | {N(flow.Snapshots.Rows)} | {N(flow.Snapshots.Patients)} | – |", card, StringComparison.Ordinal);
        Assert.Contains($"| training slice (admissions before the cut-off) | {N(trained.TrainingRows)} | {N(flow.Training.Patients)} | {N(trained.TrainingEvents)} |", card, StringComparison.Ordinal);

        Assert.Contains("## Missing data [11]", card, StringComparison.Ordinal);
        Assert.Contains("- FAC01: sessions on every snapshot; drug screens on every snapshot; family contacts on every snapshot.", card, StringComparison.Ordinal);

        Assert.Equal(0.10, trained.OperatingPoint!.RiskFloor);
        var floor = trained.Thresholds.Single(t => t.Threshold == 0.10);
        Assert.Contains($"| 10 % (risk floor) | {N(floor.Flagged)} | {floor.FlagsPerWeek.ToString("F1", CultureInfo.InvariantCulture)} | {floor.Sensitivity.ToString("P1", CultureInfo.InvariantCulture)} | {floor.Specificity.ToString("P1", CultureInfo.InvariantCulture)} | {floor.Precision.ToString("P1", CultureInfo.InvariantCulture)} | {floor.NegativePredictiveValue.ToString("P1", CultureInfo.InvariantCulture)} |", card, StringComparison.Ordinal);
        Assert.Equal([0.05, 0.10, 0.15, 0.20, 0.30, 0.40, 0.50], trained.Thresholds.Select(t => t.Threshold));

        // Net benefit: the model beats reaching out to everyone and the rule at the floor on a cohort where it discriminates.
        var atFloor = trained.DecisionCurve.Single(d => d.Threshold == 0.10);
        Assert.True(atFloor.Model > atFloor.TreatAll && atFloor.Model > atFloor.Rule, $"{atFloor}");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| 10 % | {atFloor.Model:F3} | {atFloor.TreatAll:F3} | {atFloor.Rule:F3} | 0 |"), card, StringComparison.Ordinal);

        var curve = trained.CalibrationCurve!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Integrated calibration index (ICI, the mean distance between a predicted risk and the observed rate at it on the smoothed curve) {curve.Ici:P1}; E50 {curve.E50:P1}, E90 {curve.E90:P1}"), card, StringComparison.Ordinal);
        Assert.InRange(curve.Ici, 0, 0.1);
        Assert.Contains("| 10 % | ", card, StringComparison.Ordinal);

        var all = trained.Fairness[0];
        Assert.Equal((trained.TestRows, trained.Thresholds.Single(t => t.Threshold == 0.10).Events), (all.Rows, all.Events));
        Assert.True(all.Flagged <= floor.Flagged, "the capacity flags no more than the floor alone");
        Assert.Contains("## Fairness at the operating point [14, 23a]", card, StringComparison.Ordinal);
        Assert.Contains("no flag below a risk of 10 %, at most 10 new flags a facility in any 7 days", card, StringComparison.Ordinal);
        Assert.Contains($"| all | all test snapshots | {N(all.Rows)} | {N(all.Flagged)} | {all.FlagRate.Estimate.ToString("P1", CultureInfo.InvariantCulture)} (", card, StringComparison.Ordinal);
        foreach (var attribute in new[] { "level of care", "facility", "sex", "age band", "race", "ethnicity" })
        {
            Assert.Contains($"\n| {attribute} | ", card[card.IndexOf("## Fairness at the operating point", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        // Learning curve: a quarter, a half and all of the training patients, each share's rows within the next's.
        Assert.Equal([0.25, 0.5, 1.0], trained.LearningCurve.Select(p => p.Share));
        Assert.True(trained.LearningCurve[0].Rows < trained.LearningCurve[1].Rows && trained.LearningCurve[1].Rows < trained.TrainingRows);
        Assert.Equal(trained.Evaluations[0].Auroc, trained.LearningCurve[2].Auroc);
        Assert.All(trained.LearningCurve, p => Assert.InRange(p.Auroc!.Value, 0.6, 1));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| 100 % | {N(trained.TrainingRows)} | {N(trained.TrainingEvents)} | {trained.Evaluations[0].Auroc:F3} |"), card, StringComparison.Ordinal);

        Assert.Contains("## External validation [23, 25]", card, StringComparison.Ordinal);
        Assert.Contains("tested on CTN-0051", card, StringComparison.Ordinal);
        Assert.Contains("docs/real-data.md", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_cell_of_the_fairness_threshold_or_flow_tables_prints_a_count_from_1_to_10()
    {
        var card = (await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId))!;
        var start = card.IndexOf("### Participant flow", StringComparison.Ordinal);
        var tables = card[start..card.IndexOf("## Missing data", StringComparison.Ordinal)]
            + card[card.IndexOf("### Flagging at a risk threshold", StringComparison.Ordinal)..card.IndexOf("### Net benefit", StringComparison.Ordinal)]
            + card[card.IndexOf("## Fairness at the operating point", StringComparison.Ordinal)..card.IndexOf("## External validation", StringComparison.Ordinal)];

        var cells = tables.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).SelectMany(l => l.Split('|').Select(c => c.Trim()));

        Assert.DoesNotContain(cells, c => int.TryParse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10);
        Assert.Contains("<11", card[card.IndexOf("## Fairness at the operating point", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void A_fairness_group_of_fewer_than_11_is_suppressed_and_another_hidden_so_that_it_cannot_be_worked_out()
    {
        var result = cohort.Trained with
        {
            Fairness =
            [
                new FairnessResult("all", "all test snapshots", 520, 120, 130, 80),
                new FairnessResult("sex", "female", 200, 50, 60, 35),
                new FairnessResult("sex", "male", 313, 68, 66, 44),
                new FairnessResult("sex", "other", 7, 2, 4, 1),
            ],
        };

        var card = ModelCard.Render(1, result, 30, cohort.EndDate, "test");

        // "other": every count and rate hidden. Alone hidden, it could be worked out from the total (520 - 200 - 313), so
        // the smallest other group of each column is hidden too, with the rates read from it.
        Assert.Contains("| sex | other | <11 | <11 | <11 | <11 | <11 | <11 |", card, StringComparison.Ordinal);
        Assert.Contains("| sex | female | * | * | * | * | * | * |", card, StringComparison.Ordinal);
        Assert.Contains("| sex | male | 313 | 68 | 21.7 % (", card, StringComparison.Ordinal);
        Assert.Contains("| all | all test snapshots | 520 | 120 | 23.1 % (", card, StringComparison.Ordinal);
    }
}
