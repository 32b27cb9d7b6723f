using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;

namespace Outcomes.Reports.Tests;

/// <summary>
/// A report written as the commands write it, through the workflow layer's <see cref="WriteMonthlyReports"/>: the runs the
/// report reads stored first (here by the same login), the period's data-quality findings read from their owner, then
/// the report, which only reads.
/// </summary>
internal static class StoredFirst
{
    public static async Task<MonthlyReport.Result> MonthlyAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, ReportingPeriod month, string? facility, string folder, DateOnly? through = null, Audience? audience = null) =>
        (await WriteAsync(dataSource, policy, new ReportRequest { Month = month, Population = FacilityScope.Parse(facility), Folder = folder, DataThrough = through, Audience = audience })).Workbook!;

    public static async Task<AuditPackWriter.Result> AuditPackAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, ReportingPeriod period, string? facility, string folder, DateOnly? through = null, Audience? audience = null) =>
        (await WriteAsync(dataSource, policy, new ReportRequest { ChartPack = period, Population = FacilityScope.Parse(facility), Folder = folder, DataThrough = through, Audience = audience })).ChartPack!;

    public static async Task<AnnualReview.Result> AnnualReviewAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, int year, string? facility, string folder, DateOnly? through = null, Audience? audience = null) =>
        (await WriteAsync(dataSource, policy, new ReportRequest { AnnualReview = year, Population = FacilityScope.Parse(facility), Folder = folder, DataThrough = through, Audience = audience })).AnnualReview!;

    private static Task<WrittenReports> WriteAsync(NpgsqlDataSource dataSource, SmallCellPolicy policy, ReportRequest request) =>
        new WriteMonthlyReports(dataSource, dataSource, policy).RunAsync(request);
}
