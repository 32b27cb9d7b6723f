using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class DiscriminationTests
{
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] Outcomes = [false, false, true, true];

    [Fact]
    public void Auroc_counts_the_pairs_ranked_right_by_hand()
    {
        // Dropouts scored 0.35 and 0.8, others 0.1 and 0.4: of the 4 pairs, 3 are ordered right (0.35 < 0.4 is not).
        Assert.Equal(0.75, Discrimination.Auroc(Scores, Outcomes), 12);
    }

    [Fact]
    public void Tied_scores_count_half_a_pair()
    {
        Assert.Equal(0.5, Discrimination.Auroc([0.5, 0.5], [true, false]), 12);
        Assert.Equal(0.75, Discrimination.Auroc([0.5, 0.5, 0.2], [true, false, false]), 12);
    }

    [Fact]
    public void Average_precision_is_the_mean_precision_at_each_dropout_by_hand()
    {
        // Ranked 0.8 (dropout: precision 1/1), 0.4 (not), 0.35 (dropout: 2/3): (1 + 2/3) / 2 = 0.8333.
        Assert.Equal((1 + (2.0 / 3)) / 2, Discrimination.AveragePrecision(Scores, Outcomes), 12);
    }

    [Fact]
    public void Brier_is_the_mean_squared_error_of_the_predicted_risks()
    {
        // (0.1² + 0.1² + 0.2² + 0.3²) / 4 = 0.0375.
        Assert.Equal(0.0375, Discrimination.Brier([0.1, 0.9, 0.8, 0.3], [false, true, true, false]), 12);
    }
}
