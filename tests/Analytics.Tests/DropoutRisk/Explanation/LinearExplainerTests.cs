using Outcomes.Analytics.DropoutRisk.Explanation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Explanation;

public sealed class LinearExplainerTests
{
    [Fact]
    public void Each_feature_contributes_its_coefficient_times_its_distance_from_the_training_mean()
    {
        // Score 0.5 + 2 x0 − 1 x1; training means (0.25, 0.5): bias 0.5 + 0.5 − 0.5 = 0.5.
        var explainer = new LinearExplainer([2f, -1f], 0.5, [0.25, 0.5]);
        var contributions = new double[2];

        var score = explainer.Explain([1f, 0f], contributions);

        Assert.Equal(0.5 + 2 - 0, score, 12);
        Assert.Equal(0.5, explainer.Bias, 12);
        Assert.Equal(2 * (1 - 0.25), contributions[0], 12);
        Assert.Equal(-1 * (0 - 0.5), contributions[1], 12);
        Assert.Equal(score - explainer.Bias, contributions.Sum(), 12);
    }
}
