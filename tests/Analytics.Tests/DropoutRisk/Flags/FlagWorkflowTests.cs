using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Flags;

/// <summary>
/// Flags raised by scoring on three days, six weeks before the cohort's last day: Tuesday 19 May, Wednesday 20 May
/// (same week) and Tuesday 26 May (the next week), three new flags a facility a week.
/// </summary>
public sealed class FlagWorkflowTests(FlagWorkflowTests.Scorings cohort) : IClassFixture<FlagWorkflowTests.Scorings>
{
    private const int Capacity = 3;
    private static readonly DateTimeOffset Now = new(2026, 5, 21, 9, 30, 0, TimeSpan.Zero);

    public sealed class Scorings : PromotedModelCohort
    {
        public ScoringResult Tuesday { get; private set; } = null!;

        public ScoringResult Wednesday { get; private set; } = null!;

        public ScoringResult NextTuesday { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var scorer = new RiskScorer(Database.DataSource);
            Tuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 19), Capacity);
            Wednesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 20), Capacity);
            NextTuesday = await scorer.ScoreAsync(new DateOnly(2026, 5, 26), Capacity);
        }
    }

    [Fact]
    public void New_flags_stay_within_the_weekly_capacity_and_stay_on_the_worklist_until_reviewed()
    {
        Assert.Equal(2 * Capacity, cohort.Tuesday.Raised);
        Assert.Equal(0, cohort.Wednesday.Raised);
        Assert.Equal(2 * Capacity, cohort.NextTuesday.Raised);

        // Wednesday's worklist is Tuesday's flags of patients still in care, none new.
        Assert.All(cohort.Wednesday.Flags, f => Assert.False(f.IsNew));
        Assert.Subset(cohort.Tuesday.Flags.Select(f => f.FlagId).ToHashSet(), cohort.Wednesday.Flags.Select(f => f.FlagId).ToHashSet());

        // The next week adds new patients: nobody is flagged twice while a flag is open.
        var next = cohort.NextTuesday.Flags;
        Assert.Equal(next.Count, next.Select(f => f.EpisodeKey).Distinct().Count());
        Assert.Equal(2 * Capacity, next.Count(f => f.IsNew));
        Assert.DoesNotContain(next.Where(f => f.IsNew), f => cohort.Tuesday.Flags.Any(t => t.EpisodeKey == f.EpisodeKey));
    }

    [Fact]
    public async Task A_flag_moves_from_open_to_acknowledged_to_outreach_done_and_then_stays_there()
    {
        var store = new FlagStore(cohort.Database.DataSource);
        var flag = cohort.Tuesday.Flags[0].FlagId;

        await store.ReviewAsync(new FlagReview(flag, FlagStatus.Acknowledged, "counsellor", "JD", null, null), Now);
        await store.ReviewAsync(new FlagReview(flag, FlagStatus.OutreachDone, "case_manager", null, "phone_call", "Reached; rescheduled Friday's group."), Now.AddHours(3));
        var final = await Assert.ThrowsAsync<FlagReviewException>(() =>
            store.ReviewAsync(new FlagReview(flag, FlagStatus.Dismissed, "counsellor", null, null, null), Now.AddHours(4)));

        Assert.Equal($"--status: flag {flag} is outreach_done, which is final; it cannot become dismissed.", final.Message);
        var listed = (await store.ListAsync(null, [FlagStatus.OutreachDone])).Single(f => f.FlagId == flag);
        Assert.Equal(("case_manager", "phone_call"), (listed.LastReviewerRole, listed.LastAction));
        Assert.Equal(Now.AddHours(3).UtcDateTime, listed.StatusChangedAt);
        Assert.Equal(2, await cohort.Database.ScalarAsync<long>("select count(*) from risk_flag_review where flag_id = @Flag", new { Flag = flag }));
    }

    [Theory]
    [InlineData("outreach_done", "counsellor", "phone_call", null, "--status: flag {0} is open; expected acknowledged or dismissed, not outreach_done.")]
    [InlineData("open", "counsellor", null, null, "--status: expected acknowledged, outreach_done or dismissed, not 'open'.")]
    [InlineData("acknowledged", "receptionist", null, null, "--role: expected one of counsellor, case_manager, nurse, physician, clinical_supervisor, quality_analyst.")]
    [InlineData("acknowledged", "nurse", "email", null, "--action: expected one of phone_call, text_message, in_person, family_contact, schedule_change, care_plan_review, referral, none.")]
    [InlineData("acknowledged", "nurse", null, 2001, "--note: at most 2000 characters; keep identifiers out of it.")]
    public async Task A_review_step_that_is_not_allowed_is_refused_with_the_field_and_what_was_expected(
        string status, string role, string? action, int? noteLength, string expected)
    {
        var flag = cohort.Tuesday.Flags[^1].FlagId;
        var note = noteLength is { } n ? new string('x', n) : null;

        var refused = await Assert.ThrowsAsync<FlagReviewException>(() =>
            new FlagStore(cohort.Database.DataSource).ReviewAsync(new FlagReview(flag, status, role, null, action, note), Now));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, flag), refused.Message);
        Assert.Equal(FlagStatus.Open, await cohort.Database.ScalarAsync<string>("select status from risk_flag where flag_id = @Flag", new { Flag = flag }));
    }

    [Fact]
    public async Task Outreach_needs_the_action_that_was_taken_and_an_unknown_flag_is_named()
    {
        var store = new FlagStore(cohort.Database.DataSource);
        var flag = cohort.Tuesday.Flags[1].FlagId;
        await store.ReviewAsync(new FlagReview(flag, FlagStatus.Acknowledged, "nurse", null, null, null), Now);

        var noAction = await Assert.ThrowsAsync<FlagReviewException>(() => store.ReviewAsync(new FlagReview(flag, FlagStatus.OutreachDone, "nurse", null, "none", null), Now));
        var unknown = await Assert.ThrowsAsync<FlagReviewException>(() => store.ReviewAsync(new FlagReview(987654321, FlagStatus.Acknowledged, "nurse", null, null, null), Now));

        Assert.StartsWith("--action: outreach_done needs the outreach that was done", noAction.Message, StringComparison.Ordinal);
        Assert.Equal("flag: there is no flag 987654321 (see 'outcomes flags list').", unknown.Message);
    }

    [Fact]
    public async Task Flag_usefulness_counts_the_patients_who_left_care_unplanned_within_the_horizon_as_the_generator_recorded()
    {
        // Independently of the flag code: the truth file's recorded discharges of the flagged episodes.
        var truth = cohort.Truth();
        var flagged = await cohort.Database.QueryAsync<(string Episode, DateOnly RaisedOn, int Horizon)>(
            "select e.source_episode_id, f.raised_on, f.horizon_days from risk_flag f join episode e on e.episode_key = f.episode_key");
        string[] unplanned = ["dropped_out", "left_against_advice", "administrative"];
        var droppedOut = flagged.Count(f => truth[f.Episode] is var t && unplanned.Contains(t.Reason)
                                            && t.Discharged > f.RaisedOn && t.Discharged <= f.RaisedOn.AddDays(f.Horizon));

        var usefulness = await new FlagStore(cohort.Database.DataSource).UsefulnessAsync(cohort.EndDate);

        Assert.Equal(4 * Capacity, usefulness.Sum(u => u.Raised));
        Assert.Equal(4 * Capacity, usefulness.Sum(u => u.Matured));
        Assert.Equal(droppedOut, usefulness.Sum(u => u.DroppedOut));
        Assert.All(usefulness, u => Assert.Equal(new DateOnly(2026, 5, 1), u.Month));
        // Six flags a facility in May, a month of 31 days: 6 * 7 / 31 a week.
        Assert.All(usefulness, u => Assert.Equal(6 * 7 / 31.0, u.FlagsPerWeek, 6));
    }
}
