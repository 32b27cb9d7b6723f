using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>The cohort's patients in care on its last day scored with the promoted model, five new flags a facility.</summary>
public sealed class RiskScorerTests(RiskScorerTests.Scored cohort) : IClassFixture<RiskScorerTests.Scored>
{
    private const int Capacity = 5;

    public sealed class Scored : PromotedModelCohort
    {
        public ScoringResult Result { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Result = await new RiskScorer(Database.DataSource).ScoreAsync(EndDate, Capacity);
        }
    }

    [Fact]
    public void Every_iop_and_php_patient_in_care_on_the_day_is_scored_or_counted_as_not_scored()
    {
        var inCare = cohort.Truth().Values.Count(t => t.Level is "IOP" or "PHP" && t.Reason.Length == 0);

        Assert.True(cohort.Result.Scored > 2 * Capacity);
        Assert.Equal(inCare, cohort.Result.Scored + cohort.Result.NotScored.Sum(n => n.Patients));
    }

    [Fact]
    public async Task Only_patients_inside_the_days_and_levels_the_model_was_trained_on_are_scored_the_rest_counted_by_reason()
    {
        var stored = await cohort.Database.ScalarAsync<string>(
            "select feature_schema -> 'domain' ->> 'first_day' || '-' || (feature_schema -> 'domain' ->> 'last_day') from dropout_model where model_id = @ModelId",
            new { cohort.Result.ModelId });
        var (first, last) = (cohort.Trained.Domain!.FirstDay, cohort.Trained.Domain.LastDay);
        Assert.Equal($"{first}-{last}", stored);
        Assert.Equal((LandmarkSet.Default.Days[0], LandmarkSet.Default.Days[^1]), (first, last));

        var days = await DaysInCareAsync(cohort);
        Assert.All(days, d => Assert.Equal(d.Day >= first && d.Day <= last, d.Scored));

        var early = days.Where(d => d.Day < first).ToList();
        var late = days.Where(d => d.Day > last).ToList();
        Assert.NotEmpty(early);
        Assert.Equal(
            [
                new NotScoredCount($"outside the model's range ({Days(early)}; trained on days {first}–{last})", early.Count),
                .. late.Count == 0 ? Array.Empty<NotScoredCount>() : [new NotScoredCount($"outside the model's range ({Days(late)}; trained on days {first}–{last})", late.Count)],
            ],
            cohort.Result.NotScored);
    }

    [Fact]
    public async Task A_patient_on_day_35_inside_the_whole_stay_models_domain_is_scored()
    {
        var days = await DaysInCareAsync(cohort);

        Assert.Contains(days, d => d.Day is > 28 and <= 84);
        Assert.All(days.Where(d => d.Day is > 28 and <= 84), d => Assert.True(d.Scored, $"day {d.Day} not scored"));
    }

    /// <summary>Each IOP or PHP patient in care on the cohort's last day: the day of care, and whether the promoted model scored it.</summary>
    internal static async Task<IReadOnlyList<(int Day, bool Scored)>> DaysInCareAsync(PromotedModelCohort cohort) =>
        [.. await cohort.Database.QueryAsync<(int Day, bool Scored)>("""
            select @Day - e.admitted_on, exists (select 1 from risk_score r where r.episode_key = e.episode_key and r.scored_on = @Day and r.model_id = @ModelId)
            from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day and (e.discharged_on is null or e.discharged_on > @Day)
            """, new { Day = cohort.EndDate, ModelId = cohort.PromotedId })];

    private static string Days(IReadOnlyList<(int Day, bool Scored)> side) =>
        side.Min(d => d.Day) == side.Max(d => d.Day) ? $"day {side[0].Day}" : $"days {side.Min(d => d.Day)}–{side.Max(d => d.Day)}";

    [Fact]
    public void A_patient_on_day_2_or_at_a_level_the_model_never_saw_lies_outside_its_domain_and_is_counted_not_named()
    {
        var domain = new ScoringDomain(7, 28, ["iop"]);

        Assert.False(domain.Contains(2, "iop"));
        Assert.True(domain.Contains(7, "iop"));
        Assert.True(domain.Contains(28, "iop"));
        Assert.False(domain.Contains(29, "iop"));
        Assert.False(domain.Contains(14, "php"));
        Assert.Equal(
            [
                new NotScoredCount("outside the model's range (PHP; trained on IOP)", 1),
                new NotScoredCount("outside the model's range (day 2; trained on days 7–28)", 2),
            ],
            domain.Exclusions([(2, "iop"), (14, "php"), (2, "iop"), (14, "iop")]));
    }

    [Fact]
    public async Task Each_facility_flags_its_highest_risks_up_to_the_teams_weekly_capacity()
    {
        Assert.Equal(2 * Capacity, cohort.Result.Raised);
        Assert.All(cohort.Result.Flags, f => Assert.True(f.IsNew));
        var lowestFlagged = await cohort.Database.QueryAsync<(string Facility, double Lowest, double HighestUnflagged)>("""
            select e.facility_id, min(r.probability) filter (where r.flagged), coalesce(max(r.probability) filter (where not r.flagged), 0)
            from risk_score r join episode e on e.episode_key = r.episode_key where r.model_id = @ModelId group by e.facility_id
            """, new { cohort.Result.ModelId });
        Assert.All(lowestFlagged, f => Assert.True(f.Lowest >= f.HighestUnflagged, $"{f.Facility}: {f.Lowest} < {f.HighestUnflagged}"));
        Assert.Equal(Enumerable.Range(1, Capacity), cohort.Result.Flags.Where(f => f.FacilityId == cohort.Result.Flags[0].FacilityId).Select(f => f.Rank));
    }

    [Fact]
    public void Flags_carry_reasons_a_counsellor_can_act_on_and_the_precision_to_expect()
    {
        Assert.Contains(cohort.Result.Flags, f => f.Reasons.Count > 0);
        Assert.All(cohort.Result.Flags.SelectMany(f => f.Reasons), reason => Assert.DoesNotContain("episode", reason, StringComparison.OrdinalIgnoreCase));
        var facility = cohort.Result.Flags[0].FacilityId;
        Assert.Equal(cohort.Result.Flags.Where(f => f.FacilityId == facility).Average(f => f.Probability), cohort.Result.ExpectedPrecision(facility)!.Value, 12);
        Assert.Null(cohort.Result.ExpectedPrecision("no such facility"));
    }

    [Fact]
    public async Task Every_scored_rows_contributions_add_up_to_its_log_odds_and_its_stored_reasons_are_their_words()
    {
        var stored = (await cohort.Database.QueryAsync<(long EpisodeKey, double Probability, string Reasons)>(
            "select episode_key, probability, array_to_string(reasons, ' | ') from risk_score where model_id = @ModelId and scored_on = @Day",
            new { cohort.Result.ModelId, Day = cohort.EndDate })).ToDictionary(r => r.EpisodeKey);
        var features = await SnapshotQuery.LoadAsync(cohort.Database.DataSource, [.. stored.Keys.Select(k => (k, cohort.EndDate))], cohort.EndDate);
        var promoted = (await new ModelRegistry(cohort.Database.DataSource).LoadPromotedAsync())!.Value;
        Assert.NotNull(promoted.Explanation);

        var explanations = new ScoringModel(promoted.Bytes, promoted.Recalibration, promoted.Explanation).Explain(features);

        Assert.Equal(cohort.Result.Scored, explanations.Count);
        foreach (var (f, e) in features.Zip(explanations))
        {
            Assert.Equal(ModelInput.FeatureNames.Length, e.Contributions.Count);
            // The model's own log-odds (its raw score through its calibration), against the bias plus the contributions.
            Assert.True(Math.Abs(e.LogOdds - e.ModelLogOdds) < 1e-6, $"{e.LogOdds} against {e.ModelLogOdds}");
            Assert.True(Math.Abs(1 / (1 + Math.Exp(-e.LogOdds)) - stored[f.EpisodeKey].Probability) < 1e-6);
            Assert.Equal(string.Join(" | ", RiskReasons.Phrase(e, f)), stored[f.EpisodeKey].Reasons);
        }

        // A recalibration, linear in the log-odds, keeps the sum: the contributions scaled by its slope, the bias moved by its intercept.
        var recalibration = new Recalibration(0.3, 0.8, 100, cohort.EndDate, cohort.EndDate, cohort.PromotedId);
        var recalibrated = new ScoringModel(promoted.Bytes, recalibration, promoted.Explanation).Explain(features);
        Assert.All(explanations.Zip(recalibrated), pair =>
        {
            Assert.True(Math.Abs(pair.Second.LogOdds - (0.3 + 0.8 * pair.First.LogOdds)) < 1e-9);
            Assert.True(Math.Abs(pair.Second.LogOdds - pair.Second.ModelLogOdds) < 1e-6);
            Assert.True(Math.Abs(1 / (1 + Math.Exp(-pair.Second.LogOdds)) - pair.Second.Risk) < 1e-6);
        });

        // The bias is the average training row's log-odds: near the training rows' event rate, not a constant of the code.
        var trainingRate = (double)cohort.Trained.TrainingEvents / cohort.Trained.TrainingRows;
        Assert.InRange(1 / (1 + Math.Exp(-explanations[0].Bias)), trainingRate / 2, trainingRate * 2);
    }

    [Fact]
    public async Task Reasons_name_only_signs_the_patient_shows_and_a_suggested_action_only_for_a_raise()
    {
        var features = (await SnapshotQuery.LoadAsync(cohort.Database.DataSource,
            [.. cohort.Result.Flags.Select(f => (f.EpisodeKey, cohort.EndDate))], cohort.EndDate)).ToDictionary(f => f.EpisodeKey);

        foreach (var flag in cohort.Result.Flags)
        {
            // Never a flag without a reason: when no sign stands out, the one reason says so, alone.
            Assert.NotEmpty(flag.Reasons);
            Assert.True(flag.Reasons.Count <= RiskReasons.MaximumReasons);
            if (flag.Reasons.Contains(RiskReasons.NoSingleSign))
            {
                Assert.Single(flag.Reasons);
                continue;
            }

            Assert.All(flag.Reasons, r => Assert.Matches(@": (raises|lowers) risk( strongly)?( — suggested: .+)?$", r));
            Assert.All(flag.Reasons.Where(r => r.Contains("lowers risk", StringComparison.Ordinal)), r => Assert.DoesNotContain("suggested", r, StringComparison.Ordinal));
            var f = features[flag.EpisodeKey];
            Assert.True(f.ConsecutiveMissed > 0 || !flag.Reasons.Any(r => r.StartsWith("missed", StringComparison.Ordinal)));
            Assert.True(f.PositiveScreens > 0 || !flag.Reasons.Any(r => r.Contains("positive drug screen in care", StringComparison.Ordinal) && !r.StartsWith("no ", StringComparison.Ordinal)));
            Assert.True(f.FamilyContacts == 0 || !flag.Reasons.Any(r => r.StartsWith("no family", StringComparison.Ordinal)));
        }

        Assert.Contains(cohort.Result.Flags.SelectMany(f => f.Reasons), r => r.Contains(" — suggested: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scoring_the_same_day_again_replaces_its_scores_and_raises_no_flag_twice()
    {
        var again = await new RiskScorer(cohort.Database.DataSource).ScoreAsync(cohort.EndDate, Capacity);

        Assert.Equal(cohort.Result.Scored, again.Scored);
        Assert.Equal(cohort.Result.Scored, await cohort.Database.ScalarAsync<long>(
            "select count(*) from risk_score where scored_on = @Day and model_id = @ModelId", new { Day = cohort.EndDate, cohort.Result.ModelId }));
        Assert.Equal(0, again.Raised);
        Assert.Equal(cohort.Result.Flags.Select(f => (f.FlagId, f.EpisodeKey, f.Probability)), again.Flags.Select(f => (f.FlagId, f.EpisodeKey, f.Probability)));
    }
}
