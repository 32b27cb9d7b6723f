using Outcomes.Analytics.Targets;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Targets;

public sealed class TargetStoreTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Targets_are_kept_with_who_set_them_and_a_second_target_for_the_same_days_is_refused()
    {
        var store = new TargetStore(database.DataSource);
        var first = new OutcomeTarget { Metric = "follow_up_reach", AtLeast = true, Target = 0.7, LevelOfCare = "php", EffectiveFrom = new DateOnly(2026, 1, 1), EffectiveTo = new DateOnly(2026, 6, 30), SetBy = "quality lead" };
        await store.AddAsync(first);
        await store.AddAsync(new OutcomeTarget { Metric = "follow_up_reach", AtLeast = true, Target = 0.75, LevelOfCare = "php", EffectiveFrom = new DateOnly(2026, 7, 1), SetBy = "quality lead" });

        var overlap = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AddAsync(new OutcomeTarget { Metric = "follow_up_reach", AtLeast = true, Target = 0.8, LevelOfCare = "php", EffectiveFrom = new DateOnly(2026, 6, 1), SetBy = "someone" }));

        Assert.StartsWith("A target for the same metric, facility, level and group already applies", overlap.Message, StringComparison.Ordinal);
        var listed = (await store.ListAsync()).Where(t => t.Metric == "follow_up_reach").ToList();
        Assert.Equal([(0.7, "quality lead", (DateOnly?)new DateOnly(2026, 6, 30)), (0.75, "quality lead", null)], listed.Select(t => (t.Target, t.SetBy, t.EffectiveTo)));
    }

    [Fact]
    public async Task A_target_for_a_figure_that_does_not_exist_or_a_share_above_one_is_refused_with_what_was_expected()
    {
        var store = new TargetStore(database.DataSource);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AddAsync(new OutcomeTarget { Metric = "happiness", AtLeast = true, Target = 0.5, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "x" }));
        var share = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AddAsync(new OutcomeTarget { Metric = "completion", AtLeast = true, Target = 50, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "x" }));

        Assert.StartsWith("metric: 'happiness' is not a figure a target can be set for; expected one of completion, dropout", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("target: completion is a share; expected a value from 0 to 1 (0.5 for 50%).", share.Message);
    }
}
