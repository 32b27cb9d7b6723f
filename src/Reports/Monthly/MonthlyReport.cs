using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// <c>outcomes report --month</c>: the month's stored runs (created once when missing), the charts as PNG and SVG,
/// and the workbook with the charts beside their tables.
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
        Directory.CreateDirectory(folder);
        var name = MonthlyWorkbook.FileName(data);
        var chartFolder = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + "-charts");
        var charts = new ReportCharts(data, new ReportTables(data, policy)).All().Select(c => ChartRenderer.Render(c, chartFolder)).ToList();
        var path = Path.Combine(folder, name);
        MonthlyWorkbook.Write(data, policy, charts.ToDictionary(c => c.Definition.Id), path);
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.workbook", $"{month.Label} {facility ?? "all facilities"}: {Path.GetFileName(path)}", data.Current.Run.RunId,
            Detail: $"{charts.Count} charts"), cancellationToken);
        return new Result(path, charts, data);
    }
}
