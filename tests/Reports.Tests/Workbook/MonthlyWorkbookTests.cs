using ClosedXML.Excel;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

/// <summary>The monthly workbook, read back with ClosedXML and checked against the stored analysis run.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class MonthlyWorkbookTests(ReportDatabase fixture) : IAsyncLifetime
{
    private static readonly string[] CountHeaders =
    [
        "Denominator", "Numerator", "Episodes flagged", "Still in care", "Completed", "Unplanned discharge", "Transferred", "Other discharge",
        "Patients", "Patients in care", "Events", "Cases",
    ];

    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync() =>
        _report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("workbook"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_workbook_reads_back_as_its_snapshot()
    {
        Snapshot.Matches("monthly-workbook-2026-05", WorkbookText.Render(_report.WorkbookPath, mask: true));
    }

    [Fact]
    public void The_workbook_has_every_sheet_of_the_issue_in_order()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        Assert.Equal(
            ["Dashboard", "Summary", "Outcomes", "Retention", "Attendance", "Family involvement", "Relapse", "Measurement-based care", "Trends", "Risk flags", "Data quality", "Charts", "Definitions", "About"],
            workbook.Worksheets.Select(s => s.Name));
    }

    [Fact]
    public async Task Every_rate_in_the_outcomes_sheet_equals_the_stored_analysis_run()
    {
        var stored = await AnalysisRunStore.LoadFiguresAsync(fixture.Database.DataSource, _report.Data.Current.Run.RunId);
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var sheet = workbook.Worksheet("Outcomes");
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > 5).ToList();
        var checkedFigures = 0;
        foreach (var (metric, label) in new[] { ("completion", ReportTables.CompletionLabel), ("dropout", ReportTables.DropoutLabel), ("transfer", ReportTables.TransferLabel), ("early_dropout", ReportTables.EarlyDropoutLabel) })
        {
            foreach (var figure in stored.Where(f => f.Metric == metric && f.FacilityId == Figure.All && f.ProgramKey is null && f.LevelOfCare != Figure.IopMinusPhp))
            {
                var row = rows.Single(r => r.Cell(1).GetString() == label && r.Cell(3).GetString() == LevelNames.Label(figure.LevelOfCare));
                var estimate = row.Cell(6);
                if (figure.Estimate is not null)
                {
                    // Internal: every stored figure is shown, small ones too. A workbook keeps 15 significant digits, as Excel does.
                    Assert.Equal(XLDataType.Number, estimate.DataType);
                    Assert.Equal(figure.Estimate!.Value, (double)estimate.Value, 1e-14);
                    Assert.Equal(figure.Numerator!.Value, (double)row.Cell(5).Value);
                    Assert.Equal(figure.Denominator!.Value, (double)row.Cell(4).Value);
                    Assert.Equal(figure.LowerBound!.Value, (double)row.Cell(7).Value, 1e-14);
                    Assert.Equal(figure.UpperBound!.Value, (double)row.Cell(8).Value, 1e-14);
                    checkedFigures++;
                }
            }
        }

        Assert.True(checkedFigures >= 6, $"only {checkedFigures} figures were shown to check");
    }

    [Theory]
    [InlineData("Outcomes")]
    [InlineData("Retention")]
    [InlineData("Attendance")]
    [InlineData("Family involvement")]
    [InlineData("Relapse")]
    [InlineData("Measurement-based care")]
    [InlineData("Data quality")]
    public async Task Every_number_of_a_figure_sheet_is_a_number_of_the_stored_analysis_run(string sheetName)
    {
        var stored = (await AnalysisRunStore.LoadFiguresAsync(fixture.Database.DataSource, _report.Data.Current.Run.RunId))
            .SelectMany(f => new[] { f.Estimate, f.LowerBound, f.UpperBound, f.Numerator, f.Denominator, f.N })
            .OfType<double>().ToList();
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var numbers = 0;
        foreach (var table in workbook.Worksheet(sheetName).Tables.Where(t => t.Name != "LatestBatches"))
        {
            var target = table.Fields.SingleOrDefault(f => f.Name == "Target")?.Index + 1 ?? -1;
            foreach (var cell in table.DataRange.Cells().Where(c => c.DataType == XLDataType.Number && c.Address.ColumnNumber != target))
            {
                var value = (double)cell.Value;
                Assert.True(stored.Any(s => Math.Abs(s - value) <= 1e-12 * Math.Max(1, Math.Abs(s))), $"{sheetName}!{cell.Address}: {value} is no stored number");
                numbers++;
            }
        }

        Assert.True(numbers > 10, $"{sheetName}: only {numbers} numbers");
    }

    [Fact]
    public void The_about_sheet_names_the_stored_run_the_figures_come_from()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var about = workbook.Worksheet("About").RowsUsed().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.Equal(_report.Data.Current.Run.RunId.ToString(), about["Analysis run"]);
        Assert.Equal("2026-06-30", about["Data through"]);
        Assert.Equal(SoftwareVersion.Current, about["Report software version"]);
        Assert.Equal(12, about.Keys.Count(k => k.StartsWith("Analysis run, 20", StringComparison.Ordinal) && !k.EndsWith("(Summary)", StringComparison.Ordinal)));
        // The Summary's windows of May: 3m:2026-05, qtd:2026-05, 12m:2026-05 and 2025-05, each with its run.
        Assert.Equal(["Analysis run, 3m:2026-05 (Summary)", "Analysis run, qtd:2026-05 (Summary)", "Analysis run, 12m:2026-05 (Summary)", "Analysis run, 2025-05 (Summary)"],
            about.Keys.Where(k => k.EndsWith("(Summary)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task No_cell_of_the_internal_workbook_holds_a_patient_or_episode_id()
    {
        var identifiers = (await fixture.Database.QueryAsync<string>("select source_patient_id from patient_identity union select source_episode_id from episode"))
            .ToHashSet(StringComparer.Ordinal);
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        Assert.All(workbook.Worksheets.SelectMany(s => s.CellsUsed()), cell => Assert.DoesNotContain(cell.GetString(), identifiers));
    }

    [Fact]
    public async Task Written_for_release_no_count_column_holds_a_small_count_and_no_cell_holds_a_patient_or_episode_id()
    {
        var identifiers = (await fixture.Database.QueryAsync<string>("select source_patient_id from patient_identity union select source_episode_id from episode"))
            .ToHashSet(StringComparer.Ordinal);
        var released = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("released"), audience: Audience.External);
        using var workbook = new XLWorkbook(released.WorkbookPath);
        var smallCellsShown = 0;
        foreach (var sheet in workbook.Worksheets)
        {
            foreach (var table in sheet.Tables)
            {
                foreach (var field in table.Fields.Where(f => CountHeaders.Contains(f.Name)))
                {
                    foreach (var cell in table.DataRange.Column(field.Index + 1).Cells())
                    {
                        if (cell.DataType == XLDataType.Number)
                        {
                            var value = (double)cell.Value;
                            Assert.False(fixture.Policy.IsSmall((long)value), $"{sheet.Name}!{cell.Address}: {value} in {field.Name}");
                        }
                        else if (cell.GetString() == fixture.Policy.SmallCellText)
                        {
                            smallCellsShown++;
                        }
                    }
                }
            }

            foreach (var cell in sheet.CellsUsed())
            {
                Assert.DoesNotContain(cell.GetString(), identifiers);
            }
        }

        Assert.True(smallCellsShown > 0, "the cohort should have some small cells to suppress");
    }

    [Fact]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_stored_with_a_leading_apostrophe()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        Assert.DoesNotContain(workbook.Worksheets.SelectMany(s => s.CellsUsed()), c => c.HasFormula);
        var planted = workbook.Worksheet("Data quality").CellsUsed().Single(c => c.GetString().Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal("'" + ReportDatabase.FormulaFileName, planted.GetString());
        Assert.Equal(XLDataType.Text, planted.DataType);
    }

    [Fact]
    public async Task The_same_input_gives_the_same_workbook_content()
    {
        var again = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("again"));
        Assert.Equal(WorkbookText.Render(_report.WorkbookPath, mask: false), WorkbookText.Render(again.WorkbookPath, mask: false));
    }

    [Fact]
    public void Every_sheet_has_a_filtered_table_under_frozen_headers_and_prints_landscape_one_page_wide_marked_confidential()
    {
        var printed = PrintHeaders.Read(_report.WorkbookPath);
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        // The Dashboard is a page of pictures, its numbers below the printed area (DashboardSheetTests).
        foreach (var sheet in workbook.Worksheets.Where(s => s.Name != DashboardSheet.Name))
        {
            Assert.NotEmpty(sheet.Tables);
            Assert.All(sheet.Tables, t => Assert.True(t.ShowAutoFilter, $"{sheet.Name}: {t.Name} has no filter"));
            Assert.Equal(5, sheet.SheetView.SplitRow);
            Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
            Assert.Equal(1, sheet.PageSetup.PagesWide);
            Assert.Contains("2026-05", printed[sheet.Name].Header, StringComparison.Ordinal);
            Assert.Contains("Confidential", printed[sheet.Name].Footer, StringComparison.Ordinal);
        }

        // Headers stand over their numbers: right for a count, a percent or an interval, left for text.
        var outcomes = workbook.Worksheet("Outcomes");
        Assert.Equal(XLAlignmentHorizontalValues.Right, outcomes.Cell(5, 4).Style.Alignment.Horizontal);
        Assert.Equal("Denominator", outcomes.Cell(5, 4).GetString());
        Assert.Equal(XLAlignmentHorizontalValues.Left, outcomes.Cell(5, 1).Style.Alignment.Horizontal);

        // Every chart on the Charts sheet, each starting a printed page of its own, the printable width of the page.
        var charts = workbook.Worksheet("Charts");
        Assert.Equal(_report.Charts.Select(c => c.Definition.Id).Order(), charts.Pictures.Select(p => p.Name).Order());
        Assert.All(charts.Pictures, p => Assert.Contains(p.TopLeftCell.Address.RowNumber - 1, charts.PageSetup.RowBreaks));
        Assert.All(charts.Pictures, p => Assert.InRange(p.Width, 900, 960));
    }

    [Fact]
    public void Without_a_stored_target_no_rate_is_shaded_and_no_target_is_shown()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        foreach (var name in new[] { "Summary", "Outcomes", "Attendance", "Relapse", "Trends", "Data quality" })
        {
            var sheet = workbook.Worksheet(name);
            Assert.Empty(sheet.ConditionalFormats);
            Assert.DoesNotContain(sheet.CellsUsed(), c => c.Style.Fill.BackgroundColor == XLColor.FromHtml("#F8D7DA"));
        }
    }

    [Fact]
    public void Every_metric_of_the_stored_run_has_a_definition_in_the_definitions_sheet()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var defined = workbook.Worksheet("Definitions").Column(1).CellsUsed().Select(c => c.GetString()).ToHashSet(StringComparer.Ordinal);
        var metrics = _report.Data.Current.Run.Figures.Select(f => f.Metric).Distinct().ToList();
        Assert.All(metrics, m => Assert.Contains(m, defined));
        Assert.All(metrics, m => Assert.NotNull(FigureCatalogue.Find(m)));
    }
}
