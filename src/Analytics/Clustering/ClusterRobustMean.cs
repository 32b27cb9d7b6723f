using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Clustering;

/// <summary>
/// A proportion or mean over units that repeat within clusters (weeks within a patient, patients within a facility),
/// with the cluster-robust variance of the ratio estimator ȳ = Σy / Σn:
/// <code>Var = G/(G − 1) · Σ_c (y_c − ȳ·n_c)² / (Σn)²</code>
/// — the sandwich variance of an intercept-only regression with the CR1 small-sample factor G/(G − 1) (which for one
/// parameter is all of Stata's CR1; Cameron and Miller 2015, Journal of Human Resources 50:317-372, §VI; R
/// sandwich::vcovCL type "HC1"). The interval uses Student's t on G − 1 degrees of freedom, as Cameron and Miller
/// advise for few clusters. The design effect is this variance over the one that treats every unit as independent
/// (s²/N, s² with N − 1): by how much clustering inflates the variance (Kish 1965, Survey Sampling, §5.4).
/// </summary>
public sealed record ClusterRobustMean(
    double Estimate,
    double StandardError,
    Interval Interval,
    int Clusters,
    long Units,
    double DesignEffect)
{
    public static ClusterRobustMean For(IReadOnlyCollection<ClusterTotal> clusters, double level = ConfidenceLevel.Default) =>
        For(ClusterSums.Of(clusters), level);

    /// <summary>The same from the clusters' sums (<see cref="ClusterSums"/>), as a grouped SQL query returns them.</summary>
    public static ClusterRobustMean For(ClusterSums sums, double level = ConfidenceLevel.Default)
    {
        var units = (long)sums.Units;
        var g = (int)sums.Clusters;
        if (units == 0)
        {
            return new ClusterRobustMean(double.NaN, double.NaN, new Interval(double.NaN, double.NaN), 0, 0, double.NaN);
        }

        var mean = sums.Sum / units;
        if (g < 2)
        {
            return new ClusterRobustMean(mean, double.NaN, new Interval(double.NaN, double.NaN), g, units, double.NaN);
        }

        var variance = (double)g / (g - 1) * sums.ResidualSquares(mean) / ((double)units * units);
        var se = Math.Sqrt(variance);
        var t = StudentT.InvCDF(0, 1, g - 1, 1 - ((1 - level) / 2));
        var unitVariance = units > 1 ? (sums.UnitSumOfSquares - (units * mean * mean)) / (units - 1) : double.NaN;
        var designEffect = unitVariance > 0 ? variance / (unitVariance / units) : double.NaN;
        return new ClusterRobustMean(mean, se, new Interval(mean - (t * se), mean + (t * se)), g, units, designEffect);
    }
}
