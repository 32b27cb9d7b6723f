namespace Outcomes.Benchmarks.Scale;

/// <summary>
/// How one cost grows with the history's size: t = a·n^b fitted by least squares on log t against log n. With three
/// sizes or more the exponent has a standard error, and a projection has a range: the fitted log time ± one standard
/// error of the fitted line at that size (about a 68 % range; it covers the scatter of the measured points, not a
/// change of behaviour past them).
/// </summary>
internal sealed record GrowthFit(double Coefficient, double Exponent, double? ExponentError, int Points, double MeanLogSize, double SumSquaresLogSize, double? ResidualError)
{
    /// <summary>Fits t = a·n^b to the (size, seconds) pairs; needs two different sizes at least and every value above zero.</summary>
    public static GrowthFit Of(IReadOnlyList<(double Size, double Seconds)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Any(p => !(p.Size > 0) || !(p.Seconds > 0)))
        {
            throw new ArgumentException("Every size and time must be above zero to be fitted on a log scale.", nameof(points));
        }

        var x = points.Select(p => Math.Log(p.Size)).ToArray();
        var y = points.Select(p => Math.Log(p.Seconds)).ToArray();
        var k = x.Length;
        var meanX = x.Average();
        var meanY = y.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        if (k < 2 || sxx <= 0)
        {
            throw new ArgumentException("Fitting an exponent needs two different sizes at least.", nameof(points));
        }

        var sxy = x.Zip(y, (xi, yi) => (xi - meanX) * (yi - meanY)).Sum();
        var b = sxy / sxx;
        var logA = meanY - b * meanX;
        double? residual = null, error = null;
        if (k >= 3)
        {
            var ssr = x.Zip(y, (xi, yi) => Math.Pow(yi - (logA + b * xi), 2)).Sum();
            residual = Math.Sqrt(ssr / (k - 2));
            error = residual / Math.Sqrt(sxx);
        }

        return new GrowthFit(Math.Exp(logA), b, error, k, meanX, sxx, residual);
    }

    /// <summary>The fitted time at <paramref name="size"/>.</summary>
    public double At(double size) => Coefficient * Math.Pow(size, Exponent);

    /// <summary>The range of the projection at <paramref name="size"/> (null with fewer than three points).</summary>
    public (double Low, double High)? RangeAt(double size)
    {
        if (ResidualError is not { } s)
        {
            return null;
        }

        var d = Math.Log(size) - MeanLogSize;
        var fitError = s * Math.Sqrt(1.0 / Points + d * d / SumSquaresLogSize);
        var centre = Math.Log(At(size));
        return (Math.Exp(centre - fitError), Math.Exp(centre + fitError));
    }
}
