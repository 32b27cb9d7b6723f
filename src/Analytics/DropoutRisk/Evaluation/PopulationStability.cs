namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The population stability index (PSI, Siddiqi 2006; Yurdakul 2018): Σ (actual − expected) · ln(actual / expected)
/// over the bins of a feature. By the usual reading, below 0.1 the population is stable, 0.1 to 0.25 it has
/// shifted moderately, above 0.25 markedly. Counts are compared after <see cref="Smoothed"/> (half a row added to every
/// bin), never with a floor on the shares: a floor of 0.0001 read a bin empty among 180 patients as a share known to be
/// 1 in 10,000, so a bin with 5% of the training rows and none of the month's patients added 0.31 on its own (smoothed, 0.14).
/// </summary>
public static class PopulationStability
{
    public const double Moderate = 0.1;
    public const double Marked = 0.25;

    /// <summary>
    /// Rows added to every bin before shares are taken: the Jeffreys (Krichevsky–Trofimov) estimate of a multinomial's
    /// shares, which keeps an empty bin's share above zero by as much as the sample's size warrants and no more.
    /// </summary>
    public const double AddedCount = 0.5;

    /// <summary>The index of two sets of shares, every share above zero (smooth counts first: <see cref="Smoothed"/>).</summary>
    public static double Index(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException("Expected and actual shares need the same bins.", nameof(actual));
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            if (!(expected[i] > 0 && actual[i] > 0))
            {
                throw new ArgumentException("Every share must be above zero: smooth the counts first.", nameof(actual));
            }

            psi += (actual[i] - expected[i]) * Math.Log(actual[i] / expected[i]);
        }

        return psi;
    }

    /// <summary>
    /// The index of two sets of bin counts (fractional counts allowed): bins empty in both are left out (they say nothing
    /// about a shift), and each side's shares are smoothed by <see cref="AddedCount"/> rows a bin.
    /// </summary>
    public static double OfCounts(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException("Expected and actual counts need the same bins.", nameof(actual));
        }

        var kept = Enumerable.Range(0, expected.Count).Where(i => expected[i] > 0 || actual[i] > 0).ToArray();
        return kept.Length == 0 ? 0 : Index(Smoothed([.. kept.Select(i => expected[i])]), Smoothed([.. kept.Select(i => actual[i])]));
    }

    /// <summary>Shares of counts with <see cref="AddedCount"/> rows added to every bin: (c + ½) / (n + ½ k).</summary>
    public static double[] Smoothed(IReadOnlyList<double> counts)
    {
        var total = counts.Sum() + AddedCount * counts.Count;
        return [.. counts.Select(c => (c + AddedCount) / total)];
    }

    /// <summary>The reference of a numeric feature: decile edges of the training values (repeated edges merged).</summary>
    public static FeatureReference Numeric(string feature, IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var edges = Enumerable.Range(1, 9).Select(k => sorted[(int)Math.Ceiling(k / 10.0 * sorted.Length) - 1]).Distinct().ToArray();
        return new FeatureReference(feature, edges, null, Shares(edges, values)) { Rows = values.Count };
    }

    public static FeatureReference Categorical(string feature, IReadOnlyList<string> values)
    {
        var categories = values.Distinct().Order(StringComparer.Ordinal).ToArray();
        return new FeatureReference(feature, null, categories, Shares(categories, values)) { Rows = values.Count };
    }

    /// <summary>Shares of <paramref name="values"/> in bins with these upper edges (value ≤ edge), the last bin open.</summary>
    public static double[] Shares(double[] edges, IReadOnlyList<double> values) => ToShares(Counts(edges, values), values.Count);

    /// <summary>Shares of <paramref name="values"/> per category, and last the share of values not among them.</summary>
    public static double[] Shares(string[] categories, IReadOnlyList<string> values) => ToShares(Counts(categories, values), values.Count);

    /// <summary>Rows of <paramref name="values"/> in bins with these upper edges (value ≤ edge), the last bin open.</summary>
    public static double[] Counts(double[] edges, IEnumerable<double> values)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            counts[Bin(edges, v)]++;
        }

        return counts;
    }

    /// <summary>Rows of <paramref name="values"/> per category, and last the rows of values not among them.</summary>
    public static double[] Counts(string[] categories, IEnumerable<string> values)
    {
        var counts = new double[categories.Length + 1];
        foreach (var v in values)
        {
            counts[Bin(categories, v)]++;
        }

        return counts;
    }

    /// <summary>The bin of a numeric value: the first whose upper edge it does not exceed, else the last (open) one.</summary>
    public static int Bin(double[] edges, double value)
    {
        var bin = Array.FindIndex(edges, e => value <= e);
        return bin < 0 ? edges.Length : bin;
    }

    /// <summary>The bin of a category: its own, or the last ("other") for one not seen in training.</summary>
    public static int Bin(string[] categories, string value)
    {
        var i = Array.IndexOf(categories, value);
        return i < 0 ? categories.Length : i;
    }

    private static double[] ToShares(double[] counts, int rows) => [.. counts.Select(c => rows == 0 ? 0 : c / rows)];
}
