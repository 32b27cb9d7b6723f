namespace Outcomes.Analytics.Survival;

/// <summary>
/// The Kaplan–Meier estimate of retention (the share still in care) with Greenwood standard errors and
/// pointwise intervals on the log scale (the default of R's survival package, so figures can be checked
/// against it). The median and its interval follow Brookmeyer and Crowley (1982): the first times at which
/// the estimate and the interval's bounds reach 0.5.
/// </summary>
public sealed class KaplanMeierCurve
{
    private readonly IReadOnlyList<SurvivalCount> _counts;

    private KaplanMeierCurve(IReadOnlyList<KaplanMeierStep> steps, IReadOnlyList<SurvivalCount> counts, int count, double level)
    {
        Steps = steps;
        _counts = counts;
        Count = count;
        Level = level;
    }

    /// <summary>One step per distinct event time, in time order.</summary>
    public IReadOnlyList<KaplanMeierStep> Steps { get; }

    public int Count { get; }

    public double Level { get; }

    public static KaplanMeierCurve Fit(IEnumerable<SurvivalObservation> observations, double level = ConfidenceLevel.Default) =>
        FitCounts(
            observations.GroupBy(o => o.Time).Select(g => new SurvivalCount(g.Key, g.Count(o => o.Event), g.Count(o => !o.Event))),
            level);

    /// <summary>
    /// The same estimate from counts per time (as a grouped SQL query returns them), so that memory does not
    /// grow with the number of episodes.
    /// </summary>
    public static KaplanMeierCurve FitCounts(IEnumerable<SurvivalCount> counts, double level = ConfidenceLevel.Default)
    {
        var sorted = counts.OrderBy(c => c.Time).ToList();
        var z = ConfidenceLevel.Z(level);
        var steps = new List<KaplanMeierStep>();
        var total = sorted.Sum(c => c.Events + c.Censored);
        var atRisk = total;
        var survival = 1.0;
        var greenwood = 0.0;
        foreach (var (time, events, censored) in sorted)
        {
            if (events > 0)
            {
                survival *= 1 - ((double)events / atRisk);
                greenwood += atRisk == events ? double.PositiveInfinity : (double)events / (atRisk * (double)(atRisk - events));
                var logSe = Math.Sqrt(greenwood);
                var interval = survival <= 0 || double.IsInfinity(greenwood)
                    ? new Interval(0, 0)
                    : new Interval(survival * Math.Exp(-z * logSe), Math.Min(1, survival * Math.Exp(z * logSe)));
                var se = double.IsInfinity(greenwood) ? 0 : survival * logSe;
                steps.Add(new KaplanMeierStep(time, atRisk, events, censored, survival, se, interval));
            }

            // Those censored at an event time count as at risk at that time, by convention.
            atRisk -= events + censored;
        }

        return new KaplanMeierCurve(steps, sorted, total, level);
    }

    /// <summary>The estimate just after day <paramref name="time"/>, with its interval (1 before any event).</summary>
    public (double Survival, Interval Interval) At(double time)
    {
        var step = Steps.LastOrDefault(s => s.Time <= time);
        return step is null ? (1, new Interval(1, 1)) : (step.Survival, step.Interval);
    }

    /// <summary>
    /// The number at risk at day <paramref name="time"/>: those whose time (event or censoring) is not before it, so
    /// still in care and still followed on that day.
    /// </summary>
    public int AtRisk(double time) => Count - _counts.Where(c => c.Time < time).Sum(c => c.Events + c.Censored);

    /// <summary>The median time in care, or null when the curve never reaches 0.5.</summary>
    public double? Median => Steps.FirstOrDefault(s => s.Survival <= 0.5)?.Time;

    /// <summary>The interval of the median: a bound is null when the curve's interval never reaches 0.5.</summary>
    public (double? Lower, double? Upper) MedianInterval =>
        (Steps.FirstOrDefault(s => s.Interval.Lower <= 0.5)?.Time, Steps.FirstOrDefault(s => s.Interval.Upper <= 0.5)?.Time);
}
