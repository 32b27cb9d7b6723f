using System.Globalization;
using Outcomes.Analytics.Clustering;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Rates from counts per program, as every rate family of a run reports them: per program, per facility and level, and
/// for all facilities per level (each per grouping), with Wilson intervals; then the IOP minus PHP difference with
/// Newcombe's interval and the p-value of the score test (<see cref="ProportionDifferenceTest"/>). Rates of units that repeat within a patient (weeks, screens, sessions) come from the patients'
/// sums instead (<see cref="ClusteredRatesAndDifferences"/>), with cluster-robust intervals. Small cells are marked by
/// <see cref="SmallCellPolicy"/>.
/// </summary>
internal sealed class RateFigures(SmallCellPolicy policy)
{
    /// <summary>
    /// The rates of <paramref name="counts"/> and their IOP minus PHP differences. Ratios of amounts
    /// (<paramref name="isRate"/> false) get no interval and no difference; nor do rates whose levels measure different
    /// things (<paramref name="compareLevels"/> false: a PHP to IOP step-down beside an IOP to OP one).
    /// </summary>
    public IEnumerable<Figure> RatesAndDifferences(string metric, IReadOnlyList<RateCounts> counts, bool isRate, bool compareLevels = true)
    {
        foreach (var program in counts)
        {
            yield return Rate(metric, program.Facility, program.Level, program.ProgramKey, program.Grouping, program.Events, program.Total, isRate);
        }

        var scopes = counts.Select(c => c.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            foreach (var grouping in counts.Select(c => c.Grouping).Distinct().Order(StringComparer.Ordinal))
            {
                var inScope = counts.Where(c => (facility == Figure.All || c.Facility == facility) && c.Grouping == grouping).ToList();
                var byLevel = inScope.GroupBy(c => c.Level).ToDictionary(g => g.Key, g => new Proportion(g.Sum(c => c.Events), g.Sum(c => c.Total)));
                var pooled = isRate && facility == Figure.All;
                foreach (var (level, proportion) in byLevel.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    var rate = Rate(metric, facility, level, null, grouping, proportion.Numerator, proportion.Denominator, isRate);
                    yield return pooled ? ByFacilityWhereWider(rate, FacilityTotals(inScope.Where(c => c.Level == level)), "the Wilson interval") : rate;
                }

                var whole = Rate(metric, facility, Figure.All, null, grouping, inScope.Sum(c => c.Events), inScope.Sum(c => c.Total), isRate);
                yield return pooled ? ByFacilityWhereWider(whole, FacilityTotals(inScope), "the Wilson interval") : whole;

                if (isRate && compareLevels && byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
                {
                    var (difference, interval, p) = ProportionDifferenceTest.Compare(iop, php);
                    var figure = new Figure(metric, facility, Figure.IopMinusPhp, null, grouping, (int)(iop.Denominator + php.Denominator),
                        null, null, difference, interval.Lower, interval.Upper, Small(iop) || Small(php),
                        "IOP minus PHP, crude; Newcombe hybrid score interval, score test", NaNAsNull(p));
                    yield return pooled
                        ? DifferenceByFacilityWhereWider(figure, [.. inScope.GroupBy(c => c.Facility).Select(f => (
                            ClusterTotal.Binary(f.Where(c => c.Level == OutcomeDefinitions.Iop).Sum(c => c.Events), f.Where(c => c.Level == OutcomeDefinitions.Iop).Sum(c => c.Total)),
                            ClusterTotal.Binary(f.Where(c => c.Level == OutcomeDefinitions.Php).Sum(c => c.Events), f.Where(c => c.Level == OutcomeDefinitions.Php).Sum(c => c.Total))))],
                            "Newcombe's interval")
                        : figure;
                }
            }
        }
    }

    /// <summary>
    /// The rates of yes/no units that repeat within a patient, from the patients' sums per program, facility and level,
    /// and facility (<see cref="PatientClusters"/>; the sums for all facilities add up the facilities'), in the same
    /// order and populations as <see cref="RatesAndDifferences"/>. Each rate keeps its units as N, with the cluster-robust
    /// interval by patient (<see cref="ClusterRobustMean"/>: CR1, t on G − 1 degrees of freedom, clipped to 0–1) and the
    /// design effect in its note; the IOP minus PHP difference gets the cluster-robust interval of a difference
    /// (<see cref="ClusterRobustDifference"/>, patients in both levels counted once, with the covariance they bring).
    /// </summary>
    public IEnumerable<Figure> ClusteredRatesAndDifferences(string metric, IReadOnlyList<PatientClusters.Row> rows)
    {
        foreach (var program in rows.Where(r => r.ProgramKey is not null).OrderBy(r => r.Facility, StringComparer.Ordinal).ThenBy(r => r.ProgramKey).ThenBy(r => r.Grouping, StringComparer.Ordinal))
        {
            yield return ClusteredRate(metric, program.Facility, program.Level!, program.ProgramKey, program.Grouping, program.Sums);
        }

        var scopes = rows.Select(c => c.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            foreach (var grouping in rows.Select(c => c.Grouping).Distinct().Order(StringComparer.Ordinal))
            {
                var inScope = rows.Where(c => (facility == Figure.All || c.Facility == facility) && c.Grouping == grouping && c.ProgramKey is null).ToList();
                var byLevel = inScope.Where(c => c.Level is not null).GroupBy(c => c.Level!)
                    .ToDictionary(g => g.Key, g => g.Aggregate(default(ClusterSums), (sum, r) => sum + r.Sums));
                // For all facilities, each facility's totals (its rows' sums) are the clusters by facility.
                var pooled = facility == Figure.All;
                foreach (var (level, sums) in byLevel.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    var rate = ClusteredRate(metric, facility, level, null, grouping, sums);
                    yield return pooled ? ByFacilityWhereWider(rate, [.. inScope.Where(r => r.Level == level).Select(r => Total(r.Sums))], "by patient") : rate;
                }

                var whole = inScope.Where(c => c.Level is null).ToList();
                var all = ClusteredRate(metric, facility, Figure.All, null, grouping, whole.Aggregate(default(ClusterSums), (sum, r) => sum + r.Sums));
                yield return pooled ? ByFacilityWhereWider(all, [.. whole.Select(r => Total(r.Sums))], "by patient") : all;

                if (byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
                {
                    var difference = ClusteredDifference(metric, facility, grouping, iop, php, whole.Aggregate(default(ClusterCrossSums), (sum, r) => sum + r.Cross));
                    yield return pooled
                        ? DifferenceByFacilityWhereWider(difference, [.. inScope.Where(r => r.Level is not null).GroupBy(r => r.Facility).Select(f => (
                            Total(f.Where(r => r.Level == OutcomeDefinitions.Iop).Aggregate(default(ClusterSums), (sum, r) => sum + r.Sums)),
                            Total(f.Where(r => r.Level == OutcomeDefinitions.Php).Aggregate(default(ClusterSums), (sum, r) => sum + r.Sums))))],
                            "by patient")
                        : difference;
                }
            }
        }
    }

    private Figure ClusteredRate(string metric, string facility, string level, int? programKey, string grouping, ClusterSums sums)
    {
        var proportion = new Proportion((long)sums.Sum, (long)sums.Units);
        var small = Small(proportion);
        var robust = ClusterRobustMean.For(sums);
        var (lower, upper, note) = robust switch
        {
            { Clusters: < 2 } => ((double?)null, (double?)null, $"{ClusterRobust}: {Patients(robust.Clusters)}, no interval"),
            { StandardError: 0 } => WilsonOfUnits(proportion, robust.Clusters),
            _ => (Math.Max(0, robust.Interval.Lower), Math.Min(1, robust.Interval.Upper),
                $"{ClusterRobust}, {Patients(robust.Clusters)}, design effect {robust.DesignEffect.ToString("0.00", CultureInfo.InvariantCulture)}"),
        };
        return new Figure(metric, facility, level, programKey, grouping, (int)proportion.Denominator, proportion.Numerator, proportion.Denominator,
            proportion.Estimate, lower, upper, small, small ? ClusterRobust : note);
    }

    /// <summary>When every unit is alike (all yes or all no) the cluster-robust variance is 0 and says nothing: the Wilson interval of the units stands in.</summary>
    private (double?, double?, string) WilsonOfUnits(Proportion proportion, int clusters)
    {
        var wilson = proportion.Wilson();
        return (wilson.Lower, wilson.Upper, $"{ClusterRobust}, {Patients(clusters)}: every unit alike, Wilson interval of the units");
    }

    private Figure ClusteredDifference(string metric, string facility, string grouping, ClusterSums iop, ClusterSums php, ClusterCrossSums cross)
    {
        var small = Small(new Proportion((long)iop.Sum, (long)iop.Units)) || Small(new Proportion((long)php.Sum, (long)php.Units));
        var n = (int)(iop.Units + php.Units);
        var robust = ClusterRobustDifference.For(iop, php, cross);
        if (!(robust.StandardError > 0))
        {
            // Too few patients for a variance, or none in it (every unit alike in both levels): Newcombe's interval of the units.
            var (difference, interval, p) = ProportionDifferenceTest.Compare(new Proportion((long)iop.Sum, (long)iop.Units), new Proportion((long)php.Sum, (long)php.Units));
            return new Figure(metric, facility, Figure.IopMinusPhp, null, grouping, n, null, null, difference, interval.Lower, interval.Upper, small,
                $"IOP minus PHP, crude; {ClusterRobust} not estimable: Newcombe hybrid score interval and score test of the units", NaNAsNull(p));
        }

        return new Figure(metric, facility, Figure.IopMinusPhp, null, grouping, n, null, null, robust.Estimate, robust.Interval.Lower, robust.Interval.Upper, small,
            small ? $"IOP minus PHP, crude; {ClusterRobust}; Wald t test" : $"IOP minus PHP, crude; {ClusterRobust}, {Patients(robust.Clusters)}; Wald t test",
            NaNAsNull(robust.PValue));
    }

    /// <summary>
    /// A figure pooled over facilities, clustered by facility instead where there are enough facilities and that interval
    /// is wider (<see cref="FacilityClustering"/>); otherwise as it was, its note saying why. The estimate stays.
    /// </summary>
    internal static Figure ByFacilityWhereWider(Figure figure, IReadOnlyCollection<ClusterTotal> facilities, string widerThan)
    {
        var count = FacilityClustering.Count(facilities);
        if (FacilityClustering.WiderMean(facilities, figure.UpperBound - figure.LowerBound) is { } robust)
        {
            var interval = FacilityClustering.Clipped(robust.Interval);
            return figure with { LowerBound = interval.Lower, UpperBound = interval.Upper, Note = FacilityClustering.ByFacility(count, robust.DesignEffect, widerThan) };
        }

        return WithFacilityNote(figure, count);
    }

    /// <summary>The same for an IOP minus PHP difference, whose p-value then comes from the Wald t test on facilities − 1 degrees of freedom.</summary>
    internal static Figure DifferenceByFacilityWhereWider(Figure figure, IReadOnlyCollection<(ClusterTotal First, ClusterTotal Second)> facilities, string widerThan)
    {
        var count = FacilityClustering.Count(facilities);
        if (FacilityClustering.WiderDifference(facilities, figure.UpperBound - figure.LowerBound) is { } robust)
        {
            return figure with
            {
                LowerBound = robust.Interval.Lower,
                UpperBound = robust.Interval.Upper,
                Note = $"IOP minus PHP, crude; {FacilityClustering.ByFacility(count, double.NaN, widerThan)}; Wald t test",
                PValue = NaNAsNull(robust.PValue),
            };
        }

        return WithFacilityNote(figure, count);
    }

    private static Figure WithFacilityNote(Figure figure, int facilities)
    {
        var note = FacilityClustering.Enough(facilities) ? FacilityClustering.NotWider(facilities) : FacilityClustering.TooFew(facilities);
        return note is null || figure.LowerBound is null ? figure : figure with { Note = figure.Note is null ? note : $"{figure.Note}; {note}" };
    }

    /// <summary>A facility's totals from the sums of its patients (the clusters by patient within it).</summary>
    private static ClusterTotal Total(ClusterSums sums) => new((long)sums.Units, sums.Sum, sums.UnitSumOfSquares);

    private static List<ClusterTotal> FacilityTotals(IEnumerable<RateCounts> counts) =>
        [.. counts.GroupBy(c => c.Facility).Select(f => ClusterTotal.Binary(f.Sum(c => c.Events), f.Sum(c => c.Total)))];

    private const string ClusterRobust = "cluster-robust by patient (CR1)";

    /// <summary>
    /// The number of patients a note gives, as a released table may show it (a small count as "fewer than 11"); a small
    /// figure's note gives no count at all, since the figure itself is hidden.
    /// </summary>
    private string Patients(int clusters) =>
        policy.IsSmall(clusters) ? $"fewer than {policy.Threshold} patients" : $"{clusters} patients";

    private static double? NaNAsNull(double value) => double.IsNaN(value) ? null : value;

    /// <summary>
    /// The figures with the cohort they count named in their note (by grouping, e.g. "discharged 2026-01-01 to
    /// 2026-03-31, followed 90 days"), before any note of their own.
    /// </summary>
    public static IEnumerable<Figure> Named(IEnumerable<Figure> figures, Func<string, string> cohort) =>
        figures.Select(f => f with { Note = f.Note is null ? cohort(f.Grouping) : $"{cohort(f.Grouping)}; {f.Note}" });

    private Figure Rate(string metric, string facility, string level, int? programKey, string grouping, long events, long total, bool isRate)
    {
        var proportion = new Proportion(events, total);
        if (!isRate)
        {
            return new Figure(metric, facility, level, programKey, grouping, 0, events, total, proportion.Estimate, null, null, false,
                "a ratio of amounts, not of patients: no interval");
        }

        var interval = proportion.Wilson();
        return new Figure(metric, facility, level, programKey, grouping, (int)total, events, total, proportion.Estimate,
            interval.Lower, interval.Upper, Small(proportion), null);
    }

    /// <summary>A rate shows a small cell when its count, its complement or its denominator is 1 to threshold − 1.</summary>
    private bool Small(Proportion p) =>
        policy.IsSmall(p.Numerator) || policy.IsSmall(p.Denominator - p.Numerator) || policy.IsSmall(p.Denominator);
}
