using ClosedXML.Excel;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Pipeline.Tests.Reports;

/// <summary>
/// Ensure the runs as the analyst, then write as the reporter: the reports' workflow, as <c>outcomes report</c>, the demo
/// and the monthly job run it. Each test reports on a data-through day of its own, so the runs it stores are its own.
/// </summary>
public sealed class WriteMonthlyReportsTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-pipeline-reports-").FullName;

    private static readonly ReportingPeriod May = ReportingPeriod.Parse("2026-05");

    [Fact]
    public async Task Without_an_analyst_a_month_whose_runs_are_not_stored_fails_naming_the_command_that_stores_them()
    {
        await using var reporter = Reporter();
        var through = new DateOnly(2026, 6, 20);

        var missing = await Assert.ThrowsAsync<AnalysisRunNotStoredException>(() => new WriteMonthlyReports(reporter, null, new SmallCellPolicy())
            .RunAsync(new ReportRequest { Month = May, Folder = _folder, DataThrough = through }));

        Assert.Contains("outcomes analyze --period 2026-05 --data-through 2026-06-20", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, await cohort.Database.ScalarAsync<long>("select count(*) from analysis_run where data_through = '2026-06-20'"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task The_analyst_stores_the_months_runs_once_and_the_reporter_writes_the_workbook_from_them()
    {
        await using var reporter = Reporter();
        var through = new DateOnly(2026, 6, 10);
        var request = new ReportRequest { Month = May, Folder = Path.Combine(_folder, "first"), DataThrough = through };

        var first = await new WriteMonthlyReports(reporter, cohort.Analyst, new SmallCellPolicy()).RunAsync(request);
        var runs = await cohort.Database.QueryAsync<string>("select period_label from analysis_run where data_through = '2026-06-10' order by 1");
        var again = await new WriteMonthlyReports(reporter, cohort.Analyst, new SmallCellPolicy()).RunAsync(request with { Folder = Path.Combine(_folder, "again") });
        // With the runs stored, a reporter alone writes the same workbook.
        var readOnly = await new WriteMonthlyReports(reporter, null, new SmallCellPolicy()).RunAsync(request with { Folder = Path.Combine(_folder, "reporter") });

        // May's trend: June 2025 to May 2026, the month before among them; and the Summary's windows: the twelve months,
        // the rolling three months, the quarter to date and May 2025.
        string[] expected =
        [
            "12m:2026-05", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
            "2026-05", "3m:2026-05", "qtd:2026-05",
        ];
        Assert.Equal(expected, runs.Order(StringComparer.Ordinal));
        Assert.Equal(16, first.RunsComputed);
        Assert.Equal(0, again.RunsComputed);
        Assert.Equal(0, readOnly.RunsComputed);
        Assert.Null(first.ChartPack);
        Assert.Null(first.AnnualReview);
        Assert.Equal(first.Workbook!.RunId, readOnly.Workbook!.RunId);
        Assert.Equal(through, first.Workbook.DataThrough);
        Assert.Equal(Cells(first.Workbook.WorkbookPath), Cells(readOnly.Workbook.WorkbookPath));
        Assert.True(first.Workbook.ChartCount > 0);
        Assert.Equal(first.Workbook.ChartCount + first.Workbook.DashboardPanelCount, Directory.EnumerateFiles(first.Workbook.ChartFolder, "*.svg").Count());
        Assert.Equal(3 * first.Workbook.DashboardPanelsPerFigure, first.Workbook.DashboardPanelCount);
    }

    [Fact]
    public async Task A_facilitys_workbook_pack_and_review_are_written_from_runs_stored_for_that_facility()
    {
        await using var reporter = Reporter();
        var through = new DateOnly(2026, 6, 5);
        var facility = (await cohort.Database.QueryAsync<string>("select min(facility_id) from facility")).Single();
        await new DataQualityFindings(cohort.Analyst).RecordAsync([new DataQualityFinding("stale_source", "east-drop", 72, 36, "planted")], new DateOnly(2026, 5, 14));

        var written = await new WriteMonthlyReports(reporter, cohort.Analyst, new SmallCellPolicy()).RunAsync(new ReportRequest
        {
            Population = FacilityScope.Of(facility), Folder = _folder, DataThrough = through,
            Month = May, ChartPack = ReportingPeriod.Parse("2026-Q1"), AnnualReview = 2025,
        });

        // The workbook's twelve months (the pack's three among them) and its Summary's four other windows, the pack's quarter,
        // the year and its four quarters, and the year before for the review's change.
        var runs = await cohort.Database.QueryAsync<(string, string?)>("select period_label, facility_filter from analysis_run where data_through = '2026-06-05'");
        Assert.Contains(runs, r => r.Item1 == "2024");
        Assert.Equal(12 + 4 + 1 + 1 + 4 + 1, written.RunsComputed);
        Assert.Equal(written.RunsComputed, runs.Count);
        Assert.All(runs, r => Assert.Equal(facility, r.Item2));
        Assert.Contains(facility, Path.GetFileName(written.Workbook!.WorkbookPath), StringComparison.Ordinal);
        // The month's findings, read from their owner, are listed on the workbook's data-quality sheet.
        Assert.Contains(Cells(written.Workbook.WorkbookPath), c => c.StartsWith("Data quality!", StringComparison.Ordinal) && c.EndsWith("=east-drop", StringComparison.Ordinal));
        Assert.True(File.Exists(written.ChartPack!.ZipPath));
        Assert.True(File.Exists(written.AnnualReview!.HtmlPath));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private NpgsqlDataSource Reporter() => NpgsqlDataSource.Create(OutcomesDatabase.ForRole(cohort.Database.ConnectionString, DatabaseRole.Reporter));

    private static List<string> Cells(string path)
    {
        using var workbook = new XLWorkbook(path);
        return [.. workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => $"{c.Worksheet.Name}!{c.Address}={c.GetFormattedString()}")];
    }
}
