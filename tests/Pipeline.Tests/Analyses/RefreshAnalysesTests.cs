using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Pipeline.Analyses;
using Outcomes.TestSupport;

namespace Outcomes.Pipeline.Tests.Analyses;

/// <summary>The nightly refresh: the runs the month's reports read, stored once.</summary>
public sealed class RefreshAnalysesTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>
{
    [Fact]
    public async Task The_month_its_twelve_trend_months_the_trailing_year_and_the_summarys_windows_are_stored_once_reusing_a_run_analyze_stored()
    {
        // The cohort's data run through 30 June 2026: June, the eleven months before it, July 2025 to June 2026, and the
        // Summary's other windows: April to June (the quarter to date too: the same days) and June 2025.
        Assert.Equal(new DateOnly(2026, 6, 30), cohort.DataThrough);
        var policy = new SmallCellPolicy();
        var stored = await AnalysisRuns.ComputeAsync(cohort.Analyst, policy, ReportingPeriod.Parse("2026-03"), null, cohort.DataThrough);

        var first = await new RefreshAnalyses(cohort.Analyst, policy).RunAsync();
        var runs = await cohort.Database.QueryAsync<(Guid, string)>("select run_id, period_label from analysis_run order by period_label collate \"C\"");
        var second = await new RefreshAnalyses(cohort.Analyst, policy).RunAsync();

        string[] expected =
        [
            "12m:2026-06", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
            "3m:2026-06",
        ];
        Assert.Equal("2026-06", first!.Month.Label);
        Assert.Equal(expected, first.Periods.Select(p => p.Label).Order(StringComparer.Ordinal));
        Assert.Equal(expected, runs.Select(r => r.Item2));
        Assert.Contains((stored.RunId, "2026-03"), runs);
        Assert.Equal(expected, second!.Periods.Select(p => p.Label).Order(StringComparer.Ordinal));
        Assert.Equal(runs, await cohort.Database.QueryAsync<(Guid, string)>("select run_id, period_label from analysis_run order by period_label collate \"C\""));
        Assert.Equal(15, await cohort.Database.ScalarAsync<long>("select count(*) from analysis_run where data_through = '2026-06-30' and facility_filter is null"));
    }

    [Fact]
    public async Task With_nothing_loaded_nothing_is_refreshed()
    {
        var empty = new TestDatabase();
        await empty.InitializeAsync();
        try
        {
            Assert.Null(await new RefreshAnalyses(empty.DataSource, new SmallCellPolicy()).RunAsync());
            Assert.Equal(0, await empty.ScalarAsync<long>("select count(*) from analysis_run"));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}
