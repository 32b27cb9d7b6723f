namespace Outcomes.Analytics.TimeSeries;

/// <summary>
/// A p-chart of a monthly proportion (e.g. early dropout by month of admission): centre line p̄ = Σ events / Σ cases,
/// and for each month limits p̄ ± 3·√(p̄(1 − p̄)/n_i) from its own n, cut at 0 and 1 (Montgomery, Introduction to
/// Statistical Quality Control, §7.2; the variable-sample-size chart of §7.2.2). Each month is marked with the rules
/// it signals (<see cref="SpcSignal"/>): outside the limits; one of a run of <see cref="ShiftLength"/> on one side of the
/// centre line (a point on the line ends a run); one of <see cref="TrendLength"/> rising or falling in a row (a tie ends
/// it). Every point of a qualifying run is marked, so a chart can draw the whole run.
/// </summary>
public sealed record PChart(double CentreLine, IReadOnlyList<PChartPoint> Points)
{
    public const double Sigmas = 3;

    public const int ShiftLength = 8;

    public const int TrendLength = 6;

    public static PChart For(IReadOnlyList<(long Events, long Cases)> months)
    {
        var events = months.Sum(m => m.Events);
        var cases = months.Sum(m => m.Cases);
        var centre = cases == 0 ? double.NaN : (double)events / cases;
        var proportions = months.Select(m => m.Cases == 0 ? double.NaN : (double)m.Events / m.Cases).ToArray();
        var signals = new SpcSignal[months.Count];
        var lower = new double[months.Count];
        var upper = new double[months.Count];

        for (var i = 0; i < months.Count; i++)
        {
            var sigma = Math.Sqrt(centre * (1 - centre) / months[i].Cases);
            lower[i] = Math.Max(0, centre - (Sigmas * sigma));
            upper[i] = Math.Min(1, centre + (Sigmas * sigma));
            if (proportions[i] > upper[i] || proportions[i] < lower[i])
            {
                signals[i] |= SpcSignal.OutsideLimits;
            }
        }

        MarkRuns(signals, SpcSignal.Shift, ShiftLength, i => SignOf(proportions[i] - centre), sameAsBefore: true);
        MarkRuns(signals, SpcSignal.Trend, TrendLength, i => i == 0 ? 0 : SignOf(proportions[i] - proportions[i - 1]), sameAsBefore: false);

        var points = months.Select((m, i) => new PChartPoint(m.Events, m.Cases, proportions[i], lower[i], upper[i], signals[i])).ToList();
        return new PChart(centre, points);
    }

    /// <summary>A month with no cases has no proportion (NaN): it is on no side and ends any run.</summary>
    private static int SignOf(double difference) => double.IsNaN(difference) ? 0 : Math.Sign(difference);

    /// <summary>
    /// Marks every point of a run of at least <paramref name="length"/> points. For a shift the run is of points with the
    /// same side (sign); for a trend it is of steps with the same direction, and a run of k steps spans k + 1 points.
    /// A side or step of 0 (on the line, a tie, a missing month) belongs to no run.
    /// </summary>
    private static void MarkRuns(SpcSignal[] signals, SpcSignal signal, int length, Func<int, int> sideOf, bool sameAsBefore)
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
            }

            start = i;
            side = current;
        }
    }
}
