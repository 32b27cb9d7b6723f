using Outcomes.Analytics.Means;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// Case-mix adjustment of a rate difference between two groups (e.g. IOP minus PHP) by inverse probability
/// of treatment weighting (Austin 2011, Multivariate Behavioral Research 46:399-424): a logistic propensity
/// model on admission characteristics, stabilised weights, weighted rates in each group. Balance is shown as
/// standardised mean differences before and after weighting (|SMD| &lt; 0.1 is the usual mark of balance,
/// Austin 2009, and the mark used here). Weights are truncated at the 1st and 99th percentiles (Cole and Hernán 2008,
/// Am J Epidemiol 168:656), and the share truncated is reported. Each weighted rate is a ratio (Hájek) estimator; its
/// variance is the robust sandwich (linearisation) variance Σ wᵢ² (yᵢ − μ)² / (Σ wᵢ)², which treats the propensities as
/// known and so errs on the wide side for this estimand (Lunceford and Davidian 2004, Stat Med 23:2937); the
/// difference's interval is normal on the two variances summed.
/// </summary>
public static class InverseProbabilityWeighting
{
    /// <summary>Propensities outside [0.025, 0.975] mean some patients have almost no counterpart in the other group.</summary>
    public const double PropensityBound = 0.025;

    /// <summary>More than this share of either group outside the bounds: the groups are not comparable.</summary>
    public const double MaxShareOutsideBounds = 0.10;

    /// <summary>Balance after weighting worse than this on any covariate: not comparable (the usual mark, Austin 2009).</summary>
    public const double MaxStandardisedDifferenceAfter = 0.1;

    /// <summary>Weights below this percentile of their distribution, or above its complement, are set to it.</summary>
    public const double TruncationPercentile = 0.01;

    public static AdjustedComparison Compare(IReadOnlyList<CaseMixUnit> units, IReadOnlyList<string> covariateNames, double level = ConfidenceLevel.Default) =>
        CompareEach(units, [[.. units.Select(u => u.Outcome)]], covariateNames, level)[0];

    /// <summary>
    /// Compares several outcomes of the same episodes: the propensity model, the weights and the balance depend only
    /// on the groups and the covariates, so they are fitted once (a year's discharges take a few hundred milliseconds
    /// per fit). Each <see cref="CaseMixUnit.Outcome"/> is ignored; <paramref name="outcomes"/> holds one value per
    /// unit for each outcome.
    /// </summary>
    public static IReadOnlyList<AdjustedComparison> CompareEach(
        IReadOnlyList<CaseMixUnit> units, IReadOnlyList<IReadOnlyList<bool>> outcomes, IReadOnlyList<string> covariateNames, double level = ConfidenceLevel.Default)
    {
        var weighting = Weigh(units, covariateNames);
        if (weighting.Weights is null)
        {
            return [.. outcomes.Select(outcome =>
            {
                var (crude, crudeInterval) = Crude(units, outcome, level);
                return new AdjustedComparison(crude, crudeInterval, null, null, double.NaN, double.NaN, weighting.FirstCount, weighting.SecondCount, [], false,
                    "one of the groups has no episodes", 0, double.NaN);
            })];
        }

        return [.. outcomes.Select(outcome =>
        {
            var (crude, crudeInterval) = Crude(units, outcome, level);
            var values = outcome.Select(y => y ? 1.0 : 0.0).ToArray();
            return Adjusted(units, values, weighting, crude, crudeInterval, level, bounds: (-1, 1));
        })];
    }

    /// <summary>
    /// The same adjustment for a measured outcome (e.g. the change in a score from intake to the last administration):
    /// the weighted (Hájek) mean of each group with the same sandwich variance, Σ wᵢ²(yᵢ − μ)² / (Σ wᵢ)². The crude
    /// difference has Welch's interval (Welch 1947); the adjusted one is normal on the two sandwich variances summed.
    /// <paramref name="outcomes"/> holds one value per unit (a unit of <see cref="CaseMixUnit.Count"/> episodes shares
    /// it); <see cref="CaseMixUnit.Outcome"/> is ignored.
    /// </summary>
    public static AdjustedComparison CompareMeans(
        IReadOnlyList<CaseMixUnit> units, IReadOnlyList<double> outcomes, IReadOnlyList<string> covariateNames, double level = ConfidenceLevel.Default)
    {
        var (crude, crudeInterval) = CrudeMeans(units, outcomes, level);
        var weighting = Weigh(units, covariateNames);
        if (weighting.Weights is null)
        {
            return new AdjustedComparison(crude, crudeInterval, null, null, double.NaN, double.NaN, weighting.FirstCount, weighting.SecondCount, [], false,
                "one of the groups has no episodes", 0, double.NaN);
        }

        return Adjusted(units, [.. outcomes], weighting, crude, crudeInterval, level, bounds: (double.NegativeInfinity, double.PositiveInfinity));
    }

    /// <summary>
    /// The propensity model, the stabilised and truncated weights, the balance and whether the groups overlap enough:
    /// all depend on the groups and the covariates only, so every outcome of the same units shares them.
    /// </summary>
    private sealed record Weighting(
        double[]? Weights, long FirstCount, long SecondCount, IReadOnlyList<CovariateBalance> Balance, string? NotComparableReason,
        double TruncatedShare, double LargestWeight);

    private static Weighting Weigh(IReadOnlyList<CaseMixUnit> units, IReadOnlyList<string> covariateNames)
    {
        var firstCount = units.Where(u => u.First).Sum(u => (long)u.Count);
        var secondCount = units.Sum(u => (long)u.Count) - firstCount;
        if (firstCount == 0 || secondCount == 0)
        {
            return new Weighting(null, firstCount, secondCount, [], null, 0, double.NaN);
        }

        var model = LogisticRegression.Fit([.. units.Select(u => u.Covariates)], [.. units.Select(u => u.First)], [.. units.Select(u => u.Count)]);
        var shareFirst = (double)firstCount / (firstCount + secondCount);
        var propensity = units.Select(u => model.Predict(u.Covariates)).ToArray();
        var weights = new double[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            // Stabilised weights keep the weighted group sizes near the real ones.
            weights[i] = units[i].First ? shareFirst / propensity[i] : (1 - shareFirst) / (1 - propensity[i]);
        }

        var truncatedShare = Truncate(units, weights);
        var largestWeight = weights.Max();

        var balance = covariateNames.Select((name, j) => new CovariateBalance(
            name,
            StandardisedDifference(units, j, null),
            StandardisedDifference(units, j, weights))).ToList();
        var outsideFirst = OutsideShare(units, propensity, first: true);
        var outsideSecond = OutsideShare(units, propensity, first: false);

        string? reason = null;
        if (outsideFirst > MaxShareOutsideBounds || outsideSecond > MaxShareOutsideBounds)
        {
            reason = $"{Math.Max(outsideFirst, outsideSecond):P0} of one group has almost no comparable patients in the other (propensity outside {PropensityBound}–{1 - PropensityBound})";
        }
        else if (balance.Any(b => Math.Abs(b.After) > MaxStandardisedDifferenceAfter))
        {
            reason = $"weighting leaves {balance.First(b => Math.Abs(b.After) > MaxStandardisedDifferenceAfter).Covariate} unbalanced";
        }

        return new Weighting(weights, firstCount, secondCount, balance, reason, truncatedShare, largestWeight);
    }

    private static AdjustedComparison Adjusted(
        IReadOnlyList<CaseMixUnit> units, double[] outcome, Weighting weighting, double crude, Interval crudeInterval, double level,
        (double Lower, double Upper) bounds)
    {
        var weights = weighting.Weights!;
        var (rateFirst, varianceFirst) = WeightedMean(units, outcome, weights, first: true, out var essFirst);
        var (rateSecond, varianceSecond) = WeightedMean(units, outcome, weights, first: false, out var essSecond);
        if (weighting.NotComparableReason is { } reason)
        {
            return new AdjustedComparison(crude, crudeInterval, null, null, rateFirst, rateSecond, essFirst, essSecond, weighting.Balance, false, reason,
                weighting.TruncatedShare, weighting.LargestWeight);
        }

        var adjusted = rateFirst - rateSecond;
        var standardError = Math.Sqrt(varianceFirst + varianceSecond);
        var halfWidth = ConfidenceLevel.Z(level) * standardError;
        var interval = new Interval(Math.Max(bounds.Lower, adjusted - halfWidth), Math.Min(bounds.Upper, adjusted + halfWidth));
        return new AdjustedComparison(crude, crudeInterval, adjusted, interval, rateFirst, rateSecond, essFirst, essSecond, weighting.Balance, true, null,
            weighting.TruncatedShare, weighting.LargestWeight, standardError);
    }

    /// <summary>The crude difference of two means with Welch's interval (unequal variances, Welch–Satterthwaite df).</summary>
    private static (double Difference, Interval Interval) CrudeMeans(IReadOnlyList<CaseMixUnit> units, IReadOnlyList<double> outcome, double level)
    {
        var first = MeanEstimate.Of(Expand(true));
        var second = MeanEstimate.Of(Expand(false));
        return first.DifferenceFrom(second, level);

        IEnumerable<double> Expand(bool group) =>
            units.Select((u, i) => (u, i)).Where(x => x.u.First == group).SelectMany(x => Enumerable.Repeat(outcome[x.i], x.u.Count));
    }

    private static (double Difference, Interval Interval) Crude(IReadOnlyList<CaseMixUnit> units, IReadOnlyList<bool> outcome, double level)
    {
        long n1 = 0, y1 = 0, n0 = 0, y0 = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var count = units[i].Count;
            if (units[i].First)
            {
                n1 += count;
                y1 += outcome[i] ? count : 0;
            }
            else
            {
                n0 += count;
                y0 += outcome[i] ? count : 0;
            }
        }

        return NewcombeDifference.For(new Proportion(y1, n1), new Proportion(y0, n0), level);
    }

    /// <summary>(mean in first − mean in second) / sqrt((var first + var second) / 2), optionally weighted.</summary>
    /// <remarks>
    /// Both groups' sums in one pass over the units, then both groups' squares in a second: the same additions in the
    /// same order as a pass per group (each group's sums see only its own units), in half the passes. A trailing year
    /// takes it for every covariate, before and after weighting, in each scope.
    /// </remarks>
    public static double StandardisedDifference(IReadOnlyList<CaseMixUnit> units, int covariate, double[]? weights)
    {
        double sw1 = 0, sx1 = 0, sw0 = 0, sx0 = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var w = (weights?[i] ?? 1) * unit.Count;
            if (unit.First)
            {
                sw1 += w;
                sx1 += w * unit.Covariates[covariate];
            }
            else
            {
                sw0 += w;
                sx0 += w * unit.Covariates[covariate];
            }
        }

        var m1 = sx1 / sw1;
        var m0 = sx0 / sw0;
        double ss1 = 0, ss0 = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            if (unit.First)
            {
                var d = unit.Covariates[covariate] - m1;
                ss1 += (weights?[i] ?? 1) * unit.Count * d * d;
            }
            else
            {
                var d = unit.Covariates[covariate] - m0;
                ss0 += (weights?[i] ?? 1) * unit.Count * d * d;
            }
        }

        var v1 = ss1 / sw1;
        var v0 = ss0 / sw0;
        var pooled = Math.Sqrt((v1 + v0) / 2);
        return pooled == 0 ? 0 : (m1 - m0) / pooled;
    }

    /// <summary>The weighted (Hájek) mean (a rate when the outcome is 0 or 1) of a group and its robust sandwich variance.</summary>
    private static (double Rate, double Variance) WeightedMean(
        IReadOnlyList<CaseMixUnit> units, double[] outcome, double[] weights, bool first, out double effectiveSize)
    {
        double sw = 0, sw2 = 0, sy = 0;
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].First != first)
            {
                continue;
            }

            var count = units[i].Count;
            sw += weights[i] * count;
            sw2 += weights[i] * weights[i] * count;
            sy += outcome[i] * weights[i] * count;
        }

        // Kish (1965): the number of unweighted cases carrying the same information.
        effectiveSize = sw * sw / sw2;
        var rate = sy / sw;
        double squares = 0;
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].First == first)
            {
                var residual = outcome[i] - rate;
                squares += units[i].Count * weights[i] * weights[i] * residual * residual;
            }
        }

        return (rate, squares / (sw * sw));
    }

    /// <summary>
    /// Sets weights below the <see cref="TruncationPercentile"/> of all weights (each unit counted as often as it
    /// holds episodes) to that percentile and those above its complement to that one; returns the share of episodes
    /// whose weight was changed.
    /// </summary>
    private static double Truncate(IReadOnlyList<CaseMixUnit> units, double[] weights)
    {
        var order = Enumerable.Range(0, units.Count).OrderBy(i => weights[i]).ToArray();
        var total = units.Sum(u => (long)u.Count);
        var low = Percentile(TruncationPercentile);
        var high = Percentile(1 - TruncationPercentile);
        long changed = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < low || weights[i] > high)
            {
                weights[i] = Math.Clamp(weights[i], low, high);
                changed += units[i].Count;
            }
        }

        return total == 0 ? 0 : (double)changed / total;

        // The weight of the episode at rank ceil(p × total) (nearest rank).
        double Percentile(double p)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(p * total));
            long seen = 0;
            foreach (var i in order)
            {
                seen += units[i].Count;
                if (seen >= rank)
                {
                    return weights[i];
                }
            }

            return weights[order[^1]];
        }
    }

    private static double OutsideShare(IReadOnlyList<CaseMixUnit> units, double[] propensity, bool first)
    {
        long outside = 0, total = 0;
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].First == first)
            {
                total += units[i].Count;
                outside += propensity[i] < PropensityBound || propensity[i] > 1 - PropensityBound ? units[i].Count : 0;
            }
        }

        return total == 0 ? 0 : (double)outside / total;
    }
}
