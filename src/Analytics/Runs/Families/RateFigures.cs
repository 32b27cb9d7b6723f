using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Rates from counts per program, as every rate family of a run reports them: per program, per facility and level, and
/// for all facilities per level (each per grouping), with Wilson intervals; then the IOP minus PHP difference with
/// Newcombe's interval. Small cells are marked by <see cref="SmallCellPolicy"/>.
/// </summary>
internal sealed class RateFigures(SmallCellPolicy policy)
{
    /// <summary>
    /// The rates of <paramref name="counts"/> and their IOP minus PHP differences. Ratios of amounts
    /// (<paramref name="isRate"/> false) get no interval and no difference.
    /// </summary>
    public IEnumerable<Figure> RatesAndDifferences(string metric, IReadOnlyList<RateCounts> counts, bool isRate)
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
                foreach (var (level, proportion) in byLevel.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    yield return Rate(metric, facility, level, null, grouping, proportion.Numerator, proportion.Denominator, isRate);
                }

                yield return Rate(metric, facility, Figure.All, null, grouping, inScope.Sum(c => c.Events), inScope.Sum(c => c.Total), isRate);

                if (isRate && byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
                {
                    var (difference, interval) = NewcombeDifference.For(iop, php);
                    yield return new Figure(metric, facility, Figure.IopMinusPhp, null, grouping, (int)(iop.Denominator + php.Denominator),
                        null, null, difference, interval.Lower, interval.Upper, Small(iop) || Small(php), "IOP minus PHP, crude; Newcombe hybrid score interval");
                }
            }
        }
    }

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
