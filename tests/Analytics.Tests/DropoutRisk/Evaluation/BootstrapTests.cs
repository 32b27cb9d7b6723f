using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class BootstrapTests
{
    [Fact]
    public void The_same_seed_gives_the_same_interval_and_it_surrounds_the_estimate()
    {
        var random = new Random(1);
        var outcomes = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        var scores = outcomes.Select(o => (o ? 0.6 : 0.4) + (random.NextDouble() * 0.5)).ToArray();

        var first = Bootstrap.Percentile(scores, outcomes, Discrimination.Auroc, replicates: 300);
        var second = Bootstrap.Percentile(scores, outcomes, Discrimination.Auroc, replicates: 300);
        var estimate = Discrimination.Auroc(scores, outcomes);

        Assert.Equal(first, second);
        Assert.True(first.Lower < estimate && estimate < first.Upper, $"{estimate} outside {first}");
        Assert.InRange(first.Width, 0.02, 0.2);
    }
}
