using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Survival;

/// <summary>
/// The Mantel–Haenszel log-rank test of equal retention in two groups (e.g. IOP and PHP), with the
/// hypergeometric variance, as in Kleinbaum and Klein, Survival Analysis, chapter 2, and R's survdiff.
/// One sweep over the distinct times, so it scales to a million episodes.
/// </summary>
public static class LogRankTest
{
    public static LogRankResult Compare(IReadOnlyCollection<SurvivalObservation> first, IReadOnlyCollection<SurvivalObservation> second) =>
        CompareCounts(Count(first), Count(second));

    /// <summary>The same test from counts per time, as a grouped SQL query returns them.</summary>
    public static LogRankResult CompareCounts(IEnumerable<SurvivalCount> first, IEnumerable<SurvivalCount> second)
    {
        var firstByTime = first.ToDictionary(c => c.Time);
        var secondByTime = second.ToDictionary(c => c.Time);
        double atRisk1 = firstByTime.Values.Sum(c => c.Events + c.Censored);
        double atRisk2 = secondByTime.Values.Sum(c => c.Events + c.Censored);
        double observed1 = 0, observed2 = 0, expected1 = 0, variance = 0;
        foreach (var time in firstByTime.Keys.Union(secondByTime.Keys).Order())
        {
            var one = firstByTime.GetValueOrDefault(time);
            var two = secondByTime.GetValueOrDefault(time);
            double n = atRisk1 + atRisk2;
            double d = one.Events + two.Events;
            if (d > 0)
            {
                observed1 += one.Events;
                observed2 += two.Events;
                expected1 += d * atRisk1 / n;
                if (n > 1)
                {
                    variance += atRisk1 * atRisk2 * d * (n - d) / (n * n * (n - 1));
                }
            }

            atRisk1 -= one.Events + one.Censored;
            atRisk2 -= two.Events + two.Censored;
        }

        var expected2 = observed1 + observed2 - expected1;
        var chiSquare = variance > 0 ? (observed1 - expected1) * (observed1 - expected1) / variance : 0;
        var p = variance > 0 ? 1 - ChiSquared.CDF(1, chiSquare) : 1;
        return new LogRankResult(observed1, expected1, observed2, expected2, chiSquare, p);
    }

    private static IEnumerable<SurvivalCount> Count(IEnumerable<SurvivalObservation> observations) =>
        observations.GroupBy(o => o.Time).Select(g => new SurvivalCount(g.Key, g.Count(o => o.Event), g.Count(o => !o.Event)));
}
