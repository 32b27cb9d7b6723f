namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The population stability index (PSI, Siddiqi 2006; Yurdakul 2018): Σ (actual − expected) · ln(actual / expected)
/// over the bins of a feature. By the usual reading, below 0.1 the population is stable, 0.1 to 0.25 it has
/// shifted moderately, above 0.25 markedly: the model was trained on patients unlike today's.
/// </summary>
public static class PopulationStability
{
    public const double Moderate = 0.1;
    public const double Marked = 0.25;

    /// <summary>Shares of a bin are floored here, so an empty bin adds a large but finite amount instead of infinity.</summary>
    public const double Floor = 0.0001;

    public static double Index(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException("Expected and actual shares need the same bins.", nameof(actual));
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Floor);
            var a = Math.Max(actual[i], Floor);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>The reference of a numeric feature: decile edges of the training values (repeated edges merged).</summary>
    public static FeatureReference Numeric(string feature, IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var edges = Enumerable.Range(1, 9).Select(k => sorted[(int)Math.Ceiling(k / 10.0 * sorted.Length) - 1]).Distinct().ToArray();
        return new FeatureReference(feature, edges, null, Shares(edges, values));
    }

    public static FeatureReference Categorical(string feature, IReadOnlyList<string> values)
    {
        var categories = values.Distinct().Order(StringComparer.Ordinal).ToArray();
        return new FeatureReference(feature, null, categories, Shares(categories, values));
    }

    /// <summary>Shares of <paramref name="values"/> in bins with these upper edges (value ≤ edge), the last bin open.</summary>
    public static double[] Shares(double[] edges, IReadOnlyList<double> values)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            var bin = Array.FindIndex(edges, e => v <= e);
            counts[bin < 0 ? edges.Length : bin]++;
        }

        return [.. counts.Select(c => values.Count == 0 ? 0 : c / values.Count)];
    }

    /// <summary>Shares of <paramref name="values"/> per category, and last the share of values not among them.</summary>
    public static double[] Shares(string[] categories, IReadOnlyList<string> values)
    {
        var counts = new double[categories.Length + 1];
        foreach (var v in values)
        {
            var i = Array.IndexOf(categories, v);
            counts[i < 0 ? categories.Length : i]++;
        }

        return [.. counts.Select(c => values.Count == 0 ? 0 : c / values.Count)];
    }

    /// <summary>The PSI of <paramref name="reference"/>'s feature in new numeric or categorical values.</summary>
    public static double Against(FeatureReference reference, IReadOnlyList<double>? numeric, IReadOnlyList<string>? categorical) =>
        Index(reference.Shares, reference.Edges is { } edges ? Shares(edges, numeric!) : Shares(reference.Categories!, categorical!));
}
