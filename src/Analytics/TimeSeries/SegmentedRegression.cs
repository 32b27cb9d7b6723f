using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Outcomes.Analytics.TimeSeries;

/// <summary>
/// An interrupted time series of monthly rates (e.g. dropout by month of admission around an action plan), by segmented
/// regression (Wagner, Soumerai, Zhang and Ross-Degnan 2002, Journal of Clinical Pharmacy and Therapeutics 27:299-309):
/// <code>y_t = β0 + β1·t + β2·after_t + β3·(t − t_first after)·after_t + e_t,  t = 1 … n</code>
/// β1 is the slope before, β2 the change in level at the first month after (against the earlier trend carried on), β3
/// the change in slope. Fitted by ordinary least squares with every month weighted alike. Standard errors are either
/// plain OLS or Newey–West (1987) heteroskedasticity- and autocorrelation-consistent, Bartlett weights 1 − l/(L + 1)
/// up to lag L, with no small-sample factor (R sandwich::NeweyWest with prewhite = FALSE, adjust = FALSE); monthly
/// rates are usually autocorrelated, so Newey–West is the one to report. Intervals and p use t on n − 4 df.
/// Compared with "the quarter before against the quarter after", the pre-trend absorbs regression to the mean only
/// as far as the months before show it: the series should have at least 8 months on each side (Wagner et al.).
/// </summary>
public sealed record SegmentedRegression(
    RegressionCoefficient Intercept,
    RegressionCoefficient SlopeBefore,
    RegressionCoefficient LevelChange,
    RegressionCoefficient SlopeChange,
    int Months,
    int? NeweyWestLag)
{
    /// <summary>The automatic lag of Newey and West (1994): ⌊4·(n/100)^(2/9)⌋, 2 for two years of months.</summary>
    public static int DefaultLag(int months) => (int)Math.Floor(4 * Math.Pow(months / 100.0, 2.0 / 9));

    /// <summary>The fit with plain OLS standard errors (independent, equal-variance months).</summary>
    public static SegmentedRegression FitOrdinary(IReadOnlyList<double> monthly, int firstMonthAfter, double level = ConfidenceLevel.Default) =>
        Fit(monthly, firstMonthAfter, null, level);

    /// <summary>The fit with Newey–West standard errors at lag <paramref name="lag"/> (by default <see cref="DefaultLag"/>).</summary>
    public static SegmentedRegression FitNeweyWest(IReadOnlyList<double> monthly, int firstMonthAfter, int? lag = null, double level = ConfidenceLevel.Default) =>
        Fit(monthly, firstMonthAfter, lag ?? DefaultLag(monthly.Count), level);

    private static SegmentedRegression Fit(IReadOnlyList<double> monthly, int firstMonthAfter, int? lag, double level)
    {
        var n = monthly.Count;
        if (firstMonthAfter < 3 || n - firstMonthAfter < 3)
        {
            throw new ArgumentException("A segmented regression needs at least three months before and three after.", nameof(firstMonthAfter));
        }

        // Month index i (0-based) is time t = i + 1; the first month after has index firstMonthAfter.
        var x = Matrix<double>.Build.Dense(n, 4, (i, j) => j switch
        {
            0 => 1,
            1 => i + 1,
            2 => i >= firstMonthAfter ? 1 : 0,
            _ => i >= firstMonthAfter ? i - firstMonthAfter : 0,
        });
        var y = Vector<double>.Build.Dense(n, i => monthly[i]);
        var bread = (x.TransposeThisAndMultiply(x)).Inverse();
        var beta = bread * x.TransposeThisAndMultiply(y);
        var residuals = y - (x * beta);
        var df = n - 4;

        Matrix<double> covariance;
        if (lag is int l)
        {
            var meat = Matrix<double>.Build.Dense(4, 4);
            for (var t = 0; t < n; t++)
            {
                meat += x.Row(t).OuterProduct(x.Row(t)) * (residuals[t] * residuals[t]);
            }

            for (var k = 1; k <= l; k++)
            {
                var weight = 1 - (k / (l + 1.0));
                for (var t = k; t < n; t++)
                {
                    var cross = x.Row(t).OuterProduct(x.Row(t - k)) * (residuals[t] * residuals[t - k] * weight);
                    meat += cross + cross.Transpose();
                }
            }

            covariance = bread * meat * bread;
        }
        else
        {
            covariance = bread * (residuals.DotProduct(residuals) / df);
        }

        var q = StudentT.InvCDF(0, 1, df, 1 - ((1 - level) / 2));
        RegressionCoefficient Coefficient(int j)
        {
            var se = Math.Sqrt(covariance[j, j]);
            var p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(beta[j] / se)));
            return new RegressionCoefficient(beta[j], se, new Interval(beta[j] - (q * se), beta[j] + (q * se)), p);
        }

        return new SegmentedRegression(Coefficient(0), Coefficient(1), Coefficient(2), Coefficient(3), n, lag);
    }
}
