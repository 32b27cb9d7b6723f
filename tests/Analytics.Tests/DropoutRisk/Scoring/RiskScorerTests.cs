using System.Globalization;
using System.Text.RegularExpressions;
using Outcomes.Analytics.DropoutRisk.Features;
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
    public void Every_iop_and_php_patient_in_care_on_the_day_is_scored_as_the_generator_recorded_them()
    {
        var inCare = cohort.Truth().Values.Count(t => t.Level is "IOP" or "PHP" && t.Reason.Length == 0);

        Assert.True(inCare > 2 * Capacity);
        Assert.Equal(inCare, cohort.Result.Scored);
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
    public async Task Reasons_come_from_the_model_largest_contribution_first_and_name_only_signs_the_patient_shows()
    {
        var features = (await SnapshotQuery.LoadAsync(cohort.Database.DataSource,
            [.. cohort.Result.Flags.Select(f => (f.EpisodeKey, cohort.EndDate))], cohort.EndDate)).ToDictionary(f => f.EpisodeKey);

        foreach (var flag in cohort.Result.Flags)
        {
            var points = flag.Reasons.Select(r => int.Parse(Regex.Match(r, @"\(\+(\d+) points\)$").Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(points.OrderDescending(), points);
            Assert.All(points, p => Assert.True(p >= 1));
            Assert.True(flag.Reasons.Count <= RiskReasons.MaximumReasons);
            var f = features[flag.EpisodeKey];
            Assert.True(f.ConsecutiveMissed > 0 || !flag.Reasons.Any(r => r.StartsWith("missed", StringComparison.Ordinal)));
            Assert.True(f.PositiveScreens > 0 || !flag.Reasons.Any(r => r.Contains("positive drug screen", StringComparison.Ordinal)));
            Assert.True(f.FamilyContacts == 0 || !flag.Reasons.Any(r => r.StartsWith("no family", StringComparison.Ordinal)));
        }
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
