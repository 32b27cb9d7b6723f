namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// One regression tree of a boosted ensemble with how many training rows reached each leaf, explained by exact
/// path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, "Consistent individualized feature attribution for tree
/// ensembles", algorithm 1): the value of a set S of features is the tree's expected output when the features in S
/// follow the row's path and the others split the way the training rows did (children weighted by their covers); each
/// feature's contribution is its Shapley value over the features the tree splits on. The contributions of a row add up
/// to its leaf value minus <see cref="ExpectedValue"/>. The trees here are small (a handful of leaves), so the Shapley
/// sums are taken over every subset directly, once for each way a row can pass the splits, and kept.
/// </summary>
internal sealed class ExplainedTree
{
    /// <summary>More distinct split features than this and the subsets (2^n of them) are too many to enumerate.</summary>
    public const int MaximumFeatures = 16;

    private readonly int[] _left;
    private readonly int[] _right;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly double[] _leafValue;
    private readonly double[] _leafCover;
    private readonly double[] _nodeCover;
    private readonly int[] _features;
    private readonly int[] _featurePosition;
    private readonly Dictionary<ulong, double[]> _shapleyByDecisions = [];

    /// <param name="left">Left child of each internal node (a leaf l is written ~l), taken when the value is at most the threshold.</param>
    /// <param name="right">Right child of each internal node (a leaf l is written ~l).</param>
    /// <param name="feature">The feature each internal node splits on.</param>
    /// <param name="threshold">The split's threshold.</param>
    /// <param name="leafValue">Each leaf's output, tree weight included.</param>
    /// <param name="leafCover">Training rows (or their weight) that reached each leaf.</param>
    public ExplainedTree(int[] left, int[] right, int[] feature, float[] threshold, double[] leafValue, double[] leafCover)
    {
        if (left.Length != right.Length || left.Length != feature.Length || left.Length != threshold.Length
            || leafValue.Length != leafCover.Length || leafValue.Length != left.Length + 1)
        {
            throw new ArgumentException("A tree with n internal nodes has n splits and n + 1 leaves.");
        }

        if (left.Length > 64)
        {
            throw new NotSupportedException($"A tree of {left.Length} splits is larger than the explanation handles (64).");
        }

        (_left, _right, _feature, _threshold, _leafValue, _leafCover) = (left, right, feature, threshold, leafValue, leafCover);
        _features = [.. feature.Distinct().Order()];
        if (_features.Length > MaximumFeatures)
        {
            throw new NotSupportedException($"A tree splitting on {_features.Length} features is larger than the explanation handles ({MaximumFeatures}).");
        }

        _featurePosition = [.. feature.Select(f => Array.IndexOf(_features, f))];
        _nodeCover = new double[left.Length];
        if (left.Length > 0)
        {
            Cover(0);
        }

        ExpectedValue = Value(left.Length == 0 ? ~0 : 0, subset: 0, decisions: 0);
    }

    /// <summary>The tree's output averaged over its training rows: what it adds to the bias.</summary>
    public double ExpectedValue { get; }

    /// <summary>Adds the row's contribution for each feature to <paramref name="contributions"/>; returns the tree's output for the row.</summary>
    public double Add(ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (_left.Length == 0)
        {
            return _leafValue[0];
        }

        // Which way the row goes at every split, on its path or not: all the Shapley values depend on.
        ulong decisions = 0;
        for (var node = 0; node < _left.Length; node++)
        {
            if (!(row[_feature[node]] <= _threshold[node]))
            {
                decisions |= 1UL << node;
            }
        }

        if (!_shapleyByDecisions.TryGetValue(decisions, out var shapley))
        {
            shapley = Shapley(decisions);
            _shapleyByDecisions[decisions] = shapley;
        }

        for (var i = 0; i < _features.Length; i++)
        {
            contributions[_features[i]] += shapley[i];
        }

        return Value(0, subset: (1 << _features.Length) - 1, decisions);
    }

    private double Cover(int node)
    {
        if (node < 0)
        {
            return _leafCover[~node];
        }

        _nodeCover[node] = Cover(_left[node]) + Cover(_right[node]);
        return _nodeCover[node];
    }

    private double CoverOf(int node) => node < 0 ? _leafCover[~node] : _nodeCover[node];

    /// <summary>The expected output below <paramref name="node"/> when the features in <paramref name="subset"/> follow the row's decisions.</summary>
    private double Value(int node, int subset, ulong decisions)
    {
        if (node < 0)
        {
            return _leafValue[~node];
        }

        if ((subset & (1 << _featurePosition[node])) != 0)
        {
            return Value((decisions & (1UL << node)) == 0 ? _left[node] : _right[node], subset, decisions);
        }

        var (left, right) = (CoverOf(_left[node]), CoverOf(_right[node]));
        var (leftValue, rightValue) = (Value(_left[node], subset, decisions), Value(_right[node], subset, decisions));
        // A split no training row reached on either side carries no weight to share: the two sides count alike.
        return left + right > 0 ? (left * leftValue + right * rightValue) / (left + right) : (leftValue + rightValue) / 2;
    }

    private double[] Shapley(ulong decisions)
    {
        var n = _features.Length;
        var value = new double[1 << n];
        for (var subset = 0; subset < value.Length; subset++)
        {
            value[subset] = Value(0, subset, decisions);
        }

        // |S|! (n − |S| − 1)! / n!, by the size of S.
        var weight = new double[n];
        for (var size = 0; size < n; size++)
        {
            weight[size] = Factorial(size) * Factorial(n - size - 1) / Factorial(n);
        }

        var shapley = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var subset = 0; subset < value.Length; subset++)
            {
                if ((subset & (1 << i)) == 0)
                {
                    shapley[i] += weight[System.Numerics.BitOperations.PopCount((uint)subset)] * (value[subset | (1 << i)] - value[subset]);
                }
            }
        }

        return shapley;
    }

    private static double Factorial(int n)
    {
        var result = 1.0;
        for (var k = 2; k <= n; k++)
        {
            result *= k;
        }

        return result;
    }
}
