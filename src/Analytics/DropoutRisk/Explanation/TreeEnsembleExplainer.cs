using Microsoft.ML.Trainers.FastTree;

namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// A boosted ensemble explained tree by tree (<see cref="ExplainedTree"/>): its raw score is the ensemble's bias plus
/// every tree's output, so the bias here is the ensemble's own plus each tree's expected output, and the contributions
/// are the trees' summed.
/// </summary>
internal sealed class TreeEnsembleExplainer(IReadOnlyList<ExplainedTree> trees, double ensembleBias) : IScoreExplainer
{
    public double Bias { get; } = ensembleBias + trees.Sum(t => t.ExpectedValue);

    public double Explain(ReadOnlySpan<float> row, Span<double> contributions)
    {
        var score = ensembleBias;
        foreach (var tree in trees)
        {
            score += tree.Add(row, contributions);
        }

        return score;
    }

    /// <summary>The trained ensemble's trees with the training rows' leaf counts (<see cref="ExplanationBasis.LeafCovers"/>).</summary>
    public static TreeEnsembleExplainer Of(RegressionTreeEnsemble ensemble, IReadOnlyList<double[]> leafCovers)
    {
        if (leafCovers.Count != ensemble.Trees.Count)
        {
            throw new ArgumentException($"{leafCovers.Count} trees' leaf counts for an ensemble of {ensemble.Trees.Count} trees.", nameof(leafCovers));
        }

        return new TreeEnsembleExplainer(
            [.. ensemble.Trees.Select((tree, t) =>
            {
                if (tree.CategoricalSplitFlags.Any(c => c))
                {
                    // The trainer one-hot encodes categories, so LightGBM splits on numeric slots only.
                    throw new NotSupportedException("A tree with categorical splits cannot be explained: train with one-hot encoded categories.");
                }

                return new ExplainedTree(
                    [.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                    [.. tree.LeafValues.Select(v => v * ensemble.TreeWeights[t])], leafCovers[t]);
            })],
            ensemble.Bias);
    }

    /// <summary>How many of <paramref name="rows"/> reach each leaf of each tree of <paramref name="ensemble"/>.</summary>
    public static IReadOnlyList<double[]> LeafCovers(RegressionTreeEnsemble ensemble, IEnumerable<float[]> rows)
    {
        var covers = ensemble.Trees.Select(t => new double[t.NumberOfLeaves]).ToList();
        foreach (var row in rows)
        {
            for (var t = 0; t < ensemble.Trees.Count; t++)
            {
                covers[t][~LeafOf(ensemble.Trees[t], row)]++;
            }
        }

        return covers;
    }

    private static int LeafOf(RegressionTree tree, float[] row)
    {
        if (tree.NumberOfLeaves == 1)
        {
            return ~0;
        }

        var node = 0;
        while (node >= 0)
        {
            node = row[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
        }

        return node;
    }
}
