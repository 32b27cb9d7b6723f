namespace Outcomes.Analytics.TimeSeries;

/// <summary>
/// A p-chart of a monthly proportion (e.g. early dropout by month of admission): centre line p̄ = Σ events / Σ cases,
/// and for each month limits p̄ ± 3·σ_z·√(p̄(1 − p̄)/n_i) from its own n, cut at 0 and 1. On the plain chart σ_z = 1
/// (Montgomery, Introduction to Statistical Quality Control, §7.2; the variable-sample-size chart of §7.2.2). On
/// Laney's p′ chart (Laney 2002, Quality Engineering 14(4):531-537) σ_z is the spread of the months' z-scores
/// z_i = (p_i − p̄)/√(p̄(1 − p̄)/n_i), estimated as their mean moving range / 1.128 (d2 for ranges of two): when months
/// differ by more than binomial chance (over-dispersion, usual with large n), the plain limits are too narrow and call
/// nearly every month a special cause. Each month is marked with the rules it signals (<see cref="SpcSignal"/>): outside
/// the limits; one of a run of <see cref="ShiftLength"/> on one side of the centre line (a point on the line ends a
/// run); one of <see cref="TrendLength"/> rising or falling in a row (a tie ends it). Every point of a qualifying run is
/// marked, so a chart can draw the whole run.
/// </summary>
public sealed record PChart(double CentreLine, IReadOnlyList<PChartPoint> Points)
{
    public const double Sigmas = 3;

    public const int ShiftLength = 8;

    public const int TrendLength = 6;

    /// <summary>d2 for moving ranges of two consecutive points (Montgomery, Appendix Table VI).</summary>
    public const double D2 = 1.128;

    /// <summary>The factor the binomial sigma is multiplied by: 1 on the plain p-chart, Laney's σ_z on the p′ chart.</summary>
    public double SigmaZ { get; init; } = 1;

    /// <summary>Every special cause, in the order of the points: each point outside its limits, each shift and each trend.</summary>
    public IReadOnlyList<SpcRun> Runs { get; init; } = [];

    /// <summary>True when the limits are Laney's p′ limits (<see cref="SigmaZ"/> from the data), false for the plain p-chart.</summary>
    public bool IsLaney { get; init; }

    /// <summary>The plain p-chart: binomial limits from each month's own n.</summary>
    public static PChart For(IReadOnlyList<(long Events, long Cases)> months) => Build(months, 1, laney: false);

    /// <summary>Laney's p′ chart: the binomial limits widened (or narrowed) by σ_z, whatever σ_z is.</summary>
    public static PChart Laney(IReadOnlyList<(long Events, long Cases)> months) => Build(months, SigmaZOf(months), laney: true);

    /// <summary>
    /// The chart a report reads: Laney's p′ when the months are over-dispersed (σ_z &gt; 1), otherwise the plain p-chart.
    /// Limits are never drawn narrower than binomial chance alone allows: with a year of months σ_z rests on 11 moving
    /// ranges, and a σ_z below 1 is as likely to be noise as under-dispersion.
    /// </summary>
    public static PChart LaneyWhereOverdispersed(IReadOnlyList<(long Events, long Cases)> months)
    {
        var sigmaZ = SigmaZOf(months);
        return sigmaZ > 1 ? Build(months, sigmaZ, laney: true) : Build(months, 1, laney: false);
    }

    /// <summary>
    /// Laney's σ_z: the mean moving range of the months' z-scores / <see cref="D2"/>. A month without cases has no
    /// z-score, and the ranges on either side of it are left out. NaN with fewer than two neighbouring months.
    /// </summary>
    public static double SigmaZOf(IReadOnlyList<(long Events, long Cases)> months)
    {
        var centre = CentreOf(months);
        var z = months.Select(m => m.Cases == 0 ? double.NaN : (((double)m.Events / m.Cases) - centre) / Math.Sqrt(centre * (1 - centre) / m.Cases)).ToArray();
        var ranges = Enumerable.Range(1, Math.Max(0, z.Length - 1))
            .Select(i => Math.Abs(z[i] - z[i - 1])).Where(r => !double.IsNaN(r) && !double.IsInfinity(r)).ToList();
        return ranges.Count == 0 ? double.NaN : ranges.Average() / D2;
    }

    private static double CentreOf(IReadOnlyList<(long Events, long Cases)> months)
    {
        var events = months.Sum(m => m.Events);
        var cases = months.Sum(m => m.Cases);
        return cases == 0 ? double.NaN : (double)events / cases;
    }

    private static PChart Build(IReadOnlyList<(long Events, long Cases)> months, double sigmaZ, bool laney)
    {
        var centre = CentreOf(months);
        var proportions = months.Select(m => m.Cases == 0 ? double.NaN : (double)m.Events / m.Cases).ToArray();
        var signals = new SpcSignal[months.Count];
        var runs = new List<SpcRun>();
        var lower = new double[months.Count];
        var upper = new double[months.Count];

        for (var i = 0; i < months.Count; i++)
        {
            var sigma = sigmaZ * Math.Sqrt(centre * (1 - centre) / months[i].Cases);
            lower[i] = Math.Max(0, centre - (Sigmas * sigma));
            upper[i] = Math.Min(1, centre + (Sigmas * sigma));
            if (proportions[i] > upper[i] || proportions[i] < lower[i])
            {
                signals[i] |= SpcSignal.OutsideLimits;
                runs.Add(new SpcRun(SpcSignal.OutsideLimits, i, i, proportions[i] > upper[i] ? 1 : -1));
            }
        }

        MarkRuns(signals, runs, SpcSignal.Shift, ShiftLength, i => SignOf(proportions[i] - centre), sameAsBefore: true);
        MarkRuns(signals, runs, SpcSignal.Trend, TrendLength, i => i == 0 ? 0 : SignOf(proportions[i] - proportions[i - 1]), sameAsBefore: false);

        var points = months.Select((m, i) => new PChartPoint(m.Events, m.Cases, proportions[i], lower[i], upper[i], signals[i])).ToList();
        return new PChart(centre, points) { SigmaZ = sigmaZ, IsLaney = laney, Runs = [.. runs.OrderBy(r => r.First).ThenBy(r => r.Signal)] };
    }

    /// <summary>A month with no cases has no proportion (NaN): it is on no side and ends any run.</summary>
    private static int SignOf(double difference) => double.IsNaN(difference) ? 0 : Math.Sign(difference);

    /// <summary>
    /// Marks every point of a run of at least <paramref name="length"/> points. For a shift the run is of points with the
    /// same side (sign); for a trend it is of steps with the same direction, and a run of k steps spans k + 1 points.
    /// A side or step of 0 (on the line, a tie, a missing month) belongs to no run.
    /// </summary>
    private static void MarkRuns(SpcSignal[] signals, List<SpcRun> runs, SpcSignal signal, int length, Func<int, int> sideOf, bool sameAsBefore)
    {
        var start = 0;
        var side = 0;
        for (var i = 0; i <= signals.Length; i++)
        {
            var current = i < signals.Length ? sideOf(i) : 0;
            if (current != 0 && current == side)
            {
                continue;
            }

            // The run [start, i) ends here; a trend of steps start..i−1 also covers the point before start.
            var first = sameAsBefore ? start : start - 1;
            if (side != 0 && i - first >= length)
            {
                for (var j = first; j < i; j++)
                {
                    signals[j] |= signal;
                }

                runs.Add(new SpcRun(signal, first, i - 1, side));
            }

            start = i;
            side = current;
        }
    }
}
