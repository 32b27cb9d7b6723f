namespace Outcomes.Analytics.Clustering;

/// <summary>
/// One cluster's units (e.g. one patient's weeks in care, screens or sessions): how many, the sum of their values and the
/// sum of their squares (for a yes/no value both sums are the count of yes). A grouped SQL query returns these.
/// </summary>
public readonly record struct ClusterTotal(long Units, double Sum, double SumOfSquares)
{
    /// <summary>A cluster of yes/no units: <paramref name="yes"/> of <paramref name="units"/>.</summary>
    public static ClusterTotal Binary(long yes, long units) => new(units, yes, yes);
}
