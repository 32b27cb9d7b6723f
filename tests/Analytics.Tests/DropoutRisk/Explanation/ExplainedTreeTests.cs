using Outcomes.Analytics.DropoutRisk.Explanation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Explanation;

/// <summary>
/// TreeSHAP on trees small enough to work out by hand. The first tree:
/// <code>
///   root: x0 ≤ 0.5 ? node 1 : leaf C (−1.0, 40 rows)
///   node 1: x1 ≤ 0.5 ? leaf A (1.0, 30 rows) : leaf B (3.0, 30 rows)
/// </code>
/// Its expected output is (30 · 1 + 30 · 3 + 40 · (−1)) / 100 = 0.8. For the row (0.2, 0.9), which reaches B (3.0):
/// v(∅) = 0.8; v({x0}) = node 1's mean = 2.0; v({x1}) = 0.6 · 3.0 + 0.4 · (−1.0) = 1.4 (x0 unknown, x1 known);
/// v({x0, x1}) = 3.0. Shapley values: φ0 = ½ (2.0 − 0.8) + ½ (3.0 − 1.4) = 1.4; φ1 = ½ (1.4 − 0.8) + ½ (3.0 − 2.0) = 0.8;
/// 1.4 + 0.8 = 3.0 − 0.8.
/// </summary>
public sealed class ExplainedTreeTests
{
    private static ExplainedTree First() => new(
        left: [1, ~0], right: [~2, ~1], feature: [0, 1], threshold: [0.5f, 0.5f],
        leafValue: [1.0, 3.0, -1.0], leafCover: [30, 30, 40]);

    [Fact]
    public void The_contributions_on_a_hand_computed_tree_are_its_shapley_values_and_add_up_to_the_leaf_minus_the_expected_output()
    {
        var tree = First();
        var contributions = new double[3];

        var output = tree.Add([0.2f, 0.9f, 7f], contributions);

        Assert.Equal(0.8, tree.ExpectedValue, 12);
        Assert.Equal(3.0, output, 12);
        Assert.Equal(1.4, contributions[0], 12);
        Assert.Equal(0.8, contributions[1], 12);
        Assert.Equal(0.0, contributions[2], 12);
    }

    [Fact]
    public void A_row_that_leaves_at_the_root_still_gets_a_share_for_the_split_it_never_reached()
    {
        // Row (0.9, 0.1) reaches C (−1.0): v(∅) = 0.8, v({x0}) = −1.0, v({x1}) = 0.6 · 1.0 + 0.4 · (−1.0) = 0.2, v(both) = −1.0.
        // φ0 = ½ (−1.0 − 0.8) + ½ (−1.0 − 0.2) = −1.5; φ1 = ½ (0.2 − 0.8) + ½ (−1.0 − (−1.0)) = −0.3.
        var contributions = new double[2];

        var output = First().Add([0.9f, 0.1f], contributions);

        Assert.Equal(-1.0, output, 12);
        Assert.Equal(-1.5, contributions[0], 12);
        Assert.Equal(-0.3, contributions[1], 12);
    }

    [Fact]
    public void The_contributions_of_a_hand_built_ensemble_add_up_to_its_raw_score_minus_the_bias()
    {
        // The second tree: a stump on x2 ≤ 1 (0.5 for 75 rows, −1.5 for 25), expected output 0.5 · 0.75 − 1.5 · 0.25 = 0.
        var stump = new ExplainedTree([~0], [~1], [2], [1f], [0.5, -1.5], [75, 25]);
        var ensemble = new TreeEnsembleExplainer([First(), stump], ensembleBias: 0.25);
        var contributions = new double[3];

        var score = ensemble.Explain([0.2f, 0.9f, 4f], contributions);

        Assert.Equal(0.25 + 3.0 - 1.5, score, 12);
        Assert.Equal(0.25 + 0.8 + 0.0, ensemble.Bias, 12);
        Assert.Equal([1.4, 0.8, -1.5], contributions.Select(c => Math.Round(c, 12)));
        Assert.Equal(score - ensemble.Bias, contributions.Sum(), 12);
    }

    [Fact]
    public void A_feature_split_twice_on_the_path_gets_both_splits_and_the_sum_still_holds()
    {
        // root: x0 ≤ 0.5 ? leaf (0.0, 50) : node 1; node 1: x0 ≤ 0.8 ? leaf (1.0, 30) : leaf (2.0, 20). One feature:
        // its contribution is the whole move from the mean (0 · 0.5 + 1 · 0.3 + 2 · 0.2 = 0.7) to the leaf.
        var tree = new ExplainedTree([~0, ~1], [1, ~2], [0, 0], [0.5f, 0.8f], [0.0, 1.0, 2.0], [50, 30, 20]);
        var contributions = new double[1];

        Assert.Equal(2.0, tree.Add([0.9f], contributions), 12);
        Assert.Equal(2.0 - 0.7, contributions[0], 12);
    }
}
