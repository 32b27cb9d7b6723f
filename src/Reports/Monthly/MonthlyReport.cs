using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Output;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// <c>outcomes report --month</c>: the month's stored runs (created once when missing), the charts as PNG and SVG,
/// and the workbook with the charts beside their tables. The workbook is named after the facility through
/// <see cref="SafeFileName"/>, written under a temporary name and renamed into place; the charts' folder is staged and
/// renamed into place the same way (<see cref="OutputFolder"/>).
/// </summary>
internal sealed class MonthlyReport(NpgsqlDataSource dataSource, SmallCellPolicy policy, NpgsqlDataSource? analysis)
{
    /// <summary>Reads and computes missing runs through the same data source.</summary>
    public MonthlyReport(NpgsqlDataSource dataSource, SmallCellPolicy policy)
        : this(dataSource, policy, dataSource)
    {
    }

    public sealed record Result(string WorkbookPath, IReadOnlyList<RenderedChart> Charts, ReportData Data);

    public async Task<Result> WriteAsync(ReportingPeriod month, string? facility, string folder, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var data = await new ReportDataLoader(dataSource, policy, analysis).LoadAsync(month, facility, dataThrough, cancellationToken);
        var output = OutputFolder.Open(folder);
        var name = MonthlyWorkbook.FileName(data);
        using var chartFolder = output.Stage(Path.GetFileNameWithoutExtension(name) + "-charts");
        var staged = new ReportCharts(data, new ReportTables(data, policy)).All().Select(c => ChartRenderer.Render(c, chartFolder.Path)).ToList();
        chartFolder.Publish();
        var charts = staged.Select(c => c with
        {
            PngPath = Path.Combine(chartFolder.Target, Path.GetFileName(c.PngPath)),
            SvgPath = Path.Combine(chartFolder.Target, Path.GetFileName(c.SvgPath)),
        }).ToList();
        var path = output.WriteFile(name, stream => MonthlyWorkbook.Write(data, policy, charts.ToDictionary(c => c.Definition.Id), stream));
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.workbook", $"{month.Label} {facility ?? "all facilities"}: {Path.GetFileName(path)}", data.Current.Run.RunId,
            Detail: $"{charts.Count} charts"), cancellationToken);
        return new Result(path, charts, data);
    }
}
