using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Rates;

/// <summary>
/// The ratio of two event rates (e.g. unplanned discharges per day in care, IOP over PHP) with its exact conditional
/// interval and p-value: given the total events, the first group's share is binomial with p = T1·RR/(T1·RR + T2), so the
/// Clopper–Pearson interval of that share maps onto the ratio (Breslow and Day 1987, Statistical Methods in Cancer
/// Research II, §2.2; R's poisson.test for two samples). The p-value is the two-sided exact binomial test of RR = 1.
/// </summary>
public sealed record RateRatio(double Ratio, Interval Interval, double PValue)
{
    public static RateRatio Compare(EventRate first, EventRate second, double level = ConfidenceLevel.Default)
    {
        var (x1, x2, t1, t2) = (first.Events, second.Events, first.DaysAtRisk, second.DaysAtRisk);
        var total = x1 + x2;
        if (total == 0 || t1 <= 0 || t2 <= 0)
        {
            return new RateRatio(double.NaN, new Interval(double.NaN, double.NaN), 1);
        }

        var alpha = 1 - level;
        var lowerShare = x1 == 0 ? 0 : Beta.InvCDF(x1, x2 + 1, alpha / 2);
        var upperShare = x2 == 0 ? 1 : Beta.InvCDF(x1 + 1, x2, 1 - (alpha / 2));
        var toRatio = (double share) => share >= 1 ? double.PositiveInfinity : share / (1 - share) * t2 / t1;
        var ratio = x2 == 0 ? double.PositiveInfinity : x1 / t1 / (x2 / t2);
        return new RateRatio(ratio, new Interval(toRatio(lowerShare), toRatio(upperShare)), ExactBinomialP(x1, total, t1 / (t1 + t2)));
    }

    /// <summary>
    /// Two-sided: the probability of every split no more likely than the one seen (the rule of R's binom.test, with its
    /// relative tolerance of 1e-7 so that equally likely splits count on both sides).
    /// </summary>
    private static double ExactBinomialP(long x, long n, double p)
    {
        var observed = Binomial.PMF(p, (int)n, (int)x);
        var limit = observed * (1 + 1e-7);
        double sum = 0;
        for (var k = 0; k <= n; k++)
        {
            var pk = Binomial.PMF(p, (int)n, k);
            if (pk <= limit)
            {
                sum += pk;
            }
        }

        return Math.Min(1, sum);
    }
}
