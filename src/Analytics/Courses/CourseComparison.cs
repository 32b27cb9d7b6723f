using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Clustering;
using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Analytics.Sensitivity;

namespace Outcomes.Analytics.Courses;

/// <summary>
/// IOP against PHP by course of care (<see cref="CourseCohort"/>): the share of courses whose intensive care ended
/// unplanned, and the share that ended as planned, within the window, by the level the course began in; crude
/// differences (Newcombe) and differences adjusted for case mix by inverse probability weighting, where the propensity
/// model of the all-facilities comparison includes the facility, so that facilities differing both in how many
/// courses they begin in PHP and in their dropout cannot pass for an effect of the level.
/// </summary>
public static class CourseComparison
{
    private static readonly (string Metric, CourseEnding Ending, string Words)[] Measures =
    [
        ("course_dropout", CourseEnding.Unplanned, "an unplanned discharge"),
        ("course_planned_end", CourseEnding.Planned, "completion or a step-down out of intensive care"),
    ];

    public static IEnumerable<Figure> Figures(IReadOnlyList<CourseOfCare> courses)
    {
        var facilities = courses.Select(c => c.Facility).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var scope in facilities.Prepend(Figure.All))
        {
            var inScope = courses.Where(c => scope == Figure.All || c.Facility == scope).ToList();
            if (inScope.Count == 0)
            {
                continue;
            }

            foreach (var figure in ScopeFigures(scope, inScope, scope == Figure.All ? facilities : []))
            {
                yield return figure;
            }
        }
    }

    private static IEnumerable<Figure> ScopeFigures(string scope, List<CourseOfCare> courses, IReadOnlyList<string> facilityTerms)
    {
        var n = courses.Sum(c => c.Count);
        var window = $"courses begun in the period, followed {CourseCohort.WindowDays} days from the first admission";
        foreach (var (metric, ending, words) in Measures)
        {
            var iop = Count(courses, true, ending);
            var php = Count(courses, false, ending);
            // Pooled over facilities, the facility is the cluster where there are enough facilities and that interval is wider.
            var pooled = scope == Figure.All;
            var byFacility = pooled
                ? courses.GroupBy(c => c.Facility).Select(f => (Iop: Total(f, true, ending), Php: Total(f, false, ending))).ToList()
                : [];
            foreach (var (arm, share) in new[] { ("iop", iop), ("php", php) })
            {
                var interval = WilsonInterval.For(share.Numerator, share.Denominator);
                var figure = new Figure(metric, scope, arm, null, "", (int)share.Denominator, share.Numerator, share.Denominator,
                    share.Denominator == 0 ? null : share.Estimate, interval.Lower, interval.Upper, false, $"{window}; ended in {words}");
                yield return pooled && share.Denominator > 0
                    ? RateFigures.ByFacilityWhereWider(figure, [.. byFacility.Select(f => arm == "iop" ? f.Iop : f.Php)], "the Wilson interval")
                    : figure;
            }

            if (iop.Denominator > 0 && php.Denominator > 0)
            {
                var (difference, crude, p) = ProportionDifferenceTest.Compare(iop, php);
                var figure = new Figure(metric, scope, Figure.IopMinusPhp, null, "", n, null, null, difference, crude.Lower, crude.Upper, false,
                    $"IOP minus PHP by the level the course began in, not adjusted; {window}", double.IsNaN(p) ? null : p);
                yield return pooled ? RateFigures.DifferenceByFacilityWhereWider(figure, byFacility, "Newcombe's interval") : figure;
            }
        }

        // The facility enters the propensity model as indicators (all but the first), so the weights balance it too. An
        // unknown too rare in a group to weight (or unknown for nobody) is left out of the model and the balance.
        var (columns, tooFewUnknown) = CaseMixCharacteristics.Informative([.. courses.Select(c => new CaseMixUnit(c.StartedInIop, false, c.Covariates, c.Count))]);
        var names = columns.Select(j => CourseCohort.Covariates[j]).Concat(facilityTerms.Skip(1).Select(f => $"facility {f}")).ToList();
        var units = courses.Select(c => new CaseMixUnit(c.StartedInIop, false,
            [.. columns.Select(j => c.Covariates[j]), .. facilityTerms.Skip(1).Select(f => c.Facility == f ? 1.0 : 0.0)], c.Count)).ToList();
        var results = InverseProbabilityWeighting.CompareEach(
            units, [.. Measures.Select(m => (IReadOnlyList<bool>)[.. courses.Select(c => c.Ending == m.Ending)])], names);
        for (var m = 0; m < Measures.Length; m++)
        {
            var result = results[m];
            yield return new Figure($"{Measures[m].Metric}_adjusted", scope, Figure.IopMinusPhp, null, "", n, null, null,
                result.AdjustedDifference, result.AdjustedInterval?.Lower, result.AdjustedInterval?.Upper, false,
                result.Comparable
                    ? $"IOP minus PHP by the level the course began in, adjusted by inverse probability weighting{(facilityTerms.Count > 1 ? " with the facility in the propensity model" : "")}; effective sizes {result.EffectiveSizeFirst:F0} and {result.EffectiveSizeSecond:F0}; {result.TruncatedShare:P1} of weights truncated, largest {result.LargestWeight:F1}{CaseMixCharacteristics.TooFewUnknownNote(tooFewUnknown)}; {window}"
                    : $"not comparable: {result.NotComparableReason}", result.AdjustedPValue);
            if (result is { Comparable: true, AdjustedDifference: { } difference, AdjustedInterval: { } interval })
            {
                // How strong an unmeasured confounder would have to be to explain the adjusted difference away.
                var evalue = EValue.ForRiskDifference(difference, interval, result.AdjustedRateSecond);
                yield return new Figure($"{Measures[m].Metric}_adjusted_evalue", scope, Figure.IopMinusPhp, null, "", n, null, null,
                    evalue.ForEstimate, evalue.ForInterval, null, false,
                    "E-value (VanderWeele & Ding 2017) of the adjusted difference, as a risk ratio on the weighted PHP rate; lower bound: that of the interval's limit nearer no difference (1 when the interval includes it)");
            }

            if (m == 0)
            {
                foreach (var balance in result.Balance)
                {
                    yield return new Figure("course_standardised_difference", scope, Figure.IopMinusPhp, null, balance.Covariate, n,
                        null, null, balance.Before, null, null, false, "before weighting");
                    yield return new Figure("course_standardised_difference_weighted", scope, Figure.IopMinusPhp, null, balance.Covariate, n,
                        null, null, balance.After, null, null, false, "after weighting");
                }
            }
        }
    }

    private static ClusterTotal Total(IEnumerable<CourseOfCare> courses, bool iop, CourseEnding ending)
    {
        var share = Count([.. courses], iop, ending);
        return ClusterTotal.Binary(share.Numerator, share.Denominator);
    }

    private static Proportion Count(List<CourseOfCare> courses, bool iop, CourseEnding ending)
    {
        long events = 0, total = 0;
        foreach (var course in courses.Where(c => c.StartedInIop == iop))
        {
            total += course.Count;
            events += course.Ending == ending ? course.Count : 0;
        }

        return new Proportion(events, total);
    }
}
