using System.Text;
using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Reports.Annual;

/// <summary>
/// <c>outcomes annual-review --year 2026</c>: the year's stored runs (created once when missing), the targets, their
/// verdicts and the action plans, written as <c>annual-review-2026[-FACILITY].xlsx</c> and a printable
/// <c>annual-review-2026[-FACILITY].html</c> with the same cells.
/// </summary>
internal sealed class AnnualReview(NpgsqlDataSource dataSource, SmallCellPolicy policy, NpgsqlDataSource? analysis)
{
    /// <summary>Reads and computes missing runs through the same data source.</summary>
    public AnnualReview(NpgsqlDataSource dataSource, SmallCellPolicy policy)
        : this(dataSource, policy, dataSource)
    {
    }

    public sealed record Result(string WorkbookPath, string HtmlPath, AnnualReviewData Data);

    public static string BaseName(int year, string? facility) =>
        $"annual-review-{year}{(facility is null ? "" : "-" + string.Concat(facility.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')))}";

    public async Task<Result> WriteAsync(int year, string? facility, string folder, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var data = await new AnnualReviewLoader(dataSource, policy, analysis).LoadAsync(year, facility, dataThrough, cancellationToken);
        var tables = new AnnualReviewTables(data, policy);
        Directory.CreateDirectory(folder);
        var name = BaseName(year, facility);
        var workbook = Path.Combine(folder, name + ".xlsx");
        AnnualReviewWorkbook.Write(data, tables, policy, workbook);
        var html = Path.Combine(folder, name + ".html");
        await File.WriteAllTextAsync(html, AnnualReviewHtml.Render(data, tables, policy), new UTF8Encoding(false), cancellationToken);
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.annual_review", $"{year} {facility ?? "all facilities"}: {Path.GetFileName(workbook)}, {Path.GetFileName(html)}", data.YearRun.Run.RunId,
            Detail: $"{data.Targets.Count} target figures"), cancellationToken);
        return new Result(workbook, html, data);
    }
}
