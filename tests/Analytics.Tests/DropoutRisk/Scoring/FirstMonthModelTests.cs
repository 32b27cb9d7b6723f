using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>
/// A model trained on the first month's landmarks (days 7–28) and stored as models were before landmark days were
/// recorded: its feature schema holds its domain and no landmark days. It keeps scoring only days 7–28.
/// </summary>
public sealed class FirstMonthModelTests(FirstMonthModelTests.Stored cohort) : IClassFixture<FirstMonthModelTests.Stored>
{
    public sealed class Stored : PromotedModelCohort
    {
        public ScoringResult Result { get; private set; } = null!;

        protected override LandmarkSet Landmarks => LandmarkSet.FirstMonth;

        protected override int Episodes => 900;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Assert.Equal(1, await Database.ScalarAsync<int>(
                "with stored as (update dropout_model set feature_schema = feature_schema - 'landmark_days' where model_id = @Id returning 1) select count(*)::int from stored",
                new { Id = PromotedId }));
            Result = await new RiskScorer(Database.DataSource).ScoreAsync(EndDate, 5);
        }
    }

    [Fact]
    public async Task A_model_stored_with_the_first_months_schema_still_refuses_a_patient_on_day_35()
    {
        var days = await RiskScorerTests.DaysInCareAsync(cohort);
        var late = days.Where(d => d.Day > 28).ToList();

        Assert.Contains(late, d => d.Day is > 28 and <= 84);
        Assert.All(days, d => Assert.Equal(d.Day is >= 7 and <= 28, d.Scored));
        Assert.Contains(new NotScoredCount($"outside the model's range (days {late.Min(d => d.Day)}–{late.Max(d => d.Day)}; trained on days 7–28)", late.Count), cohort.Result.NotScored);
    }

    [Fact]
    public async Task Its_checks_read_the_first_months_landmark_days_it_was_trained_on()
    {
        Assert.Equal(LandmarkSet.FirstMonth.Days, await new ModelRegistry(cohort.Database.DataSource).LandmarkDaysAsync(cohort.PromotedId));
        Assert.Null(await new ModelRegistry(cohort.Database.DataSource).LandmarkDaysAsync(cohort.PromotedId + 1000));

        // Drift is read at the days the model was trained on, each month at its own mix of them (this small cohort's months
        // are too few to judge, but are measured all the same).
        var months = await new DriftCheck(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);
        var days = months.Where(m => m.Patients >= 20).Select(m => m.Features.Single(f => f.Feature == "days since admission").Psi).ToList();
        Assert.NotEmpty(days);
        Assert.All(days, psi => Assert.True(psi < 0.1, $"PSI of the days since admission {psi:F3}"));
    }

    [Fact]
    public async Task With_no_training_month_of_100_patients_its_drift_alarms_only_at_a_marked_shift_and_its_card_says_so()
    {
        // 50 admissions a month at days 7-28: no month, before or after the cut-off, has 100 patients to judge.
        var months = await new DriftCheck(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);
        var card = await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId);

        Assert.All(months, m => Assert.True(m.TooFew));
        Assert.All(cohort.Trained.Reference, r => Assert.Null(r.TrainingMonthsPsi));
        Assert.All(months.SelectMany(m => m.Features), f => Assert.Equal(PopulationStability.Marked, f.Threshold));
        Assert.Contains("no training month had 100 patients to measure their own drift, so it warns only above PSI 0.25", card, StringComparison.Ordinal);
    }
}
