using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Output;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// <c>outcomes report --month</c>: the month's stored runs (<see cref="RunsRead"/>; reading never computes one), the
/// charts as PNG and SVG, and the workbook with the charts beside their tables, read as the reporter. The workbook is
/// named after the facility through <see cref="SafeFileName"/>, written under a temporary name and renamed into place;
/// the charts' folder is staged and renamed into place the same way (<see cref="OutputFolder"/>). What it shows of
/// small counts is its <see cref="DisclosurePolicy"/>'s to say: internal unless told otherwise.
/// </summary>
public sealed class MonthlyReport(NpgsqlDataSource reporter, DisclosurePolicy disclosure)
{
    /// <summary>The workbook for its default audience (<see cref="DisclosurePolicy.DefaultFor"/>).</summary>
    public MonthlyReport(NpgsqlDataSource reporter, SmallCellPolicy cells)
        : this(reporter, DisclosurePolicy.For(ReportOutput.MonthlyWorkbook, null, cells))
    {
    }

    /// <summary>What was written: the workbook, its charts' folder and the run it shows.</summary>
    public sealed class Result
    {
        internal Result(string workbookPath, string chartFolder, IReadOnlyList<RenderedChart> charts, ReportData data, Dashboard dashboard, IReadOnlyList<RenderedChart> panels)
        {
            Dashboard = dashboard;
            DashboardPanels = panels;
            WorkbookPath = workbookPath;
            ChartFolder = chartFolder;
            Charts = charts;
            Data = data;
        }

        public string WorkbookPath { get; }

        public string ChartFolder { get; }

        public int ChartCount => Charts.Count;

        /// <summary>The analysis run of the month the workbook shows.</summary>
        public Guid RunId => Data.Current.Run.RunId;

        public DateOnly DataThrough => Data.Current.Run.DataThrough;

        internal IReadOnlyList<RenderedChart> Charts { get; }

        internal ReportData Data { get; }

        /// <summary>What fires on the Dashboard sheet, a line each ("Facility B, PHP early dropout (30 days): 8 months in a row above the centre line (…)").</summary>
        public IReadOnlyList<string> DashboardSignals => Dashboard.SignalLines;

        /// <summary>The Dashboard sheet's panel pictures written beside the charts (PNG and SVG each).</summary>
        public int DashboardPanelCount => DashboardPanels.Count;

        /// <summary>The facility × level panels of each figure on the Dashboard sheet.</summary>
        public int DashboardPanelsPerFigure => Dashboard.Facilities.Count * Dashboard.Levels.Count;

        /// <summary>The Dashboard sheet's panels and what fires on them.</summary>
        internal Dashboard Dashboard { get; }

        /// <summary>The Dashboard's panel pictures, written beside the charts.</summary>
        internal IReadOnlyList<RenderedChart> DashboardPanels { get; }
    }

    /// <summary>
    /// The periods whose stored runs the workbook of <paramref name="month"/> reads: the month, its trend's months, the
    /// month before, and the Summary's windows (<see cref="SummaryWindows"/>: rolling three months, quarter to date,
    /// twelve months, the same month last year).
    /// </summary>
    public static IReadOnlyList<ReportingPeriod> RunsRead(ReportingPeriod month, DateOnly dataThrough) =>
        [.. ReportDataLoader.RunsRead(month, dataThrough).Concat(month.IsMonth ? SummaryWindows.Of(month).Periods : []).Distinct()];

    /// <summary>The Dashboard sheet's panels of <paramref name="data"/>, captioned with the period and the runs they read.</summary>
    internal static IReadOnlyList<ChartDefinition> DashboardPanels(ReportData data, Dashboard dashboard) =>
        DashboardCharts.All(dashboard, PeriodNames.Describe(data.Current.Run.Period, data.Current.Run.DataThrough),
            $"Analysis runs of {data.Months.Count} months, data through {data.Current.Run.DataThrough:yyyy-MM-dd}");

    public async Task<Result> WriteAsync(
        ReportingPeriod month, FacilityScope population, IReadOnlyList<QualityFinding> findings, string folder, DateOnly? dataThrough = null,
        CancellationToken cancellationToken = default)
    {
        var facility = population.SingleOrAll;
        var loader = new ReportDataLoader(reporter, disclosure);
        var data = await loader.LoadAsync(month, facility, findings, dataThrough, cancellationToken);
        if (month.IsMonth)
        {
            data = data with { Windows = await loader.LoadWindowsAsync(data.Current, facility, cancellationToken) };
        }

        var output = OutputFolder.Open(folder);
        var name = MonthlyWorkbook.FileName(data);
        using var chartFolder = output.Stage(Path.GetFileNameWithoutExtension(name) + "-charts");
        var staged = new ReportCharts(data, new ReportTables(data, disclosure)).All().Select(c => ChartRenderer.Render(c, chartFolder.Path)).ToList();
        var dashboard = new Dashboard(data, disclosure);
        var stagedPanels = DashboardPanels(data, dashboard).Select(c => ChartRenderer.RenderPanel(c, chartFolder.Path)).ToList();
        chartFolder.Publish();
        var charts = staged.Select(Published).ToList();
        var panels = stagedPanels.Select(Published).ToList();
        var path = output.WriteFile(name, stream => MonthlyWorkbook.Write(data, disclosure, charts.ToDictionary(c => c.Definition.Id), dashboard, panels.ToDictionary(c => c.Definition.Id), stream));
        await AuditLog.RecordAsync(reporter, new AuditEntry(
            "export.workbook", $"{month.Label} {facility ?? "all facilities"}: {Path.GetFileName(path)}", data.Current.Run.RunId,
            Detail: $"{charts.Count} charts; audience {DisclosurePolicy.Name(disclosure.Audience)}"), cancellationToken);
        return new Result(path, chartFolder.Target, charts, data, dashboard, panels);

        RenderedChart Published(RenderedChart c) => c with
        {
            PngPath = Path.Combine(chartFolder.Target, Path.GetFileName(c.PngPath)),
            SvgPath = Path.Combine(chartFolder.Target, Path.GetFileName(c.SvgPath)),
        };
    }
}
