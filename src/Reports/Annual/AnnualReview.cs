using System.Text;
using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Output;

namespace Outcomes.Reports.Annual;

/// <summary>
/// <c>outcomes annual-review --year 2026</c>: the year's stored runs (created once when missing), the targets, their
/// verdicts and the action plans, written as <c>annual-review-2026[-FACILITY].xlsx</c> and a printable
/// <c>annual-review-2026[-FACILITY].html</c> with the same cells (the facility through <see cref="SafeFileName"/>;
/// each file written under a temporary name and renamed into place by <see cref="OutputFolder"/>).
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
        $"annual-review-{year}{(facility is null ? "" : "-" + SafeFileName.From(facility))}";

    public async Task<Result> WriteAsync(int year, string? facility, string folder, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var data = await new AnnualReviewLoader(dataSource, policy, analysis).LoadAsync(year, facility, dataThrough, cancellationToken);
        var tables = new AnnualReviewTables(data, policy);
        var output = OutputFolder.Open(folder);
        var name = BaseName(year, facility);
        var workbook = output.WriteFile(name + ".xlsx", stream => AnnualReviewWorkbook.Write(data, tables, policy, stream));
        var document = AnnualReviewHtml.Render(data, tables, policy);
        var html = output.WriteFile(name + ".html", stream => stream.Write(new UTF8Encoding(false).GetBytes(document)));
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.annual_review", $"{year} {facility ?? "all facilities"}: {Path.GetFileName(workbook)}, {Path.GetFileName(html)}", data.YearRun.Run.RunId,
            Detail: $"{data.Targets.Count} target figures"), cancellationToken);
        return new Result(workbook, html, data);
    }
}
