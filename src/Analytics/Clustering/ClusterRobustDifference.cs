using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Clustering;

/// <summary>
/// The difference of two proportions or means (e.g. IOP minus PHP) whose units repeat within clusters, where one cluster
/// may have units in both groups (a patient stepped down from PHP to IOP). Each cluster's influence on the difference is
/// u_c = (y1_c − ȳ1·n1_c)/N1 − (y2_c − ȳ2·n2_c)/N2, and Var = G/(G − 1) · Σ u_c², the sandwich variance of the group
/// coefficient in a regression on a group indicator with the cluster factor G/(G − 1) (R sandwich::vcovCL with type
/// "HC0" and cadjust; Stata's CR1 would add (N − 1)/(N − 2), which is 1 to three digits at these sizes). Because the
/// two groups' terms share a cluster's sum, the covariance between groups is included. Interval from t on G − 1 df.
/// </summary>
public sealed record ClusterRobustDifference(double Estimate, double StandardError, Interval Interval, int Clusters)
{
    /// <summary>
    /// The two-sided p-value of the Wald test of no difference, t = estimate / SE on G − 1 degrees of freedom (the same
    /// reference distribution as the interval, so p &lt; 0.05 exactly when the 95% interval excludes 0); NaN when there
    /// is no standard error, 1 when the standard error is 0 and so is the difference.
    /// </summary>
    public double PValue => StandardError > 0 && Clusters >= 2
        ? 2 * StudentT.CDF(0, 1, Clusters - 1, -Math.Abs(Estimate) / StandardError)
        : StandardError == 0 && Estimate == 0 ? 1 : double.NaN;

    /// <summary>Per cluster, its units in the first and in the second group (Units 0 where it has none).</summary>
    public static ClusterRobustDifference For(IReadOnlyCollection<(ClusterTotal First, ClusterTotal Second)> clusters, double level = ConfidenceLevel.Default) =>
        For(ClusterSums.Of(clusters.Select(c => c.First)), ClusterSums.Of(clusters.Select(c => c.Second)), ClusterCrossSums.Of(clusters), level);

    /// <summary>
    /// The same from sums, as a grouped SQL query returns them: each group's <see cref="ClusterSums"/> and the cross sums
    /// of the clusters (<see cref="ClusterCrossSums"/>, whose <see cref="ClusterCrossSums.Clusters"/> counts the clusters
    /// with units in either group). Σu_c² = Σa²/N1² + Σb²/N2² − 2Σab/(N1·N2) with a = y1 − ȳ1n1 and b = y2 − ȳ2n2.
    /// </summary>
    public static ClusterRobustDifference For(ClusterSums first, ClusterSums second, ClusterCrossSums cross, double level = ConfidenceLevel.Default)
    {
        var n1 = first.Units;
        var n2 = second.Units;
        var g = (int)cross.Clusters;
        if (n1 == 0 || n2 == 0 || g < 2)
        {
            return new ClusterRobustDifference(double.NaN, double.NaN, new Interval(double.NaN, double.NaN), g);
        }

        var mean1 = first.Sum / n1;
        var mean2 = second.Sum / n2;
        var meat = Math.Max(0, (first.ResidualSquares(mean1) / (n1 * n1)) + (second.ResidualSquares(mean2) / (n2 * n2))
            - (2 * cross.ResidualProducts(mean1, mean2) / (n1 * n2)));
        var se = Math.Sqrt((double)g / (g - 1) * meat);
        var t = StudentT.InvCDF(0, 1, g - 1, 1 - ((1 - level) / 2));
        var difference = mean1 - mean2;
        return new ClusterRobustDifference(difference, se, new Interval(difference - (t * se), difference + (t * se)), g);
    }
}
