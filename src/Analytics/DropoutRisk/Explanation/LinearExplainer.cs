namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// A linear model explained: each slot contributes its coefficient times its distance from the training mean, and
/// the bias is the score of the mean row (intercept plus coefficients times means), so they add up to the score.
/// </summary>
internal sealed class LinearExplainer(IReadOnlyList<float> weights, double intercept, IReadOnlyList<double> means) : IScoreExplainer
{
    public double Bias { get; } = intercept + weights.Select((w, i) => w * means[i]).Sum();

    public double Explain(ReadOnlySpan<float> row, Span<double> contributions)
    {
        var score = Bias;
        for (var i = 0; i < weights.Count; i++)
        {
            var contribution = weights[i] * (row[i] - means[i]);
            contributions[i] += contribution;
            score += contribution;
        }

        return score;
    }
}
