using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Screen;

/// <summary>
/// A month as the monthly workbook shows it, for a web page: the Summary's key figures IOP vs PHP with their intervals,
/// windows, SPC reading and targets, the targets judged, the Dashboard's p-charts per facility × level with what fires,
/// and the twelve-month trends. Read from the same stored runs (<see cref="ReportDataLoader.LoadRunsAsync"/>, which never
/// computes one) by the same tables (<see cref="ReportTables"/>, <see cref="Dashboard"/>) and drawn as SVG by the same
/// chart code (<see cref="DashboardCharts"/>, <see cref="ReportCharts.Trends"/>, <see cref="ChartRenderer"/>): a page
/// shows what the workbook of the month, the population and the data-through date shows, disclosed as its
/// <see cref="DisclosurePolicy"/> says.
/// </summary>
public sealed class MonthDashboard
{
    private readonly ReportData _data;
    private readonly ReportTables _tables;
    private readonly Dashboard _dashboard;
    private readonly IReadOnlyDictionary<string, ChartDefinition> _panels;

    private MonthDashboard(ReportData data, DisclosurePolicy disclosure)
    {
        _data = data;
        Disclosure = disclosure;
        _tables = new ReportTables(data, disclosure);
        _dashboard = new Dashboard(data, disclosure);
        _panels = MonthlyReport.DashboardPanels(data, _dashboard).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The month's stored runs as the login of <paramref name="reader"/> sees them (of <paramref name="facility"/>, or of
    /// all facilities), all of <paramref name="dataThrough"/>; throws <see cref="Analytics.Runs.AnalysisRunNotStoredException"/>
    /// naming the command that stores a missing one.
    /// </summary>
    public static async Task<MonthDashboard> LoadAsync(
        NpgsqlDataSource reader, ReportingPeriod month, string? facility, DateOnly dataThrough, DisclosurePolicy disclosure, CancellationToken cancellationToken = default)
    {
        var loader = new ReportDataLoader(reader, disclosure);
        var data = await loader.LoadRunsAsync(month, facility, dataThrough, cancellationToken);
        data = data with { Windows = await loader.LoadWindowsAsync(data.Current, facility, cancellationToken) };
        return new MonthDashboard(data, disclosure);
    }

    public DisclosurePolicy Disclosure { get; }

    /// <summary>The month's analysis run, as the workbook's About sheet names it.</summary>
    public Guid RunId => _data.Current.Run.RunId;

    public DateOnly DataThrough => _data.Current.Run.DataThrough;

    /// <summary>"October 2026", in the words of the workbook's subtitle.</summary>
    public string Period => PeriodNames.Describe(_data.Current.Run.Period, DataThrough);

    /// <summary>"All facilities" or "Facility B".</summary>
    public string Population => _data.Population;

    /// <summary>The name the monthly workbook of this month and population is written under.</summary>
    public string WorkbookFileName => MonthlyWorkbook.FileName(_data);

    /// <summary>The workbook's Summary: each key figure, IOP and PHP, the month with its n and 95% interval, longer windows, the change from last year, the SPC reading and the target.</summary>
    public ScreenTable Summary() => Screen(_tables.Summary());

    /// <summary>The program's targets judged on the month's figures (met, not met, cannot tell), as under the Summary.</summary>
    public ScreenTable Targets() => Screen(_tables.Targets());

    /// <summary>The Trends sheet: completion, dropout and ASAM weeks of each of the twelve months, IOP and PHP.</summary>
    public ScreenTable Trends() => Screen(_tables.Trends());

    /// <summary>How to read a panel, as the Dashboard sheet says it.</summary>
    public static string HowToRead => DashboardSheet.HowToRead;

    /// <summary>A row of panels per figure, its heading the figure and its target, as on the Dashboard sheet.</summary>
    public IReadOnlyList<ScreenPanelRow> PanelRows =>
    [
        .. Dashboard.Figures.Select(figure =>
        {
            var panels = _dashboard.Panels.Where(p => p.Figure == figure).ToList();
            return new ScreenPanelRow($"{figure.Name} · {DashboardSheet.Targets(panels)}", [.. panels.Select(p => new ScreenPanel(
                DashboardCharts.Id(p), p.Name, p.Chart is null
                    ? SpcReading.TooFewMonths([.. p.Months.Select(m => m.Charted)])
                    : p.Signals.Count == 0 ? SpcReading.CommonCauseOnly : "special cause: " + string.Join("; ", p.Signals)))]);
        }),
    ];

    /// <summary>Every special cause that fires, a line each, as the Dashboard sheet lists them.</summary>
    public IReadOnlyList<string> Signals => _dashboard.SignalLines;

    /// <summary>The panel's picture as the SVG the workbook's chart folder holds, or null when there is no such panel.</summary>
    public string? PanelSvg(string id) => _panels.TryGetValue(id, out var chart) ? ChartRenderer.PanelSvg(chart) : null;

    /// <summary>The trends chart (completion and dropout by month, IOP vs PHP, with the targets) as SVG.</summary>
    public string TrendsSvg() => ChartRenderer.Svg(new ReportCharts(_data, _tables).Trends());

    private static ScreenTable Screen(ReportTable table) => new(
        table.Title,
        [.. table.Columns.Select(c => new ScreenColumn(c.Header, c.Kind is not (ColumnKind.Text or ColumnKind.Code)))],
        [.. table.Rows.Select(r => new ScreenRow([.. r.Cells.Select((cell, i) => new ScreenCell(
            cell.Display(table.Columns[i].Kind),
            cell.Small,
            r.Target is { } target && cell.Number is { } n && SheetWriter.JudgedAgainstTarget(table.Columns[i]) && !TargetEvaluation.Meets(target, n)))]))],
        table.Note);
}
