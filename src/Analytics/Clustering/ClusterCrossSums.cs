namespace Outcomes.Analytics.Clustering;

/// <summary>
/// The sums of cross products over clusters with units in two groups (a patient with IOP and PHP weeks) that the
/// cluster-robust variance of a difference needs beside each group's <see cref="ClusterSums"/>: Σy1_c·y2_c,
/// Σy1_c·n2_c, Σn1_c·y2_c, Σn1_c·n2_c, and the clusters with units in either group (G). Then
/// Σ(y1_c − ȳ1n1_c)(y2_c − ȳ2n2_c) = Σy1y2 − ȳ2Σy1n2 − ȳ1Σn1y2 + ȳ1ȳ2Σn1n2. Sums of disjoint sets of clusters add up.
/// </summary>
public readonly record struct ClusterCrossSums(
    long Clusters,
    double SumTimesSum,
    double FirstSumTimesSecondUnits,
    double FirstUnitsTimesSecondSum,
    double UnitsTimesUnits)
{
    /// <summary>The cross sums of <paramref name="clusters"/> (clusters with units in neither group are not counted).</summary>
    public static ClusterCrossSums Of(IEnumerable<(ClusterTotal First, ClusterTotal Second)> clusters) =>
        clusters.Where(c => c.First.Units + c.Second.Units > 0).Aggregate(default(ClusterCrossSums), (s, c) => s + new ClusterCrossSums(
            1, c.First.Sum * c.Second.Sum, c.First.Sum * c.Second.Units, (double)c.First.Units * c.Second.Sum, (double)c.First.Units * c.Second.Units));

    public static ClusterCrossSums operator +(ClusterCrossSums a, ClusterCrossSums b) => new(
        a.Clusters + b.Clusters, a.SumTimesSum + b.SumTimesSum, a.FirstSumTimesSecondUnits + b.FirstSumTimesSecondUnits,
        a.FirstUnitsTimesSecondSum + b.FirstUnitsTimesSecondSum, a.UnitsTimesUnits + b.UnitsTimesUnits);

    /// <summary>Σ(y1_c − m1·n1_c)(y2_c − m2·n2_c).</summary>
    public double ResidualProducts(double firstMean, double secondMean) =>
        SumTimesSum - (secondMean * FirstSumTimesSecondUnits) - (firstMean * FirstUnitsTimesSecondSum) + (firstMean * secondMean * UnitsTimesUnits);
}
