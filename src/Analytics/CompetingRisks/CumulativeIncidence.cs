using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.CompetingRisks;

/// <summary>
/// The Aalen–Johansen estimate of the cumulative incidence of one cause (e.g. unplanned discharge) in the presence
/// of competing ends (planned completion, planned step-down): F(t) = Σ over times t_j ≤ t of S(t_j−)·d_j/n_j, with S the
/// Kaplan–Meier estimate of still being in care, all ends counted. Unlike 1 − Kaplan–Meier with the competing ends
/// censored, it never overstates the share that ends by the cause (Pintilie 2006, Competing Risks: A Practical
/// Perspective, chapter 4). The variance is the delta-method (Greenwood-type) estimate of Marubini and Valsecchi
/// (1995, Analysing Survival Data from Clinical Trials and Observational Studies, §10.2; Pintilie 2006 §4.2.2):
/// <code>
/// Var F(t) = Σ [F(t) − F(t_j)]²·d_j / (n_j(n_j − d_j)) + Σ S(t_j−)²·d1_j(n_j − d1_j) / n_j³ − 2 Σ [F(t) − F(t_j)]·S(t_j−)·d1_j / n_j²
/// </code>
/// (d_j all ends, d1_j ends by the cause, n_j at risk), and the interval is taken on the log(−log) scale, so it stays
/// inside (0, 1) (Choudhury 2002; the interval Pintilie recommends).
/// </summary>
public sealed class CumulativeIncidence
{
    /// <summary>
    /// No share is given where fewer are at risk: the CMS cell-size threshold the reports already suppress counts at
    /// (<see cref="SmallCellPolicy.DefaultThreshold"/>), which also keeps the interval from resting on a handful.
    /// </summary>
    public const int MinimumAtRisk = SmallCellPolicy.DefaultThreshold;

    private readonly IReadOnlyList<(double Time, int Leaving)> _leavingByTime;

    private CumulativeIncidence(int cause, int count, double level, IReadOnlyList<CumulativeIncidenceStep> steps, IReadOnlyList<(double Time, int Leaving)> leavingByTime)
    {
        Cause = cause;
        Count = count;
        Level = level;
        Steps = steps;
        _leavingByTime = leavingByTime;
        LastFollowUp = leavingByTime.Count == 0 ? 0 : leavingByTime[^1].Time;
    }

    public int Cause { get; }

    public int Count { get; }

    public double Level { get; }

    /// <summary>The longest time anyone was followed (by an end or by the end of the data).</summary>
    public double LastFollowUp { get; }

    /// <summary>One step per distinct time at which anyone ended, by any cause, in time order.</summary>
    public IReadOnlyList<CumulativeIncidenceStep> Steps { get; }

    public static CumulativeIncidence Fit(IEnumerable<(double Time, int Cause)> observations, int cause, double level = ConfidenceLevel.Default) =>
        FitCounts(observations.GroupBy(o => o).Select(g => new CompetingRiskCount(g.Key.Time, g.Key.Cause, g.Count())), cause, level);

    public static CumulativeIncidence FitCounts(IEnumerable<CompetingRiskCount> counts, int cause, double level = ConfidenceLevel.Default)
    {
        if (cause == CompetingRiskCount.Censored)
        {
            throw new ArgumentOutOfRangeException(nameof(cause), "cause 0 stands for censoring; name a cause of 1 or more.");
        }

        var byTime = counts
            .GroupBy(c => c.Time)
            .Select(g => (
                Time: g.Key,
                Events: g.Where(c => c.Cause == cause).Sum(c => c.Count),
                Other: g.Where(c => c.Cause != cause && c.Cause != CompetingRiskCount.Censored).Sum(c => c.Count),
                Censored: g.Where(c => c.Cause == CompetingRiskCount.Censored).Sum(c => c.Count)))
            .OrderBy(t => t.Time)
            .ToList();
        var total = byTime.Sum(t => t.Events + t.Other + t.Censored);
        var z = ConfidenceLevel.Z(level);

        // The variance's sums over t_j ≤ t are expanded in F(t) so one sweep suffices:
        // Σ a_j [F − F_j]² = F²·Σa − 2F·Σa·F_j + Σa·F_j², and Σ b_j [F − F_j] = F·Σb − Σb·F_j.
        double survival = 1, incidence = 0;
        double sumA = 0, sumAF = 0, sumAF2 = 0, sumB = 0, sumBF = 0, sumC = 0;
        var atRisk = total;
        var steps = new List<CumulativeIncidenceStep>();
        foreach (var (time, events, other, censored) in byTime)
        {
            var ended = events + other;
            if (ended > 0)
            {
                double n = atRisk;
                var before = survival;
                incidence += before * events / n;
                survival *= (n - ended) / n;
                // When everyone at risk ends, F is constant from here on, so [F(t) − F(t_j)] = 0 and the first term adds nothing.
                var a = ended < n ? ended / (n * (n - ended)) : 0;
                var b = before * events / (n * n);
                sumA += a;
                sumAF += a * incidence;
                sumAF2 += a * incidence * incidence;
                sumB += b;
                sumBF += b * incidence;
                sumC += before * before * events * (n - events) / (n * n * n);
                var variance = (incidence * incidence * sumA) - (2 * incidence * sumAF) + sumAF2 + sumC - (2 * ((incidence * sumB) - sumBF));
                var se = Math.Sqrt(Math.Max(0, variance));
                steps.Add(new CumulativeIncidenceStep(time, atRisk, events, other, censored, incidence, se, LogLogInterval(incidence, se, z)));
            }

            atRisk -= ended + censored;
        }

        var leaving = byTime.Select(t => (t.Time, t.Events + t.Other + t.Censored)).ToList();
        return new CumulativeIncidence(cause, total, level, steps, leaving);
    }

    /// <summary>
    /// The number at risk at <paramref name="time"/>: those whose time (end or censoring) is not before it.
    /// </summary>
    public int AtRisk(double time) => Count - _leavingByTime.Where(t => t.Time < time).Sum(t => t.Leaving);

    /// <summary>
    /// The cumulative incidence just after <paramref name="time"/>, or "not estimable" with the reason when the time
    /// lies beyond the last follow-up or fewer than <paramref name="minimumAtRisk"/> are at risk there.
    /// </summary>
    public IncidenceEstimate At(double time, int minimumAtRisk = MinimumAtRisk)
    {
        var atRisk = AtRisk(time);
        if (Count == 0 || time > LastFollowUp)
        {
            return new IncidenceEstimate(time, atRisk, null, null, null,
                $"not estimable: day {Format(time)} is beyond the last follow-up (day {Format(LastFollowUp)})");
        }

        if (atRisk < minimumAtRisk)
        {
            return new IncidenceEstimate(time, atRisk, null, null, null,
                $"not estimable: {atRisk} at risk on day {Format(time)}, fewer than {minimumAtRisk}");
        }

        var step = Steps.LastOrDefault(s => s.Time <= time);
        return step is null
            ? new IncidenceEstimate(time, atRisk, 0, 0, new Interval(0, 0), null)
            : new IncidenceEstimate(time, atRisk, step.Incidence, step.StandardError, step.Interval, null);
    }

    private static Interval LogLogInterval(double incidence, double se, double z)
    {
        if (incidence <= 0 || se <= 0)
        {
            return new Interval(incidence, incidence);
        }

        if (incidence >= 1)
        {
            return new Interval(1, 1);
        }

        var spread = z * se / (incidence * Math.Log(incidence));
        return new Interval(Math.Pow(incidence, Math.Exp(-spread)), Math.Pow(incidence, Math.Exp(spread)));
    }

    private static string Format(double day) => day.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
