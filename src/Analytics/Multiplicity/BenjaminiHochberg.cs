namespace Outcomes.Analytics.Multiplicity;

/// <summary>
/// False-discovery-rate control across a family of judgements (e.g. every target verdict and IOP − PHP difference in
/// one report), by the step-up procedure of Benjamini and Hochberg (1995, Journal of the Royal Statistical Society B
/// 57:289-300): with m p-values sorted p(1) ≤ … ≤ p(m), reject the k smallest where k is the largest i with
/// p(i) ≤ i·q/m. The adjusted p-value is min over j ≥ i of m·p(j)/j, capped at 1 (R's p.adjust "BH"), so a judgement
/// stands at false discovery rate q exactly when its adjusted p-value is at most q. A missing p-value (NaN: a figure
/// that could not be judged) is not part of the family and stays NaN.
/// </summary>
public static class BenjaminiHochberg
{
    /// <summary>The conventional false discovery rate, 5%.</summary>
    public const double DefaultRate = 0.05;

    /// <summary>The adjusted p-values, in the order given.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var order = Enumerable.Range(0, pValues.Count)
            .Where(i => !double.IsNaN(pValues[i]))
            .OrderBy(i => pValues[i])
            .ToArray();
        var m = order.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            var p = pValues[index];
            if (p < 0 || p > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), "p-values lie between 0 and 1.");
            }

            running = Math.Min(running, p * m / rank);
            adjusted[index] = running;
        }

        return adjusted;
    }

    /// <summary>Which hypotheses are rejected at false discovery rate <paramref name="rate"/>, in the order given.</summary>
    public static bool[] Reject(IReadOnlyList<double> pValues, double rate = DefaultRate) =>
        Adjust(pValues).Select(p => p <= rate).ToArray();
}
