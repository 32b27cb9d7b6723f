using System.Collections.Concurrent;
using Outcomes.Reports.Screen;

namespace Outcomes.Web.Dashboard;

/// <summary>A month read for a session, with its tables built once and its pictures drawn once each as they are asked for.</summary>
internal sealed class DashboardView(MonthDashboard month)
{
    public const string TrendsChart = "trends";

    private readonly ConcurrentDictionary<string, string> _svgs = new(StringComparer.Ordinal);

    private readonly Lazy<ScreenTable> _summary = new(month.Summary);
    private readonly Lazy<ScreenTable> _targets = new(month.Targets);
    private readonly Lazy<ScreenTable> _trends = new(month.Trends);
    private readonly Lazy<IReadOnlyList<ScreenPanelRow>> _panelRows = new(() => month.PanelRows);

    public MonthDashboard Month { get; } = month;

    // The month's tables, built once from the read runs and kept with them: every request of the page shows the same ones.
    public ScreenTable Summary => _summary.Value;

    public ScreenTable Targets => _targets.Value;

    public ScreenTable Trends => _trends.Value;

    public IReadOnlyList<ScreenPanelRow> PanelRows => _panelRows.Value;

    public DateOnly DataThrough => Month.DataThrough;

    /// <summary>A panel's picture by its id, or the trends chart (<see cref="TrendsChart"/>); null for any other id.</summary>
    public string? Svg(string chart)
    {
        if (_svgs.TryGetValue(chart, out var drawn))
        {
            return drawn;
        }

        // Only a picture the month has is kept: an id edited into a URL adds nothing.
        var svg = chart == TrendsChart ? Month.TrendsSvg() : Month.PanelSvg(chart);
        return svg is null ? null : _svgs.GetOrAdd(chart, svg);
    }
}
