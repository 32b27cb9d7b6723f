using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Survival;

/// <summary>
/// The Mantel–Haenszel log-rank test of equal retention in two groups (e.g. IOP and PHP), with the
/// hypergeometric variance, as in Kleinbaum and Klein, Survival Analysis, chapter 2, and R's survdiff.
/// One sweep over the sorted times, so it scales to a million episodes.
/// </summary>
public static class LogRankTest
{
    public static LogRankResult Compare(IReadOnlyCollection<SurvivalObservation> first, IReadOnlyCollection<SurvivalObservation> second)
    {
        var all = first.Select(o => (o.Time, o.Event, Group: 0)).Concat(second.Select(o => (o.Time, o.Event, Group: 1)))
            .OrderBy(o => o.Time).ToList();
        double atRisk1 = first.Count, atRisk2 = second.Count;
        double observed1 = 0, observed2 = 0, expected1 = 0, variance = 0;
        var i = 0;
        while (i < all.Count)
        {
            var time = all[i].Time;
            int d1 = 0, d2 = 0, leaving1 = 0, leaving2 = 0;
            for (; i < all.Count && all[i].Time == time; i++)
            {
                var (_, isEvent, group) = all[i];
                if (group == 0)
                {
                    leaving1++;
                    d1 += isEvent ? 1 : 0;
                }
                else
                {
                    leaving2++;
                    d2 += isEvent ? 1 : 0;
                }
            }

            double n = atRisk1 + atRisk2;
            double d = d1 + d2;
            if (d > 0)
            {
                observed1 += d1;
                observed2 += d2;
                expected1 += d * atRisk1 / n;
                if (n > 1)
                {
                    variance += atRisk1 * atRisk2 * d * (n - d) / (n * n * (n - 1));
                }
            }

            atRisk1 -= leaving1;
            atRisk2 -= leaving2;
        }

        var expected2 = observed1 + observed2 - expected1;
        var chiSquare = variance > 0 ? (observed1 - expected1) * (observed1 - expected1) / variance : 0;
        var p = variance > 0 ? 1 - ChiSquared.CDF(1, chiSquare) : 1;
        return new LogRankResult(observed1, expected1, observed2, expected2, chiSquare, p);
    }
}
