using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;

namespace Outcomes.Reports.Tests;

/// <summary>
/// A report written as the commands write it: the analyst's step first (the runs the report reads, stored where its
/// login finds them, as the workflow layer's <c>WriteMonthlyReports</c> does), then the report, which only reads.
/// </summary>
internal static class StoredFirst
{
    public static async Task<MonthlyReport.Result> MonthlyAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, ReportingPeriod month, string? facility, string folder, DateOnly? through = null)
    {
        await StoreAsync(dataSource, policy, day => Task.FromResult(MonthlyReport.RunsRead(month, day)), facility, through);
        return await new MonthlyReport(dataSource, policy).WriteAsync(month, FacilityScope.Parse(facility), folder, through);
    }

    public static async Task<AuditPackWriter.Result> AuditPackAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, ReportingPeriod period, string? facility, string folder, DateOnly? through = null)
    {
        await StoreAsync(dataSource, policy, day => Task.FromResult(AuditPackWriter.RunsRead(period, day)), facility, through);
        return await new AuditPackWriter(dataSource, policy).WriteAsync(period, FacilityScope.Parse(facility), folder, through);
    }

    public static async Task<AnnualReview.Result> AnnualReviewAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, int year, string? facility, string folder, DateOnly? through = null)
    {
        var review = new AnnualReview(dataSource, policy);
        await StoreAsync(dataSource, policy, day => review.RunsReadAsync(year, FacilityScope.Parse(facility), day), facility, through);
        return await review.WriteAsync(year, FacilityScope.Parse(facility), folder, through);
    }

    private static async Task StoreAsync(
        NpgsqlDataSource dataSource, SmallCellPolicy policy, Func<DateOnly, Task<IReadOnlyList<ReportingPeriod>>> periods, string? facility, DateOnly? through)
    {
        var day = through ?? await DataThrough.LatestAsync(dataSource) ?? throw new InvalidOperationException("the test database holds no episode");
        foreach (var period in await periods(day))
        {
            await AnalysisRuns.EnsureReadableAsync(dataSource, dataSource, policy, period, facility, day);
        }
    }
}
