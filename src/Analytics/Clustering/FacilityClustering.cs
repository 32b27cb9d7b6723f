using System.Globalization;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Clustering;

/// <summary>
/// Facility as the cluster of a figure pooled over facilities. Patients (and their weeks, screens, episodes and courses)
/// are nested in facilities, and a facility's own way of working makes its patients alike: an interval clustered by
/// facility covers that as well as the patients' own repetition, so where the two differ the coarser level's interval is
/// the honest one (Cameron and Miller 2015, §IV: cluster at the broader level, up to where the clusters become too few). It is used when
/// at least <see cref="OutcomeDefinitions.MinimumFacilitiesToClusterBy"/> facilities have units and it is wider than the
/// interval the figure already has; a facility's totals are its units' sums (<see cref="ClusterTotal"/>), from which
/// <see cref="ClusterRobustMean"/> and <see cref="ClusterRobustDifference"/> give CR1 with t on G − 1, G the facilities.
/// </summary>
internal static class FacilityClustering
{
    /// <summary>Facilities with units, the G of a facility-clustered interval.</summary>
    public static int Count(IEnumerable<ClusterTotal> facilities) => facilities.Count(f => f.Units > 0);

    /// <summary>Facilities with units in either group of a difference.</summary>
    public static int Count(IEnumerable<(ClusterTotal First, ClusterTotal Second)> facilities) =>
        facilities.Count(f => f.First.Units + f.Second.Units > 0);

    public static bool Enough(int facilities) => facilities >= OutcomeDefinitions.MinimumFacilitiesToClusterBy;

    /// <summary>What a pooled figure's note says when there are too few facilities to cluster by (none for one facility: the pooled figure is that facility's).</summary>
    public static string? TooFew(int facilities) =>
        facilities < 2 || Enough(facilities) ? null : $"{facilities} facilities are too few to cluster by facility";

    /// <summary>The note of a figure clustered by facility, naming what it is wider than.</summary>
    public static string ByFacility(int facilities, double designEffect, string widerThan) =>
        double.IsNaN(designEffect)
            ? $"cluster-robust by facility (CR1), {facilities} facilities; wider than {widerThan}"
            : $"cluster-robust by facility (CR1), {facilities} facilities, design effect {designEffect.ToString("0.00", CultureInfo.InvariantCulture)}; wider than {widerThan}";

    /// <summary>What a pooled figure's note says when its facilities are enough but clustering by them gives no wider interval.</summary>
    public static string NotWider(int facilities) => $"{facilities} facilities: clustered by facility no wider";

    /// <summary>
    /// The interval of a rate clustered by facility when there are enough facilities and it is wider than
    /// <paramref name="width"/> (a rate's interval clipped to 0–1, compared as shown); null otherwise.
    /// </summary>
    public static ClusterRobustMean? WiderMean(IReadOnlyCollection<ClusterTotal> facilities, double? width)
    {
        if (!Enough(Count(facilities)) || width is not { } shown)
        {
            return null;
        }

        var robust = ClusterRobustMean.For([.. facilities.Where(f => f.Units > 0)]);
        return robust.StandardError > 0 && Clipped(robust.Interval).Width > shown ? robust : null;
    }

    /// <summary>The interval of a difference clustered by facility when there are enough facilities and it is wider than <paramref name="width"/>; null otherwise.</summary>
    public static ClusterRobustDifference? WiderDifference(IReadOnlyCollection<(ClusterTotal First, ClusterTotal Second)> facilities, double? width)
    {
        if (!Enough(Count(facilities)) || width is not { } shown)
        {
            return null;
        }

        var robust = ClusterRobustDifference.For(facilities);
        return robust.StandardError > 0 && robust.Interval.Width > shown ? robust : null;
    }

    /// <summary>A rate's interval as shown: within 0–1.</summary>
    public static Interval Clipped(Interval interval) => new(Math.Max(0, interval.Lower), Math.Min(1, interval.Upper));
}
