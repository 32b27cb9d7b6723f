namespace Outcomes.Analytics.Proportions;

/// <summary>
/// The Wilson score interval for a single proportion (Wilson 1927; method 3 of Newcombe 1998, Statistics in
/// Medicine 17:857-872). Unlike the textbook Wald interval it stays inside [0, 1] and keeps its coverage for
/// small programs and rates near 0 or 1, which is where outcome figures of small programs live.
/// </summary>
public static class WilsonInterval
{
    public static Interval For(long events, long total, double level = ConfidenceLevel.Default)
    {
        if (total <= 0)
        {
            return new Interval(double.NaN, double.NaN);
        }

        if (events < 0 || events > total)
        {
            throw new ArgumentOutOfRangeException(nameof(events), "events must lie between 0 and total.");
        }

        return ForRate((double)events / total, total, level);
    }

    /// <summary>
    /// The same interval for a rate p observed on n cases, where n may be an effective sample size of
    /// weighted data (Kish) rather than a count.
    /// </summary>
    public static Interval ForRate(double p, double n, double level = ConfidenceLevel.Default)
    {
        if (n <= 0)
        {
            return new Interval(double.NaN, double.NaN);
        }

        var z = ConfidenceLevel.Z(level);
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        // At p = 0 and p = 1 the bound is exactly 0 or 1; rounding must not push it past.
        return new Interval(p <= 0 ? 0 : Math.Max(0, centre - half), p >= 1 ? 1 : Math.Min(1, centre + half));
    }
}
