using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Means;

/// <summary>
/// The mean of independent values (one a patient: a change in score, a satisfaction score) with Student's t interval,
/// mean ± t(n − 1) · s / √n, s the sample standard deviation (n − 1). No interval below two values.
/// </summary>
public sealed record MeanEstimate(long N, double Mean, double StandardDeviation, Interval Interval)
{
    public static MeanEstimate Of(IEnumerable<double> values, double level = ConfidenceLevel.Default)
    {
        long n = 0;
        double mean = 0, squares = 0;
        foreach (var value in values)
        {
            // Welford's update: no cancellation when the values are large and close together.
            n++;
            var delta = value - mean;
            mean += delta / n;
            squares += delta * (value - mean);
        }

        if (n == 0)
        {
            return new MeanEstimate(0, double.NaN, double.NaN, new Interval(double.NaN, double.NaN));
        }

        if (n == 1)
        {
            return new MeanEstimate(1, mean, double.NaN, new Interval(double.NaN, double.NaN));
        }

        var sd = Math.Sqrt(squares / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - level) / 2)) * sd / Math.Sqrt(n);
        return new MeanEstimate(n, mean, sd, new Interval(mean - half, mean + half));
    }

    /// <summary>s / √n; NaN below two values.</summary>
    public double StandardError => N < 2 ? double.NaN : StandardDeviation / Math.Sqrt(N);

    /// <summary>
    /// This mean minus <paramref name="other"/>'s, with Welch's interval: unequal variances, t on the
    /// Welch–Satterthwaite degrees of freedom (Welch 1947, Biometrika 34:28; R <c>t.test(var.equal = FALSE)</c>).
    /// </summary>
    public (double Difference, Interval Interval) DifferenceFrom(MeanEstimate other, double level = ConfidenceLevel.Default)
    {
        var difference = Mean - other.Mean;
        if (N < 2 || other.N < 2)
        {
            return (difference, new Interval(double.NaN, double.NaN));
        }

        var v1 = StandardDeviation * StandardDeviation / N;
        var v2 = other.StandardDeviation * other.StandardDeviation / other.N;
        if (v1 + v2 == 0)
        {
            return (difference, new Interval(difference, difference));
        }

        var df = (v1 + v2) * (v1 + v2) / ((v1 * v1 / (N - 1)) + (v2 * v2 / (other.N - 1)));
        var half = StudentT.InvCDF(0, 1, df, 1 - ((1 - level) / 2)) * Math.Sqrt(v1 + v2);
        return (difference, new Interval(difference - half, difference + half));
    }
}
