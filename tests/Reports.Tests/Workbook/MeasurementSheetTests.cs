using ClosedXML.Excel;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

/// <summary>
/// The Measurement-based care sheet of a workbook of a generated cohort with data contract v2's files: every figure as
/// the stored run holds it (internal), and small cells hidden for release.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class MeasurementSheetTests(ReportDatabase fixture) : IAsyncLifetime
{
    private const int Denominator = 4, Numerator = 5, Estimate = 6, Lower = 7, Upper = 8;

    /// <summary>Each figure of the sheet: its metric, the label of its rows, and whether it is a rate (numerator and denominator) or a mean or median (its n).</summary>
    private static readonly (string Metric, string Label, bool Rate)[] Figures =
    [
        ("score_coverage", ReportTables.CoverageLabel, true),
        ("score_change", ReportTables.ChangeLabel, false),
        ("score_recovered", ReportTables.RecoveredLabel, true),
        ("score_reliably_improved", ReportTables.ReliablyImprovedLabel, true),
        ("score_unchanged", ReportTables.UnchangedLabel, true),
        ("score_deteriorated", ReportTables.DeterioratedLabel, true),
        ("admitted_within_7_days", ReportTables.AdmittedWithinLabel, true),
        ("days_referral_to_first_contact", ReportTables.ReferralToContactLabel, false),
        ("days_first_contact_to_admission", ReportTables.ContactToAdmissionLabel, false),
        ("days_referral_to_admission", ReportTables.ReferralToAdmissionLabel, false),
        ("satisfaction_mean", ReportTables.SatisfactionMeanLabel, false),
        ("satisfaction_top_box", ReportTables.SatisfactionTopBoxLabel, true),
    ];

    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync() =>
        _report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("measurement"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_figure_of_the_measurement_sheet_equals_the_stored_analysis_run()
    {
        var stored = await AnalysisRunStore.LoadFiguresAsync(fixture.Database.DataSource, _report.Data.Current.Run.RunId);
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var rows = Rows(workbook);
        var checkedFigures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (metric, label, rate) in Figures)
        {
            foreach (var figure in stored.Where(f => f.Metric == metric && f.FacilityId == Figure.All && f.ProgramKey is null))
            {
                var level = figure.LevelOfCare == Figure.IopMinusPhp ? $"{LevelNames.Label(Figure.IopMinusPhp)} (crude)" : LevelNames.Label(figure.LevelOfCare);
                var row = rows.Single(r => r.Cell(1).GetString() == label && r.Cell(2).GetString() == ReportTables.InstrumentLabel(figure.Grouping) && r.Cell(3).GetString() == level);
                Same(figure.Estimate, row.Cell(Estimate), $"{metric} {figure.Grouping} {level}");
                Same(figure.LowerBound, row.Cell(Lower), $"{metric} {figure.Grouping} {level} lower");
                Same(figure.UpperBound, row.Cell(Upper), $"{metric} {figure.Grouping} {level} upper");
                if (figure.LevelOfCare != Figure.IopMinusPhp)
                {
                    // Internal: every count as stored, a small one too (marked).
                    Assert.Equal(rate ? figure.Denominator!.Value : figure.N, (double)row.Cell(Denominator).Value);
                    if (rate)
                    {
                        Assert.Equal(figure.Numerator!.Value, (double)row.Cell(Numerator).Value);
                    }
                }

                checkedFigures.Add(metric);
            }
        }

        // The case-mix adjusted IOP minus PHP change of each instrument, beside the crude one, or why there is none.
        foreach (var adjusted in stored.Where(f => f.Metric == "score_change_adjusted" && f.FacilityId == Figure.All && f.ProgramKey is null))
        {
            var row = rows.Single(r => r.Cell(1).GetString() == ReportTables.ChangeLabel && r.Cell(2).GetString() == ReportTables.InstrumentLabel(adjusted.Grouping)
                && r.Cell(3).GetString() == $"{LevelNames.Label(Figure.IopMinusPhp)} (adjusted for case mix)");
            if (adjusted.Estimate is null)
            {
                Assert.Equal("not comparable", row.Cell(Estimate).GetString());
                Assert.Contains("not comparable", row.Cell(11).GetString(), StringComparison.Ordinal);
            }

            Same(adjusted.Estimate, row.Cell(Estimate), $"adjusted {adjusted.Grouping}");
            Same(adjusted.LowerBound, row.Cell(Lower), $"adjusted {adjusted.Grouping} lower");
            Same(adjusted.UpperBound, row.Cell(Upper), $"adjusted {adjusted.Grouping} upper");
            checkedFigures.Add(adjusted.Metric);
        }

        // The generated cohort plants every kind: each figure of the sheet was found and checked.
        Assert.Equal(Figures.Select(f => f.Metric).Append("score_change_adjusted").Order(StringComparer.Ordinal), checkedFigures.Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r.Cell(2).GetString() == "PHQ-9");
        Assert.Contains(rows, r => r.Cell(2).GetString() == "CSQ-8");
    }

    [Fact]
    public void The_sheet_stands_after_relapse_with_its_three_tables_and_their_notes()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var names = workbook.Worksheets.Select(s => s.Name).ToList();
        Assert.Equal(names.IndexOf("Relapse") + 1, names.IndexOf(MonthlyWorkbook.MeasurementSheetName));
        var sheet = workbook.Worksheet(MonthlyWorkbook.MeasurementSheetName);
        Assert.Equal(["MeasurementbasedcareTable", "AccessTable", "SatisfactionTable"], sheet.Tables.Select(t => t.Name));
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.GetString().StartsWith("No data:", StringComparison.Ordinal));
        Assert.Contains(sheet.CellsUsed(), c => c.GetString().StartsWith("Referrals received in the period", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Written_for_release_the_sheet_shows_no_small_count_and_no_figure_resting_on_one()
    {
        var released = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, "FAC02", fixture.NewFolder("measurement-released"),
            audience: Audience.External);
        using var workbook = new XLWorkbook(released.WorkbookPath);
        var sheet = workbook.Worksheet(MonthlyWorkbook.MeasurementSheetName);
        foreach (var table in sheet.Tables)
        {
            foreach (var cell in table.DataRange.Cells().Where(c => c.Address.ColumnNumber is Denominator or Numerator && c.DataType == XLDataType.Number))
            {
                Assert.False(fixture.Policy.IsSmall((long)(double)cell.Value), $"{cell.Address}: {cell.Value}");
            }
        }

        // Every level's figure the run marks as resting on a small count is withheld: no estimate, no interval.
        var rows = Rows(workbook);
        var small = released.Data.Current.Run.Figures
            .Where(f => f.FacilityId == "FAC02" && f.ProgramKey is null && f.Suppressed && f.LevelOfCare != Figure.IopMinusPhp && Figures.Any(x => x.Metric == f.Metric))
            .ToList();
        Assert.NotEmpty(small);
        foreach (var figure in small)
        {
            var label = Figures.Single(x => x.Metric == figure.Metric).Label;
            var row = rows.Single(r => r.Cell(1).GetString() == label && r.Cell(2).GetString() == ReportTables.InstrumentLabel(figure.Grouping)
                && r.Cell(3).GetString() == LevelNames.Label(figure.LevelOfCare));
            Assert.Equal("suppressed", row.Cell(Estimate).GetString());
            Assert.True(row.Cell(Lower).IsEmpty() && row.Cell(Upper).IsEmpty(), $"{figure.Metric} {figure.Grouping} {figure.LevelOfCare}");
        }

        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == fixture.Policy.SmallCellText);
    }

    private static List<IXLRow> Rows(XLWorkbook workbook) =>
        [.. workbook.Worksheet(MonthlyWorkbook.MeasurementSheetName).RowsUsed().Where(r => r.RowNumber() > SheetWriter.FirstTableRow)];

    /// <summary>A stored number as the workbook keeps it (15 significant digits, as Excel does), or an empty cell for none.</summary>
    private static void Same(double? stored, IXLCell cell, string what)
    {
        if (stored is not { } value)
        {
            Assert.True(cell.DataType != XLDataType.Number, $"{what}: {cell.Value} where the run stores none");
            return;
        }

        Assert.True(cell.DataType == XLDataType.Number, $"{what}: '{cell.GetString()}' where the run stores {value}");
        Assert.Equal(value, (double)cell.Value, 1e-12 * Math.Max(1, Math.Abs(value)));
    }
}
