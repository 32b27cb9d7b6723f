using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Flags;

/// <summary>
/// The capacity counted over a rolling 7 days and the risk floor: scorings on Tuesday 19 May, the next Monday 25 May
/// (a new calendar week, but 6 days on), Tuesday 26 May, and on Wednesday 3 June first with a floor no risk reaches,
/// then again with a floor of 30%, three new flags a facility.
/// </summary>
public sealed class FlagFloorAndCapacityTests(FlagFloorAndCapacityTests.Scorings cohort) : IClassFixture<FlagFloorAndCapacityTests.Scorings>
{
    private const int Capacity = 3;
    private const double Floor = 0.3;

    public sealed class Scorings : PromotedModelCohort
    {
        public ScoringResult Tuesday { get; private set; } = null!;

        public ScoringResult Monday { get; private set; } = null!;

        public ScoringResult NextTuesday { get; private set; } = null!;

        public ScoringResult AboveEveryRisk { get; private set; } = null!;

        public ScoringResult AtTheFloor { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var scorer = new RiskScorer(Database.DataSource);
            Tuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 19), Capacity, riskFloor: 0);
            Monday = await scorer.ScoreAsync(new DateOnly(2026, 5, 25), Capacity, riskFloor: 0);
            NextTuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 26), Capacity, riskFloor: 0);
            AboveEveryRisk = await scorer.ScoreAsync(new DateOnly(2026, 6, 3), Capacity, riskFloor: 1);
            AtTheFloor = await scorer.ScoreAsync(new DateOnly(2026, 6, 3), Capacity, Floor);
        }
    }

    [Fact]
    public void A_monday_raises_nothing_while_the_last_7_days_used_the_capacity_and_a_day_later_it_is_free_again()
    {
        Assert.Equal(2 * Capacity, cohort.Tuesday.Raised);
        Assert.Equal(0, cohort.Monday.Raised);
        Assert.Equal(2 * Capacity, cohort.NextTuesday.Raised);
    }

    [Fact]
    public async Task No_flag_is_raised_below_the_floor_whatever_capacity_is_left()
    {
        Assert.Equal(0, cohort.AboveEveryRisk.Raised);
        Assert.InRange(cohort.AtTheFloor.Raised, 1, 2 * Capacity);
        Assert.All(cohort.AtTheFloor.Flags.Where(f => f.IsNew), f => Assert.True(f.Probability >= Floor, $"flag {f.FlagId} at {f.Probability}"));

        // Every facility that raised fewer than its capacity had no unflagged score left at or above the floor.
        var left = await cohort.Database.QueryAsync<(string Facility, long Raised, long EligibleUnflagged)>("""
            select e.facility_id,
                   count(*) filter (where f.raised_on = @Day),
                   count(*) filter (where r.probability >= @Floor and f.flag_id is null)
            from risk_score r
            join episode e on e.episode_key = r.episode_key
            left join risk_flag f on f.episode_key = r.episode_key and f.raised_on > @Day - 14
            where r.scored_on = @Day
            group by e.facility_id
            """, new { Day = new DateOnly(2026, 6, 3), Floor });
        Assert.All(left, f => Assert.True(f.Raised == Capacity || f.EligibleUnflagged == 0, $"{f.Facility}: {f.Raised} raised, {f.EligibleUnflagged} left"));
        Assert.True(await cohort.Database.ScalarAsync<double>(
            "select min(probability) from risk_flag where raised_on = @Day", new { Day = new DateOnly(2026, 6, 3) }) >= Floor);
        Assert.Equal(
            "highest risks of at least 30%, at most 3 new flags per facility in any 7 days; not again within 14 days of a flag",
            await cohort.Database.ScalarAsync<string>("select distinct threshold_rule from risk_flag where raised_on = @Day", new { Day = new DateOnly(2026, 6, 3) }));
    }

    [Fact]
    public void The_default_floor_is_ten_percent()
    {
        Assert.Equal(0.10, FlagStore.DefaultRiskFloor);
    }
}
