using ClosedXML.Excel;
using Outcomes.Analytics.Runs;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Reports.Annual;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;
using Xunit;

namespace Outcomes.Reports.Tests.Annual;

/// <summary>
/// The annual review of 2026 of the generated cohort (<see cref="ReportDatabase"/>: 18 months to 2026-06-30, every file of
/// data contract version 2, so 2025 has its own run): the measurement-based-care, access and satisfaction sections hold
/// the stored runs' figures, and the review claims The Joint Commission's CTS.03.01.09 and CARF 1.M efficiency, access
/// and satisfaction because they do. A year without those files is <see cref="AnnualReviewTests"/>.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class AnnualReviewMeasurementTests(ReportDatabase fixture) : IAsyncLifetime
{
    private AnnualReview.Result _review = null!;

    public async Task InitializeAsync() =>
        _review = await StoredFirst.AnnualReviewAsync(fixture.Database.DataSource, fixture.Policy, 2026, null, fixture.NewFolder("annual-v2"), fixture.Options.EndDate);

    public Task DisposeAsync() => Task.CompletedTask;

    private AnalysisRun Year => _review.Data.YearRun.Run;

    private AnalysisRun Prior => _review.Data.PriorYearRun!.Run;

    [Fact]
    public void The_change_on_each_instrument_is_the_stored_runs_figure_beside_the_prior_years()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var sheet = workbook.Worksheet("Measurement-based care");
        var headers = Headers(sheet);
        var checkedCells = 0;
        foreach (var instrument in InstrumentCatalogue.BuiltIn.Where(i => Year.Find("score_change", Figure.All, Figure.All, i.Code).Any()))
        {
            foreach (var (metric, label) in new[] { ("score_coverage", "Measured at intake and again"), ("score_change", "Change from intake to the last score (points)"),
                         ("score_reliably_improved", "Reliably improved (recovered or improved)"), ("score_recovered", "Recovered: reliable change across the cut-off (clinically significant)") })
            {
                foreach (var level in new[] { "iop", "php", Figure.All })
                {
                    var row = Row(sheet, headers, MeasurementBasedCare.Label(instrument.Code), label, LevelNames.Label(level));
                    checkedCells += Matches(row, headers, Year.Find(metric, Figure.All, level, instrument.Code).Single(), Prior.Find(metric, Figure.All, level, instrument.Code).SingleOrDefault());
                }
            }

            var adjusted = Row(sheet, headers, MeasurementBasedCare.Label(instrument.Code), "Change from intake to the last score (points)", "IOP minus PHP (adjusted for case mix)");
            var stored = Year.Find("score_change_adjusted", Figure.All, Figure.IopMinusPhp, instrument.Code).Single();
            if (stored is { Estimate: { } difference, Suppressed: false })
            {
                Assert.Equal(difference, (double)adjusted.Cell(headers["2026"]).Value, 1e-9);
                Assert.Equal(stored.LowerBound!.Value, (double)adjusted.Cell(headers["95% CI lower"]).Value, 1e-9);
                checkedCells++;
            }
        }

        Assert.True(checkedCells >= 20, $"{checkedCells} figures compared");
        Assert.Contains("CTS.03.01.09 EP 2", sheet.Cell(3, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Access_shows_the_stored_waits_and_the_share_admitted_within_7_days_with_the_referrals_not_admitted()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var sheet = workbook.Worksheet("Access and efficiency");
        var headers = Headers(sheet);
        var compared = 0;
        foreach (var (metric, label) in new[] { ("days_referral_to_first_contact", "Days from referral to first contact (median)"), ("days_first_contact_to_admission", "Days from first contact to admission (median)"),
                     ("days_referral_to_admission", "Days from referral to admission (median)"), ("admitted_within_7_days", "Admitted within 7 days of referral") })
        {
            foreach (var level in new[] { "iop", "php", Figure.All })
            {
                compared += Matches(Row(sheet, headers, null, label, LevelNames.Label(level)), headers,
                    Year.Find(metric, Figure.All, level).Single(), Prior.Find(metric, Figure.All, level).SingleOrDefault());
            }
        }

        Assert.True(compared >= 8, $"{compared} figures compared");
        var within = Year.Find("admitted_within_7_days", Figure.All, Figure.All).Single();
        var notAdmitted = Row(sheet, headers, null, MeasurementBasedCare.NotAdmittedLabel, LevelNames.Label(Figure.All));
        Assert.Equal(within.Denominator!.Value - within.Numerator!.Value, (double)notAdmitted.Cell(headers["2026"]).Value);
        Assert.Contains("CARF 1.M (efficiency)", sheet.Cell(3, 1).GetString(), StringComparison.Ordinal);
        Assert.Contains("CARF 1.M (service access)", sheet.Cell(3, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Satisfaction_shows_the_stored_mean_and_top_box()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var sheet = workbook.Worksheet("Satisfaction");
        var headers = Headers(sheet);
        var compared = 0;
        foreach (var (metric, label) in new[] { ("satisfaction_mean", "Satisfaction (mean score)"), ("satisfaction_top_box", "Top box (every answer at its best)") })
        {
            foreach (var level in new[] { "iop", "php", Figure.All })
            {
                compared += Matches(Row(sheet, headers, "CSQ-8", label, LevelNames.Label(level)), headers,
                    Year.Find(metric, Figure.All, level, "csq_8").Single(), Prior.Find(metric, Figure.All, level, "csq_8").SingleOrDefault());
            }
        }

        Assert.True(compared >= 4, $"{compared} figures compared");
        Assert.Contains("CARF 1.M (satisfaction)", sheet.Cell(3, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_instruments_used_come_from_the_catalogue_with_their_published_source()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var sheet = workbook.Worksheet("Instruments");
        var headers = Headers(sheet);
        var rows = Rows(sheet).ToDictionary(r => r.Cell(headers["Instrument"]).GetString());
        Assert.Equal(InstrumentCatalogue.BuiltIn.Select(i => MeasurementBasedCare.Label(i.Code)).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var instrument in InstrumentCatalogue.BuiltIn)
        {
            var row = rows[MeasurementBasedCare.Label(instrument.Code)];
            Assert.Equal(instrument.Source, row.Cell(headers[MeasurementBasedCare.SourceHeader]).GetString());
            var used = Year.Find(instrument.Purpose == InstrumentPurpose.Progress ? "score_coverage" : "satisfaction_mean", Figure.All, Figure.All, instrument.Code).Any();
            Assert.Equal(!used, row.Cell(headers["In 2026's figures"]).GetString().StartsWith("none", StringComparison.Ordinal));
        }

        Assert.Equal("10 or more", rows["PHQ-9"].Cell(headers["Clinical cut-off"]).GetString());
        Assert.Contains("CTS.03.01.09 EP 1", sheet.Cell(3, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_instrument_follows_the_catalogue_with_its_criterion_c_as_the_cut_off_when_declared_with_norms()
    {
        // The claus_2020 BDI-II norms of the clinicalsignificance vignette (ClinicalCutoffTests): c = 20.15.
        var normed = Instrument.ProgramDefined("bdi_local", "BDI-II, local translation", InstrumentPurpose.Progress, 0, 63, ScoreDirection.HigherIsWorse,
            reliability: new Reliability(0.9, ReliabilityKind.TestRetest, "local norms study"), source: "local norms study",
            norms: new PopulationNorms(ClinicalMean: 35.48, ClinicalStandardDeviation: 8.16, FunctionalMean: 7, FunctionalStandardDeviation: 7));
        var published = Instrument.ProgramDefined("recovery_check", "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter,
            clinicalCutOff: 20, source: "program study");

        var table = new MeasurementBasedCare(_review.Data with { ProgramInstruments = [normed, published] }).Instruments();

        var column = table.Columns.Select((c, i) => (c.Header, i)).Single(c => c.Header == "Clinical cut-off").i;
        var cutOffs = table.Rows.Select(r => (r.Cells[0].Text, r.Cells[column].Text)).ToList();
        Assert.Equal([("BDI-LOCAL", "20.15 (Jacobson–Truax c from published norms)"), ("RECOVERY-CHECK", "20 or less")], cutOffs[^2..]);
        Assert.Equal(InstrumentCatalogue.BuiltIn.Count + 2, cutOffs.Count);
        Assert.Contains("one declared with the norms of a clinical and a functional sample has Jacobson & Truax's criterion c as its cut-off", table.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("the program's own instruments", new MeasurementBasedCare(_review.Data).Instruments().Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_standards_section_claims_CTS_03_01_09_and_CARF_1M_efficiency_access_and_satisfaction_from_the_figures_held()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var sheet = workbook.Worksheet("Standards");
        var backed = Rows(sheet).ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.StartsWith("EP 1: the Instruments section", backed["The Joint Commission CTS.03.01.09 (EP 1–3)"], StringComparison.Ordinal);
        Assert.StartsWith("The Access and efficiency section", backed["CARF 1.M, efficiency"], StringComparison.Ordinal);
        Assert.StartsWith("The Access and efficiency section", backed["CARF 1.M, service access"], StringComparison.Ordinal);
        Assert.StartsWith("The Satisfaction section", backed["CARF 1.M, satisfaction and experience of care"], StringComparison.Ordinal);
        Assert.DoesNotContain(backed.Values, b => b.StartsWith("Not", StringComparison.Ordinal));
        Assert.Equal(new(true, true, true), _review.Data.Held);
    }

    [Fact]
    public void No_count_of_1_to_10_shows_in_the_new_sections()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        var counts = new[] { "Measurement-based care", "Access and efficiency", "Satisfaction" }.SelectMany(name =>
        {
            var sheet = workbook.Worksheet(name);
            var n = Headers(sheet)["n"];
            return Rows(sheet).Select(r => r.Cell(n)).Concat(Rows(sheet).Where(r => r.Cell(1).GetString() == MeasurementBasedCare.NotAdmittedLabel).Select(r => r.Cell(Headers(sheet)["2026"])));
        }).Where(c => c.DataType == XLDataType.Number).ToList();
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.False(fixture.Policy.IsSmall((long)(double)c.Value), $"{c.Worksheet.Name}!{c.Address}"));
    }

    [Fact]
    public void Each_new_sheet_prints_one_page_wide_at_8_pt_or_more_with_its_sources_wrapped()
    {
        using var workbook = new XLWorkbook(_review.WorkbookPath);
        foreach (var name in new[] { "Instruments", "Measurement-based care", "Access and efficiency", "Satisfaction" })
        {
            var sheet = workbook.Worksheet(name);
            Assert.True(AnnualReviewWorkbook.PrintedPoints(sheet) >= AnnualReviewWorkbook.SmallestPrintPoints, $"{name} prints at {AnnualReviewWorkbook.PrintedPoints(sheet):0.0} pt");
        }

        var instruments = workbook.Worksheet("Instruments");
        var source = Headers(instruments)[MeasurementBasedCare.SourceHeader];
        Assert.True(instruments.Cell(SheetWriter.FirstTableRow + 1, source).Style.Alignment.WrapText);
        Assert.InRange(instruments.Column(source).Width, 20, AnnualReviewWorkbook.SentenceColumnWidth);
    }

    /// <summary>
    /// The row shows the stored figure when it is published (1 compared) or "suppressed" when it is not (0), and the
    /// prior year's stored figure beside it when that is published.
    /// </summary>
    private static int Matches(IXLRow row, Dictionary<string, int> headers, Figure year, Figure? prior)
    {
        if (prior is { Estimate: { } before } && row.Cell(headers["2025"]).DataType == XLDataType.Number)
        {
            Assert.Equal(before, (double)row.Cell(headers["2025"]).Value, 1e-9);
        }

        var cell = row.Cell(headers["2026"]);
        if (cell.DataType != XLDataType.Number)
        {
            Assert.Equal("suppressed", cell.GetString());
            return 0;
        }

        Assert.Equal(year.Estimate!.Value, (double)cell.Value, 1e-9);
        Assert.Equal(year.LowerBound!.Value, (double)row.Cell(headers["95% CI lower"]).Value, 1e-9);
        Assert.Equal(year.UpperBound!.Value, (double)row.Cell(headers["95% CI upper"]).Value, 1e-9);
        return 1;
    }

    private static Dictionary<string, int> Headers(IXLWorksheet sheet) =>
        sheet.Row(SheetWriter.FirstTableRow).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);

    private static IEnumerable<IXLRow> Rows(IXLWorksheet sheet) =>
        sheet.RowsUsed().Where(r => r.RowNumber() > SheetWriter.FirstTableRow && sheet.Tables.First().RangeAddress.LastAddress.RowNumber >= r.RowNumber());

    private static IXLRow Row(IXLWorksheet sheet, Dictionary<string, int> headers, string? instrument, string figure, string level) =>
        Rows(sheet).Single(r => (instrument is null || r.Cell(headers["Instrument"]).GetString() == instrument)
                                && r.Cell(headers["Figure"]).GetString() == figure && r.Cell(headers["Level of care"]).GetString() == level);
}
