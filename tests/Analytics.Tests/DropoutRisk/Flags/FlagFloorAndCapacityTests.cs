using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Flags;

/// <summary>
/// The capacity counted over a rolling 7 days and the risk floor: scorings on Tuesday 19 May, the next Monday 25 May
/// (a new calendar week, but 6 days on), Tuesday 26 May, and on Wednesday 3 June first with a floor no risk reaches,
/// then again with a floor of 30%, three new flags a facility; then, with the capacity scaled by census, on Wednesday 17
/// June three flags per 30 patients in care and on Tuesday 30 June three per 100,000 (one a facility, the minimum).
/// </summary>
public sealed class FlagFloorAndCapacityTests(FlagFloorAndCapacityTests.Scorings cohort) : IClassFixture<FlagFloorAndCapacityTests.Scorings>
{
    private const int Capacity = 3;
    private const double Floor = 0.3;
    private const int PerPatients = 30;
    private static readonly DateOnly CensusDay = new(2026, 6, 17);
    private static readonly DateOnly MinimumDay = new(2026, 6, 30);

    public sealed class Scorings : PromotedModelCohort
    {
        public ScoringResult Tuesday { get; private set; } = null!;

        public ScoringResult Monday { get; private set; } = null!;

        public ScoringResult NextTuesday { get; private set; } = null!;

        public ScoringResult AboveEveryRisk { get; private set; } = null!;

        public ScoringResult AtTheFloor { get; private set; } = null!;

        public ScoringResult ByCensus { get; private set; } = null!;

        public ScoringResult ByCensusOfAHugeShare { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var scorer = new RiskScorer(Database.DataSource);
            Tuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 19), Capacity, riskFloor: 0);
            Monday = await scorer.ScoreAsync(new DateOnly(2026, 5, 25), Capacity, riskFloor: 0);
            NextTuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 26), Capacity, riskFloor: 0);
            AboveEveryRisk = await scorer.ScoreAsync(new DateOnly(2026, 6, 3), Capacity, riskFloor: 1);
            AtTheFloor = await scorer.ScoreAsync(new DateOnly(2026, 6, 3), Capacity, Floor);
            ByCensus = await scorer.ScoreAsync(CensusDay, new FlagCapacity(Capacity, PerPatients), riskFloor: 0);
            ByCensusOfAHugeShare = await scorer.ScoreAsync(MinimumDay, new FlagCapacity(Capacity, 100_000), riskFloor: 0);
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

    [Fact]
    public void A_capacity_per_patients_in_care_is_that_share_of_the_census_rounded_down_and_at_least_one()
    {
        // 3 flags a week per 50 patients in care, worked by hand: 3 × census / 50, rounded down, at least 1.
        var capacity = new FlagCapacity(3, 50);
        Assert.Equal(1, capacity.For(0));
        Assert.Equal(1, capacity.For(16)); // 0.96
        Assert.Equal(2, capacity.For(34)); // 2.04
        Assert.Equal(3, capacity.For(50));
        Assert.Equal(7, capacity.For(120)); // 7.2
        Assert.Equal(0, new FlagCapacity(0, 50).For(120));
        Assert.Equal(10, new FlagCapacity(10).For(500));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlagCapacity(3, 0));
    }

    [Fact]
    public async Task Scaled_by_census_each_facility_raises_its_share_of_its_patients_in_care()
    {
        var census = await Census(CensusDay);
        var raised = await RaisedOn(CensusDay);

        Assert.Equal(2, census.Count);
        foreach (var (facility, patients) in census)
        {
            var expected = Math.Max(1, Capacity * (int)patients / PerPatients);
            Assert.Equal((int)patients, cohort.ByCensus.Capacities[facility].PatientsInCare);
            Assert.Equal(expected, cohort.ByCensus.Capacities[facility].Capacity);
            Assert.True(expected > Capacity, $"{facility}: {patients} patients give {expected}, no more than the plain capacity");
            Assert.Equal(expected, raised.GetValueOrDefault(facility));
        }

        Assert.Equal(
            $"highest risks of at least 0%, at most {Capacity} new flags per {PerPatients} patients in care (at least 1) per facility in any 7 days; not again within 14 days of a flag",
            await cohort.Database.ScalarAsync<string>("select distinct threshold_rule from risk_flag where raised_on = @Day", new { Day = CensusDay }));
    }

    [Fact]
    public async Task Scaled_by_a_census_far_above_any_facility_each_still_raises_one_flag()
    {
        var raised = await RaisedOn(MinimumDay);

        Assert.All(await Census(MinimumDay), c => Assert.Equal(1, raised.GetValueOrDefault(c.Facility)));
        Assert.Equal(2, cohort.ByCensusOfAHugeShare.Raised);
    }

    /// <summary>Patients in IOP or PHP care by facility on a day, counted here from the episodes themselves.</summary>
    private async Task<IReadOnlyList<(string Facility, long Patients)>> Census(DateOnly day) =>
        await cohort.Database.QueryAsync<(string, long)>("""
            select e.facility_id, count(distinct e.patient_key)
            from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day and (e.discharged_on is null or e.discharged_on > @Day)
            group by e.facility_id order by 1
            """, new { Day = day });

    private async Task<IReadOnlyDictionary<string, int>> RaisedOn(DateOnly day) =>
        (await cohort.Database.QueryAsync<(string Facility, long Raised)>(
            "select facility_id, count(*) from risk_flag where raised_on = @Day group by facility_id", new { Day = day }))
        .ToDictionary(r => r.Facility, r => (int)r.Raised);
}
