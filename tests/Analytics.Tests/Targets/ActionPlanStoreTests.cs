using Outcomes.Analytics.Targets;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Targets;

public sealed class ActionPlanStoreTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_plan_for_a_missed_target_goes_from_planned_to_done_with_every_change_kept()
    {
        var target = await new TargetStore(database.DataSource).AddAsync(new OutcomeTarget
        {
            Metric = "follow_up_reach", AtLeast = true, Target = 0.7, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead",
        });
        var plans = new ActionPlanStore(database.DataSource);

        var id = await plans.AddAsync(target, "2026-Q3", "Call each discharged patient at day 30 from the front desk", "front desk lead", new DateOnly(2026, 12, 31), "director");
        Assert.True(await plans.UpdateAsync(id, "in_progress", null, "front desk lead"));
        Assert.True(await plans.UpdateAsync(id, "done", "Reach rose from 58% to 74% in 2026-Q4", "quality lead"));
        Assert.False(await plans.UpdateAsync(id + 1000, "done", null, "someone"));

        var plan = Assert.Single(await plans.ListAsync(), p => p.TargetId == target);
        Assert.Equal(("follow_up_reach", "2026-Q3", "done", "Reach rose from 58% to 74% in 2026-Q4"), (plan.Metric, plan.PeriodLabel, plan.Status, plan.Result));
        Assert.Equal(["new → planned by director", "planned → in_progress by front desk lead", "in_progress → done by quality lead"],
            plan.History.Select(h => h[..h.IndexOf(" on ", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task A_plan_keeps_the_day_the_action_was_decided_the_recording_day_by_default_and_never_a_later_day()
    {
        var target = await new TargetStore(database.DataSource).AddAsync(new OutcomeTarget
        {
            Metric = "abstinence_at_follow_up", AtLeast = true, Target = 0.5, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead",
        });
        var plans = new ActionPlanStore(database.DataSource);
        var today = await database.ScalarAsync<DateOnly>("select current_date");

        var given = await plans.AddAsync(target, "2026-Q1", "Relapse-prevention group after discharge", "clinical director", new DateOnly(2026, 6, 30), "director", new DateOnly(2026, 4, 15));
        var recorded = await plans.AddAsync(target, "2026-Q2", "Follow-up calls by the counsellor", "clinical director", new DateOnly(2026, 9, 30), "director");
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            plans.AddAsync(target, "2026-Q2", "Something", "director", new DateOnly(2026, 9, 30), "director", today.AddDays(1)));

        var decided = (await plans.ListAsync()).Where(p => p.TargetId == target).ToDictionary(p => p.PlanId, p => p.DecidedOn);
        Assert.Equal(new DateOnly(2026, 4, 15), decided[given]);
        Assert.Equal(today, decided[recorded]);
        Assert.Equal(2, decided.Count);
        Assert.StartsWith("--decided-on: expected the day the action was decided, on or before today", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_for_a_target_that_does_not_exist_or_with_an_unknown_status_is_refused()
    {
        var plans = new ActionPlanStore(database.DataSource);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => plans.AddAsync(987_654, "2026", "Something", "director", new DateOnly(2026, 12, 31), "x"));
        var status = await Assert.ThrowsAsync<InvalidOperationException>(() => plans.UpdateAsync(1, "finished", null, "x"));

        Assert.Equal("--target: there is no target 987654 (see 'outcomes targets list').", missing.Message);
        Assert.Equal("--status: expected one of planned, in_progress, done, dropped.", status.Message);
    }
}
