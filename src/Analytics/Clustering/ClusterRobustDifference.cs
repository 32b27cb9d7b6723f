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
    /// <summary>Per cluster, its units in the first and in the second group (Units 0 where it has none).</summary>
    public static ClusterRobustDifference For(IReadOnlyCollection<(ClusterTotal First, ClusterTotal Second)> clusters, double level = ConfidenceLevel.Default)
    {
        var n1 = clusters.Sum(c => c.First.Units);
        var n2 = clusters.Sum(c => c.Second.Units);
        var g = clusters.Count(c => c.First.Units + c.Second.Units > 0);
        if (n1 == 0 || n2 == 0 || g < 2)
        {
            return new ClusterRobustDifference(double.NaN, double.NaN, new Interval(double.NaN, double.NaN), g);
        }

        var mean1 = clusters.Sum(c => c.First.Sum) / n1;
        var mean2 = clusters.Sum(c => c.Second.Sum) / n2;
        var meat = clusters.Sum(c =>
        {
            var u = ((c.First.Sum - (mean1 * c.First.Units)) / n1) - ((c.Second.Sum - (mean2 * c.Second.Units)) / n2);
            return u * u;
        });
        var se = Math.Sqrt((double)g / (g - 1) * meat);
        var t = StudentT.InvCDF(0, 1, g - 1, 1 - ((1 - level) / 2));
        var difference = mean1 - mean2;
        return new ClusterRobustDifference(difference, se, new Interval(difference - (t * se), difference + (t * se)), g);
    }
}
