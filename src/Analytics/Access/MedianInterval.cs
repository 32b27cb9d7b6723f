using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Access;

/// <summary>
/// The median of n values with the distribution-free interval from the order statistics (Conover 1999, Practical
/// Nonparametric Statistics, §3.2; Campbell &amp; Gardner 1988, BMJ 296:1454): the number of values below the true
/// median is Binomial(n, ½), so [x₍k₎, x₍n−k+1₎] covers it with probability 1 − 2·P(B ≤ k − 1); k is the largest rank
/// whose tail P(B ≤ k − 1) is at most (1 − level) / 2, so the coverage is at least the level. No assumption about the
/// shape of the distribution: waits are skewed, with a long tail. The sample median is the middle value, or the mean of
/// the two middle values.
/// </summary>
public static class MedianInterval
{
    public static MedianEstimate Of(IEnumerable<double> values, double level = ConfidenceLevel.Default)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        if (n == 0)
        {
            return new MedianEstimate(0, null, null, null, double.NaN);
        }

        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var tail = (1 - level) / 2;
        var k = 0;
        while (k + 1 <= n / 2 && Binomial.CDF(0.5, n, k) <= tail)
        {
            k++;
        }

        if (k == 0)
        {
            return new MedianEstimate(n, median, null, null, double.NaN);
        }

        var coverage = 1 - (2 * Binomial.CDF(0.5, n, k - 1));
        return new MedianEstimate(n, median, sorted[k - 1], sorted[n - k], coverage);
    }
}
