using ClosedXML.Excel;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Workbook;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

/// <summary>
/// The Dashboard sheet: first in the monthly workbook, one landscape page, a panel per facility × level × figure, and
/// under the panels the special causes <see cref="SpcReading"/> reads, checked on a planted series whose limits and
/// signals are Montgomery's worked example.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class DashboardSheetTests(ReportDatabase fixture) : IAsyncLifetime
{
    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync() =>
        _report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("dashboard"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_dashboard_is_the_first_sheet_and_prints_on_one_landscape_page()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var sheet = workbook.Worksheet(1);
        Assert.Equal(DashboardSheet.Name, sheet.Name);
        Assert.True(sheet.TabActive);

        var page = sheet.PageSetup;
        Assert.Equal(XLPageOrientation.Landscape, page.PageOrientation);
        Assert.Equal((1, 1), (page.PagesWide, page.PagesTall));
        var area = Assert.Single(page.PrintAreas);
        Assert.Equal((1, 1), (area.FirstRow().RowNumber(), area.FirstColumn().ColumnNumber()));
        Assert.Equal(DashboardSheet.SignalsHeading, sheet.Column(1).CellsUsed().First(c => c.GetString() == DashboardSheet.SignalsHeading).GetString());

        // Drawn to the page, not shrunk onto it: the printed columns and rows fit a landscape letter page inside its
        // margins at 100% (10 by 7 inches, in Excel's 96 pixels an inch), and every panel lies inside the printed area.
        var width = Enumerable.Range(1, area.ColumnCount()).Sum(c => SheetWriter.PixelWidth(sheet.Column(c)));
        var height = Enumerable.Range(1, area.RowCount()).Sum(r => sheet.Row(r).Height) * 96 / 72;
        Assert.InRange(width, 600, SheetWriter.PrintableWidthPixels);
        Assert.InRange(height, 300, 7 * 96);
        Assert.All(sheet.Pictures, p => Assert.InRange(p.TopLeftCell.Address.RowNumber, 1, area.RowCount()));
        Assert.All(sheet.Pictures, p => Assert.InRange(p.TopLeftCell.Address.ColumnNumber, 1, area.ColumnCount() - 1));
    }

    [Fact]
    public async Task Every_facility_and_level_has_a_panel_of_each_figure()
    {
        var facilities = (await fixture.Database.QueryAsync<string>("select distinct facility_id from episode order by 1")).ToList();
        Assert.Equal(2, facilities.Count);
        using var workbook = new XLWorkbook(_report.WorkbookPath);

        var expected = from figure in Dashboard.Figures from facility in facilities from level in new[] { "IOP", "PHP" } select $"{figure.Short}-{level}-{facility}";

        Assert.Equal(expected.Order(StringComparer.Ordinal), workbook.Worksheet(DashboardSheet.Name).Pictures.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count(), _report.DashboardPanels.Count);
        Assert.All(_report.DashboardPanels, p => Assert.True(File.Exists(p.PngPath) && File.Exists(p.SvgPath), p.PngPath));
    }

    [Fact]
    public void What_the_sheet_lists_is_what_spc_reading_reads_of_each_panel()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var listed = Listed(workbook.Worksheet(DashboardSheet.Name));
        var read = _report.Dashboard.Panels.Where(p => p.Chart is not null)
            .SelectMany(p => SpcReading.Read([.. p.Months.Select(m => m.Charted)]) is var r && r == SpcReading.CommonCauseOnly
                ? []
                : r["special cause: ".Length..].Split("; ").Select(s => $"{p.Subject}: {s}"));

        Assert.Equal(read.DefaultIfEmpty(DashboardSheet.NothingFires), listed.Where(l => !l.Contains("too few months", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_planted_series_lists_its_special_causes_with_montgomerys_limits()
    {
        // Facility A, IOP early dropout: Montgomery's purchase orders (Introduction to Statistical Quality Control, §7.2.2;
        // PChartTests) as 25 months from 2024-06: limits for n = 100 of 0.00733469 and 0.18368571, for n = 80 of 0 and
        // 0.19409342; days 3–8 (2024-08 to 2025-01) rise six in a row and day 11 (2025-04, 20 of 110) is above its limit.
        // Facility B, PHP: 12 of 100 for 17 months, then 26 of 100 for 8: p̄ = 412/2500 = 0.1648, σ = 0.0371 at n = 100,
        // limits 0.0535 to 0.2760, so no month is outside, and σz = (3.79/24)/1.128 < 1 keeps the binomial limits; 17 in a
        // row below the centre line, then 8 above.
        long[] purchaseOrders = [12, 8, 6, 9, 10, 12, 11, 16, 10, 6, 20, 15, 9, 8, 6, 8, 10, 7, 5, 8, 5, 8, 10, 6, 9];
        long[] checkedOrders = [100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110, 80, 80, 80, 90, 100, 100, 100, 100, 90, 90];
        var months = Enumerable.Range(0, 25).Select(i => ReportingPeriod.MonthOf(new DateOnly(2024, 6, 1).AddMonths(i))).ToList();
        var runs = months.Select((m, i) => new StoredRun(new AnalysisRun(Guid.NewGuid(), m, null, new DateOnly(2026, 7, 31), 30, "test",
        [
            Rate("A", "iop", purchaseOrders[i], checkedOrders[i]),
            Rate("B", "php", i < 17 ? 12 : 26, 100),
        ]), "test")).ToList();
        var target = new OutcomeTarget { Metric = "early_dropout", AtLeast = false, Target = 0.20, EffectiveFrom = new DateOnly(2024, 1, 1) };
        var data = new ReportData(null, runs[^1], runs[^2], runs, RiskSummary.None, [], [], [], [target]);
        var dashboard = new Dashboard(data, DisclosurePolicy.Internal());
        var folder = fixture.NewFolder("planted");
        var panels = DashboardCharts.All(dashboard, "June 2026", "planted").Select(c => ChartRenderer.RenderPanel(c, folder)).ToDictionary(c => c.Definition.Id);
        var path = Path.Combine(folder, "planted.xlsx");
        using (var written = new XLWorkbook())
        {
            DashboardSheet.Write(written, dashboard, panels, "June 2026", "planted");
            written.SaveAs(path);
        }

        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheet(DashboardSheet.Name);
        string[] expected =
        [
            "Facility A, IOP early dropout (30 days): 6 months in a row rising (2024-08 to 2025-01)",
            "Facility A, IOP early dropout (30 days): 2025-04 above the upper control limit",
            "Facility B, PHP early dropout (30 days): 17 months in a row below the centre line (2024-06 to 2025-10)",
            "Facility B, PHP early dropout (30 days): 8 months in a row above the centre line (2025-11 to 2026-06)",
        ];
        var listed = Listed(sheet);
        Assert.Equal(expected, listed.Take(4));
        Assert.Contains("Facility A, PHP early dropout (30 days): too few months for a control chart (0 with patients; needs 8)", listed);
        Assert.Equal(
            "special cause: 6 months in a row rising (2024-08 to 2025-01); 2025-04 above the upper control limit",
            SpcReading.Read([.. months.Select((m, i) => (m.Label, purchaseOrders[i], checkedOrders[i]))]));
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == $"Early dropout (30 days) · target: {target.Describe()}");

        // The numbers behind the panel, read back: Montgomery's limits for days 1 (n = 100) and 2 (n = 80).
        var table = sheet.Table("DashboardNumbers");
        var rows = table.DataRange.Rows().Where(r => r.Cell(1).GetString() == "Early dropout (30 days)" && r.Cell(2).GetString() == "A" && r.Cell(3).GetString() == "IOP").ToList();
        Assert.Equal(25, rows.Count);
        Assert.Equal(("2024-06", 12.0, 100.0), (rows[0].Cell(4).GetString(), rows[0].Cell(5).GetDouble(), rows[0].Cell(6).GetDouble()));
        Assert.Equal(234.0 / 2450, rows[0].Cell(8).GetDouble(), 12);
        Assert.Equal(0.00733469, rows[0].Cell(9).GetDouble(), 8);
        Assert.Equal(0.18368571, rows[0].Cell(10).GetDouble(), 8);
        Assert.Equal(0, rows[1].Cell(9).GetDouble());
        Assert.Equal(0.19409342, rows[1].Cell(10).GetDouble(), 8);
        Assert.Equal("p", rows[0].Cell(11).GetString());
        Assert.Equal("outside the limits", rows[10].Cell(12).GetString());
    }

    [Fact]
    public void Written_for_release_a_month_with_a_count_under_11_has_no_point_and_no_count_while_internally_it_is_marked()
    {
        // Month 2 (2025-08): 5 early dropouts of 100, a small count; every other month 11 to 16 of 100.
        long[] events = [12, 5, 14, 13, 12, 15, 11, 14, 13, 12, 16, 12];
        var runs = events.Select((e, i) => new StoredRun(new AnalysisRun(Guid.NewGuid(), ReportingPeriod.MonthOf(new DateOnly(2025, 7, 1).AddMonths(i)), null,
            new DateOnly(2026, 7, 31), 30, "test", [Rate("A", "iop", e, 100)]), "test")).ToList();
        var data = new ReportData(null, runs[^1], runs[^2], runs, RiskSummary.None, [], [], []);

        var released = new Dashboard(data, DisclosurePolicy.External()).Panels.First(p => p.Chart is not null);
        Assert.True(released.Months[1].Withheld);
        Assert.True(double.IsNaN(released.Chart!.Points[1].Proportion));
        Assert.Equal(144.0 / 1100, released.Chart.CentreLine, 12);
        var row = new Dashboard(data, DisclosurePolicy.External()).Rows(released)[1];
        Assert.Equal(("<11", "*"), (row.Cells[4].Text, row.Cells[5].Text));
        Assert.Null(row.Cells[6].Number);

        var inside = new Dashboard(data, DisclosurePolicy.Internal());
        var panel = inside.Panels.First(p => p.Chart is not null);
        Assert.False(panel.Months[1].Withheld);
        Assert.Equal(5.0 / 100, panel.Chart!.Points[1].Proportion, 12);
        var shown = inside.Rows(panel)[1];
        Assert.Equal((5.0, true), (shown.Cells[4].Number!.Value, shown.Cells[4].Small));
    }

    /// <summary>The lines under the heading "What fires", to the end of the printed area.</summary>
    private static List<string> Listed(IXLWorksheet sheet)
    {
        var heading = sheet.Column(1).CellsUsed().First(c => c.GetString() == DashboardSheet.SignalsHeading).Address.RowNumber;
        var last = sheet.PageSetup.PrintAreas.Single().LastRow().RowNumber();
        return [.. Enumerable.Range(heading + 1, last - heading).Select(r => sheet.Cell(r, 1).GetString())];
    }

    private static Figure Rate(string facility, string level, long events, long cases) =>
        new("early_dropout", facility, level, null, "", (int)cases, events, cases, (double)events / cases, null, null, false, null);
}
