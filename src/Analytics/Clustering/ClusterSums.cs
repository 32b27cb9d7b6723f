namespace Outcomes.Analytics.Clustering;

/// <summary>
/// The sums over clusters that the cluster-robust variance of a ratio mean needs, so that a grouped SQL query can return
/// them per population without sending the units or the clusters to the client: the clusters with units (G), Σn_c,
/// Σy_c, Σy_c², Σy_c·n_c, Σn_c², and Σ of the units' own squares (for yes/no units, Σy). The residual sum of squares
/// then follows exactly: Σ(y_c − ȳn_c)² = Σy_c² − 2ȳΣy_c·n_c + ȳ²Σn_c². Sums of disjoint sets of clusters add up.
/// </summary>
public readonly record struct ClusterSums(
    long Clusters,
    double Units,
    double Sum,
    double SumSquared,
    double SumTimesUnits,
    double UnitsSquared,
    double UnitSumOfSquares)
{
    /// <summary>The sums of <paramref name="clusters"/> (clusters with no units are not counted).</summary>
    public static ClusterSums Of(IEnumerable<ClusterTotal> clusters) =>
        clusters.Where(c => c.Units > 0).Aggregate(default(ClusterSums), (s, c) => s + new ClusterSums(
            1, c.Units, c.Sum, c.Sum * c.Sum, c.Sum * c.Units, (double)c.Units * c.Units, c.SumOfSquares));

    /// <summary>The sums of two disjoint sets of clusters (e.g. two facilities, whose patients are their own).</summary>
    public static ClusterSums operator +(ClusterSums a, ClusterSums b) => new(
        a.Clusters + b.Clusters, a.Units + b.Units, a.Sum + b.Sum, a.SumSquared + b.SumSquared,
        a.SumTimesUnits + b.SumTimesUnits, a.UnitsSquared + b.UnitsSquared, a.UnitSumOfSquares + b.UnitSumOfSquares);

    /// <summary>Σ(y_c − m·n_c)² for a mean m, never below 0 (rounding could take it there when every residual is 0).</summary>
    public double ResidualSquares(double mean) =>
        Math.Max(0, SumSquared - (2 * mean * SumTimesUnits) + (mean * mean * UnitsSquared));
}
