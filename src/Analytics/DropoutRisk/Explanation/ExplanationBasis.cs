namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// What explaining a model's scores needs beyond the model itself, taken from its training rows and stored with it
/// (<c>feature_schema → explanation</c>): how many training rows reached each leaf of each tree (the covers TreeSHAP
/// weighs the splits by), or for a linear model the training mean of each feature slot.
/// </summary>
public sealed record ExplanationBasis(IReadOnlyList<double[]>? LeafCovers, IReadOnlyList<double>? FeatureMeans)
{
    /// <summary>The basis of <paramref name="parts"/> from the feature vectors of its training rows, read once.</summary>
    internal static ExplanationBasis Of(ModelParts parts, IEnumerable<float[]> trainingRows)
    {
        if (parts.Ensemble is { } ensemble)
        {
            return new ExplanationBasis(TreeEnsembleExplainer.LeafCovers(ensemble, trainingRows), null);
        }

        var sums = new double[parts.Linear!.Weights.Count];
        var count = 0;
        foreach (var row in trainingRows)
        {
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += row[i];
            }

            count++;
        }

        return new ExplanationBasis(null, [.. sums.Select(s => count == 0 ? 0 : s / count)]);
    }
}
