using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Flags;

/// <summary>
/// The usefulness page's two counts beside the follow-through, on flags raised Tuesday 5 May 2026 (three a facility) and
/// reviewed by hand here: the first after 1 day (then outreach by phone), the second dismissed after 5 days, the third
/// acknowledged after 3 days and reached in person an hour later; the others never.
/// </summary>
public sealed class FlagReviewPromptnessAndOutreachTests(FlagReviewPromptnessAndOutreachTests.Reviewed cohort)
    : IClassFixture<FlagReviewPromptnessAndOutreachTests.Reviewed>
{
    private static readonly DateOnly Raised = new(2026, 5, 5);
    private static readonly ReportingPeriod May = ReportingPeriod.MonthOf(Raised);

    public sealed class Reviewed : PromotedModelCohort
    {
        public IReadOnlyList<long> Flags { get; private set; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var scoring = await new RiskScorer(Database.DataSource).ScoreAsync(Raised, 3);
            Flags = [.. scoring.Flags.Where(f => f.IsNew).Select(f => f.FlagId).Order()];
            var store = new FlagStore(Database.DataSource);
            var day = new DateTimeOffset(Raised.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            await store.ReviewAsync(new FlagReview(Flags[0], FlagStatus.Acknowledged, "counsellor", null, null, null), day.AddDays(1));
            await store.ReviewAsync(new FlagReview(Flags[0], FlagStatus.OutreachDone, "counsellor", null, "phone_call", "reached"), day.AddDays(2));
            await store.ReviewAsync(new FlagReview(Flags[1], FlagStatus.Dismissed, "nurse", null, null, "back in group"), day.AddDays(5));
            await store.ReviewAsync(new FlagReview(Flags[2], FlagStatus.Acknowledged, "nurse", null, null, null), day.AddDays(3));
            await store.ReviewAsync(new FlagReview(Flags[2], FlagStatus.OutreachDone, "nurse", null, "in_person", "came in"), day.AddDays(3).AddHours(1));
        }
    }

    [Theory]
    // Through the cohort's end: all six flags due; within 3 days the first (1 day) and the third (3 days), not the dismissed (5 days).
    [InlineData(3, 0, 6, 2)]
    [InlineData(5, 0, 6, 3)]
    [InlineData(0, 0, 6, 0)]
    // Through 9 May (4 days after): within 1 day, due all six, the first reviewed in time; within 3 days, the third's step counts.
    [InlineData(1, 4, 6, 1)]
    [InlineData(3, 4, 6, 2)]
    // Through 7 May: the first's step is in; the third's, on 8 May, is not yet recorded, so it is not reviewed within 2 days.
    [InlineData(2, 2, 6, 1)]
    public async Task Flags_first_reviewed_within_the_days_are_counted_among_those_whose_days_have_passed(int within, int throughDaysAfter, int due, int reviewedWithin)
    {
        Assert.Equal(6, cohort.Flags.Count);
        var through = throughDaysAfter == 0 ? cohort.EndDate : Raised.AddDays(throughDaysAfter);

        var month = Assert.Single(await new FlagStore(cohort.Database.DataSource).FollowThroughByMonthAsync(May, null, through, within));

        Assert.Equal(new FlagReviewPromptness(May.Start, due, reviewedWithin), month.Promptness);
        Assert.Equal((May.Start, 6), (month.Month, month.FollowThrough.Raised));
    }

    [Fact]
    public async Task No_flag_is_due_before_its_days_have_passed()
    {
        var month = Assert.Single(await new FlagStore(cohort.Database.DataSource).FollowThroughByMonthAsync(May, null, Raised.AddDays(2), 3));

        Assert.Equal(new FlagReviewPromptness(May.Start, 0, 0), month.Promptness);
    }

    [Fact]
    public async Task After_outreach_each_kind_counts_its_flags_and_what_became_of_the_patients()
    {
        var store = new FlagStore(cohort.Database.DataSource);

        var rows = await store.OutreachOutcomesAsync(May, null, cohort.EndDate);

        Assert.Equal(["in_person", "phone_call"], rows.Select(r => r.Action).Order());
        foreach (var (flag, action) in new[] { (cohort.Flags[0], "phone_call"), (cohort.Flags[2], "in_person") })
        {
            // The patient's care, read here from the episode and judged by hand against the 30-day horizon.
            var (discharged, reason, horizon) = Assert.Single(await cohort.Database.QueryAsync<(DateOnly?, string?, int)>(
                "select e.discharged_on, e.discharge_reason, f.horizon_days from risk_flag f join episode e on e.episode_key = f.episode_key where f.flag_id = @Flag",
                new { Flag = flag }));
            var stillInCare = discharged is null || discharged > cohort.EndDate;
            var droppedOut = discharged is { } d && d > Raised && d <= Raised.AddDays(horizon) && OutcomeDefinitions.UnplannedReasons.Contains(reason!);
            Assert.Equal(
                new FlagOutreachOutcome(action, 1, stillInCare ? 1 : 0, !stillInCare && reason == "completed" ? 1 : 0, 1, droppedOut ? 1 : 0),
                rows.Single(r => r.Action == action));
        }

        // Before the outreach was recorded, the flag is not counted; before its horizon has passed, it is not matured.
        var early = await store.OutreachOutcomesAsync(May, null, Raised.AddDays(2));
        Assert.Equal(new FlagOutreachOutcome("phone_call", 1, early.Single().StillInCare, early.Single().Completed, 0, 0), Assert.Single(early));
    }
}
