using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;
using Xunit;

namespace Outcomes.Reports.Tests.Monthly;

/// <summary>Reports read stored runs and never compute one: a missing run is an error that names the command that stores it.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class ReadOnlyReportTests(ReportDatabase fixture)
{
    // A data-through day no other test stores runs for.
    private static readonly DateOnly Through = new(2026, 6, 15);

    [Fact]
    public async Task A_workbook_whose_runs_are_not_stored_fails_naming_the_command_that_stores_them_and_stores_nothing()
    {
        await using var reporter = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(fixture.Database.ConnectionString, DatabaseRole.Reporter));
        var runsBefore = await fixture.Database.ScalarAsync<long>("select count(*) from analysis_run");

        var missing = await Assert.ThrowsAsync<AnalysisRunNotStoredException>(() =>
            new MonthlyReport(reporter, fixture.Policy).WriteAsync(fixture.Month, FacilityScope.All, [], fixture.NewFolder("unstored"), Through));

        Assert.Equal(fixture.Month, missing.Period);
        Assert.Contains("outcomes analyze --period 2026-05 --data-through 2026-06-15", missing.Message, StringComparison.Ordinal);
        Assert.Equal(runsBefore, await fixture.Database.ScalarAsync<long>("select count(*) from analysis_run"));
        await Assert.ThrowsAsync<AnalysisRunNotStoredException>(() =>
            new AuditPackWriter(reporter, fixture.Policy).WriteAsync(ReportingPeriod.Parse("2026-Q1"), FacilityScope.Of("FAC01"), [], fixture.NewFolder("unstored-pack"), Through));
        await Assert.ThrowsAsync<AnalysisRunNotStoredException>(() =>
            new AnnualReview(reporter, fixture.Policy).WriteAsync(2026, FacilityScope.All, fixture.NewFolder("unstored-review"), Through));
        Assert.Equal(runsBefore, await fixture.Database.ScalarAsync<long>("select count(*) from analysis_run"));
    }

    [Fact]
    public void A_months_workbook_reads_the_runs_of_its_twelve_trend_months_the_month_before_among_them_and_of_the_summarys_windows()
    {
        var periods = MonthlyReport.RunsRead(ReportingPeriod.Parse("2026-05"), Through);

        Assert.Equal("2026-05", periods[0].Label);
        Assert.Equal(
        [
            "12m:2026-05", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05",
            "3m:2026-05", "qtd:2026-05",
        ],
            periods.Select(p => p.Label).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_packs_period_reads_its_own_months_and_a_month_its_trend_and_the_month_before()
    {
        Assert.Equal(["2026-Q1", "2026-01", "2026-02", "2026-03"], AuditPackWriter.RunsRead(ReportingPeriod.Parse("2026-Q1"), Through).Select(p => p.Label));
        // Data through 15 June: January 2026's trend starts in February 2025, and December 2025 is the month before.
        var january = AuditPackWriter.RunsRead(ReportingPeriod.Parse("2026-01"), Through).Select(p => p.Label).ToList();
        Assert.Equal(12, january.Count);
        Assert.Contains("2025-02", january);
        Assert.Contains("2025-12", january);
    }
}
