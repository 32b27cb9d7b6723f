namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The smoothed calibration curve and the integrated calibration index (Austin and Steyerberg 2019, Statistics in
/// Medicine 38:4051): the outcome (0 or 1) smoothed against the predicted risk by loess, as R's <c>loess(y ~ p)</c> does
/// by default (local quadratic regression, tricube weights, the nearest 75% of the rows at each point; Cleveland, Grosse
/// and Shyu 1992), then the absolute distance of each risk from the curve at it: ICI is their mean, E50 their median,
/// E90 their 90th percentile (R's default quantile, type 7), Emax their largest. 0 everywhere is perfect calibration.
/// Like R (which interpolates a kd-tree by default), the fit is computed at up to <see cref="FitPoints"/> points — every
/// distinct risk when there are no more, else that many quantiles of them — and interpolated linearly between.
/// </summary>
public static class SmoothedCalibration
{
    public const double Span = 0.75;

    /// <summary>The most points at which the loess fit is computed directly; a large test set interpolates between them.</summary>
    public const int FitPoints = 200;

    /// <summary>Predicted risks at which the card shows the curve, where the test rows reach them.</summary>
    public static readonly IReadOnlyList<double> CurveAt = [0.05, 0.10, 0.15, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90];

    public static CalibrationCurve Of(IReadOnlyList<double> risks, IReadOnlyList<bool> outcomes) =>
        Of(risks, [.. outcomes.Select(o => o ? 1.0 : 0.0)]);

    /// <summary>The curve and distances for any observed values (0/1 outcomes, or a known curve in a test).</summary>
    public static CalibrationCurve Of(IReadOnlyList<double> risks, IReadOnlyList<double> observed)
    {
        var fit = Fit(risks, observed);
        var distances = risks.Select(p => Math.Abs(fit(p) - p)).Order().ToArray();
        var (low, high) = (risks.Min(), risks.Max());
        return new CalibrationCurve(
            distances.Average(), Quantile(distances, 0.5), Quantile(distances, 0.9), distances[^1],
            [.. CurveAt.Where(p => p >= low && p <= high).Select(p => new CalibrationCurvePoint(p, fit(p)))]);
    }

    /// <summary>The loess fit of <paramref name="observed"/> on <paramref name="x"/>, as a function of x within their range.</summary>
    public static Func<double, double> Fit(IReadOnlyList<double> x, IReadOnlyList<double> observed)
    {
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ToArray();
        var xs = order.Select(i => x[i]).ToArray();
        var ys = order.Select(i => observed[i]).ToArray();
        var distinct = xs.Distinct().ToArray();
        var at = distinct.Length <= FitPoints
            ? distinct
            : [.. Enumerable.Range(0, FitPoints).Select(k => xs[(int)Math.Round((double)k * (xs.Length - 1) / (FitPoints - 1))]).Distinct()];
        var values = at.Select(x0 => Local(xs, ys, x0)).ToArray();
        return p =>
        {
            var k = Array.BinarySearch(at, p);
            if (k >= 0)
            {
                return values[k];
            }

            k = ~k;
            if (k == 0)
            {
                return values[0];
            }

            if (k == at.Length)
            {
                return values[^1];
            }

            var w = (p - at[k - 1]) / (at[k] - at[k - 1]);
            return values[k - 1] + (w * (values[k] - values[k - 1]));
        };
    }

    /// <summary>
    /// The local quadratic fit at <paramref name="x0"/>: weighted least squares over the ⌊span·n⌋ rows nearest to it
    /// (x sorted), each weighed by (1 − (d/dmax)³)³ with dmax the distance of the farthest of them.
    /// </summary>
    private static double Local(double[] xs, double[] ys, double x0)
    {
        var n = xs.Length;
        var q = Math.Clamp((int)Math.Floor(Span * n), Math.Min(3, n), n);
        // The q nearest rows form a contiguous run of the sorted x: slide a window of q to the one whose ends are closest.
        var lo = Math.Clamp(LowerBound(xs, x0) - q, 0, n - q);
        while (lo + q < n && x0 - xs[lo] > xs[lo + q] - x0)
        {
            lo++;
        }

        var dmax = Math.Max(x0 - xs[lo], xs[lo + q - 1] - x0);
        // Sums of w·dᵏ and w·dᵏ·y, d centred at x0, for the 3×3 normal equations.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (var i = lo; i < lo + q; i++)
        {
            var d = xs[i] - x0;
            var u = dmax == 0 ? 0 : Math.Abs(d) / dmax;
            var w = u >= 1 ? 0 : Math.Pow(1 - (u * u * u), 3);
            var d2 = d * d;
            s0 += w;
            s1 += w * d;
            s2 += w * d2;
            s3 += w * d2 * d;
            s4 += w * d2 * d2;
            t0 += w * ys[i];
            t1 += w * d * ys[i];
            t2 += w * d2 * ys[i];
        }

        if (s0 == 0)
        {
            return ys.Skip(lo).Take(q).Average();
        }

        // The intercept of the weighted quadratic (the fit at x0) by Cramer's rule; a local line, then a weighted mean,
        // where too few distinct x carry weight for a quadratic.
        var det = (s0 * ((s2 * s4) - (s3 * s3))) - (s1 * ((s1 * s4) - (s3 * s2))) + (s2 * ((s1 * s3) - (s2 * s2)));
        var scale = Math.Max(1e-300, s0 * s4 * s2);
        if (Math.Abs(det) > 1e-10 * scale)
        {
            return ((t0 * ((s2 * s4) - (s3 * s3))) - (s1 * ((t1 * s4) - (s3 * t2))) + (s2 * ((t1 * s3) - (s2 * t2)))) / det;
        }

        var det1 = (s0 * s2) - (s1 * s1);
        return Math.Abs(det1) > 1e-10 * Math.Max(1e-300, s0 * s2) ? ((t0 * s2) - (s1 * t1)) / det1 : t0 / s0;
    }

    private static int LowerBound(double[] xs, double x0)
    {
        int low = 0, high = xs.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (xs[middle] < x0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values, interpolated as R's default (type 7).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var k = (int)Math.Floor(h);
        return k + 1 < sorted.Length ? sorted[k] + ((h - k) * (sorted[k + 1] - sorted[k])) : sorted[k];
    }
}
