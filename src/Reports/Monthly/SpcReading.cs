using System.Globalization;
using Outcomes.Analytics.TimeSeries;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// A figure's months read as statistical process control does, in place of "this month against the year": a p-chart of
/// the stored monthly numerators and denominators (Laney's p′ where the months vary more than binomial chance,
/// <see cref="PChart.LaneyWhereOverdispersed"/>) and the special causes it signals, each in words with its months
/// ("special cause: 8 months in a row below the centre line (2025-10 to 2026-05)"), or "common-cause variation only".
/// </summary>
internal static class SpcReading
{
    /// <summary>
    /// Months with cases a reading needs: the length of the shift rule, the longest rule. With fewer, the centre line and
    /// Laney's σ_z rest on a handful of months and a shift could not be seen at all.
    /// </summary>
    public const int MinimumMonths = PChart.ShiftLength;

    public const string CommonCauseOnly = "common-cause variation only";

    /// <summary>The reading of <paramref name="months"/> (label, events, cases), oldest first; a month with no cases has 0 cases.</summary>
    public static string Read(IReadOnlyList<(string Label, long Events, long Cases)> months)
    {
        if (Chart(months) is not { } chart)
        {
            return TooFewMonths(months);
        }

        var signals = Signals(chart, months);
        return signals.Count == 0 ? CommonCauseOnly : "special cause: " + string.Join("; ", signals);
    }

    /// <summary>The chart a reading reads (<see cref="PChart.LaneyWhereOverdispersed"/>), or null with fewer than <see cref="MinimumMonths"/> months with cases.</summary>
    public static PChart? Chart(IReadOnlyList<(string Label, long Events, long Cases)> months) =>
        months.Count(m => m.Cases > 0) < MinimumMonths ? null : PChart.LaneyWhereOverdispersed([.. months.Select(m => (m.Events, m.Cases))]);

    /// <summary>Why a series has no chart: "too few months for a control chart (7 with patients; needs 8)".</summary>
    public static string TooFewMonths(IReadOnlyList<(string Label, long Events, long Cases)> months) =>
        string.Create(CultureInfo.InvariantCulture,
            $"too few months for a control chart ({months.Count(m => m.Cases > 0)} with patients; needs {MinimumMonths})");

    /// <summary>Each special cause of <paramref name="chart"/> in words with its months, in the order of the chart's runs.</summary>
    public static IReadOnlyList<string> Signals(PChart chart, IReadOnlyList<(string Label, long Events, long Cases)> months) =>
        [.. chart.Runs.Select(r => Words(r, months))];

    private static string Words(SpcRun run, IReadOnlyList<(string Label, long Events, long Cases)> months)
    {
        var span = $"{months[run.First].Label} to {months[run.Last].Label}";
        return run.Signal switch
        {
            SpcSignal.OutsideLimits => $"{months[run.First].Label} {(run.Direction > 0 ? "above the upper" : "below the lower")} control limit",
            SpcSignal.Shift => string.Create(CultureInfo.InvariantCulture,
                $"{run.Length} months in a row {(run.Direction > 0 ? "above" : "below")} the centre line ({span})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{run.Length} months in a row {(run.Direction > 0 ? "rising" : "falling")} ({span})"),
        };
    }
}
