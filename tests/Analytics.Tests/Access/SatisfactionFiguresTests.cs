using Outcomes.Analytics.Access;
using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Access;

public sealed class SatisfactionFiguresTests
{
    [Fact]
    public void The_mean_and_the_top_box_share_match_the_hand_computation()
    {
        // Scores 5, 4, 5, 3, 5, 4 on a 1–5 scale, top box 5: 3 of 6. Mean 26/6 = 4.3333333; Σ(x − x̄)² = 10/3, s = √(2/3);
        // SE = s / √6 = 1/3; t(5, 0.975) = 2.5705818 (t table): 4.3333333 ± 0.8568606 = 3.4764727 to 5.1901939.
        var figures = SatisfactionFigures.Of([5, 4, 5, 3, 5, 4], topBoxFrom: 5);

        Assert.Equal(new Proportion(3, 6), figures.TopBox);
        Assert.Equal(26.0 / 6, figures.Mean.Mean, 10);
        Assert.Equal(3.4764727, figures.Mean.Interval.Lower, 6);
        Assert.Equal(5.1901939, figures.Mean.Interval.Upper, 6);
    }
}
