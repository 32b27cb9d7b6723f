using Outcomes.Analytics.Targets;
using Outcomes.Synthetic.Demo;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Synthetic.Tests.Demo;

/// <summary>The demo center's targets, set through the real target store on a real database, each once.</summary>
public sealed class DemoCenterTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly From = new(2024, 7, 1);

    [Fact]
    public async Task The_center_targets_are_added_once_and_a_target_for_one_level_of_care_does_not_stand_for_the_centers()
    {
        var store = new TargetStore(database.DataSource);
        await store.AddAsync(new OutcomeTarget { Metric = "completion", LevelOfCare = "iop", AtLeast = true, Target = 0.6, EffectiveFrom = From, SetBy = "director" });

        var first = await DemoCenter.SetTargetsOnceAsync(store, From);
        var second = await DemoCenter.SetTargetsOnceAsync(store, From);

        var targets = DemoCenter.Targets(From);
        Assert.Equal(targets.Count, first);
        Assert.Equal(0, second);
        var stored = (await store.ListAsync()).Where(t => t.SetBy == DemoCenter.TargetsSetBy).ToList();
        Assert.Equal(
            targets.Select(t => (t.Metric, t.Grouping, t.AtLeast, t.Target)).Order(),
            stored.Select(t => (t.Metric, t.Grouping, t.AtLeast, t.Target)).Order());
        Assert.All(stored, t => Assert.Equal((From, (string?)null, (string?)null), (t.EffectiveFrom, t.FacilityId, t.LevelOfCare)));
        // Completion at least 50%, early dropout at most 20% (docs: the demo center's own targets).
        Assert.Contains(stored, t => (t.Metric, t.Grouping, t.AtLeast, t.Target) == ("completion", "", true, 0.50));
        Assert.Contains(stored, t => (t.Metric, t.Grouping, t.AtLeast, t.Target) == ("early_dropout", "", false, 0.20));
    }
}
