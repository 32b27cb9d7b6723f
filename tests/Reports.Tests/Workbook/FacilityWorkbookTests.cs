using ClosedXML.Excel;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

/// <summary>A facility's workbook when the runs of all facilities are stored: it reads them, and runs nothing new.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class FacilityWorkbookTests(ReportDatabase fixture)
{
    private const string Facility = "FAC02";

    [Fact]
    public async Task A_facility_workbook_reads_that_facilitys_figures_from_the_stored_runs_of_all_facilities()
    {
        await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("all"));
        var runsBefore = await fixture.Database.ScalarAsync<long>("select count(*) from analysis_run");

        var report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("facility"));

        Assert.Equal(runsBefore, await fixture.Database.ScalarAsync<long>("select count(*) from analysis_run"));
        Assert.Null(report.Data.Current.Run.FacilityFilter);
        Assert.EndsWith($"-{Facility}.xlsx", report.WorkbookPath, StringComparison.Ordinal);
        var stored = report.Data.Current.Run.Find("completion", Facility, OutcomeDefinitions.Iop).Single();
        var wholePopulation = report.Data.Current.Run.Find("completion", Figure.All, OutcomeDefinitions.Iop).Single();
        Assert.NotEqual(wholePopulation.Denominator, stored.Denominator);

        using var workbook = new XLWorkbook(report.WorkbookPath);
        var row = workbook.Worksheet("Outcomes").RowsUsed()
            .Single(r => r.Cell(1).GetString() == ReportTables.CompletionLabel && r.Cell(3).GetString() == LevelNames.Label(OutcomeDefinitions.Iop));
        Assert.Equal(stored.Denominator!.Value, (double)row.Cell(4).Value);
        Assert.Contains($"Facility {Facility}", workbook.Worksheet("Summary").Cell(2, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facility_workbook_names_no_file_of_the_load_ledger_and_says_why()
    {
        var fileNames = await fixture.Database.QueryAsync<string>("select distinct file_name from ingest_batch");
        Assert.Contains(ReportDatabase.FormulaFileName, fileNames);

        var report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("facility-ledger"));

        Assert.Empty(report.Data.Batches);
        using var workbook = new XLWorkbook(report.WorkbookPath);
        var texts = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()).ToList();
        Assert.DoesNotContain(texts, t => fileNames.Any(f => t.Contains(f, StringComparison.Ordinal)));
        Assert.Contains(ReportTables.FacilityBatchesNote, texts);
        var ledger = workbook.Worksheet("Data quality").Tables.Single(t => t.Name == "LatestBatches");
        Assert.Equal([ReportTables.FacilityBatchesText], ledger.DataRange.CellsUsed().Select(c => c.GetString()));
    }
}
