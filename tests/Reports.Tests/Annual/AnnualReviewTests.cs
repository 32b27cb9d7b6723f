using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Reports.Annual;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.Annual;

/// <summary>
/// The annual review of <see cref="AnnualDrop"/>'s 2026, read back. Targets: completion at least 50% (the year's IOP
/// figure is 45 of 90: just met) and dropout at most 49% (45 of 90: just missed), both for every level from
/// 2026-01-01. An action plan for completion, missed in 2026-Q1, decided on 2026-04-15: by the data-through date only five
/// months after the decision month have ended, too few for its effect (an interrupted time series, ActionEffectTests).
/// </summary>
public sealed class AnnualReviewTests(AnnualReviewTests.Fixture fixture) : IClassFixture<AnnualReviewTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-annual-").FullName;

        public TestDatabase Database { get; } = new();

        public SmallCellPolicy Policy { get; } = new();

        internal AnnualReview.Result Review { get; private set; } = null!;

        internal MonthlyReport.Result May { get; private set; } = null!;

        public long CompletionTarget { get; private set; }

        public long PlanId { get; private set; }

        public long DropoutTarget { get; private set; }

        /// <summary>A plan decided on 2026-02-16 for dropout missed in 2026-01: seven months after its decision month have ended.</summary>
        public long DropoutPlanId { get; private set; }

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            var drop = AnnualDrop.Write(Path.Combine(_folder, "drop"));
            var ingest = await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(drop, new IngestOptions { Today = AnnualDrop.DataThrough });
            Assert.Equal(1, ingest.Files.Sum(f => f.RowsQuarantined));
            var targets = new TargetStore(Database.DataSource);
            CompletionTarget = await targets.AddAsync(new OutcomeTarget { Metric = "completion", AtLeast = true, Target = 0.5, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead" });
            DropoutTarget = await targets.AddAsync(new OutcomeTarget { Metric = "dropout", AtLeast = false, Target = 0.49, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead" });
            var plans = new ActionPlanStore(Database.DataSource);
            PlanId = await plans.AddAsync(
                CompletionTarget, "2026-Q1", "Call every patient who misses a group the same day", "program director", new DateOnly(2026, 6, 30), "quality lead",
                decidedOn: new DateOnly(2026, 4, 15));
            await plans.UpdateAsync(PlanId, "done", "calls made within a day for 9 of 10 missed groups", "program director");
            DropoutPlanId = await plans.AddAsync(
                DropoutTarget, "2026-01", "Review every unplanned discharge at the weekly team meeting", "clinical supervisor", new DateOnly(2026, 3, 31), "quality lead",
                decidedOn: new DateOnly(2026, 2, 16));

            Review = await StoredFirst.AnnualReviewAsync(Database.DataSource, Policy, 2026, null, Path.Combine(_folder, "review"), AnnualDrop.DataThrough);
            May = await StoredFirst.MonthlyAsync(Database.DataSource, Policy, Analytics.Periods.ReportingPeriod.Parse("2026-05"), null, Path.Combine(_folder, "monthly"), AnnualDrop.DataThrough);
        }

        public async Task DisposeAsync()
        {
            await Database.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private const int FirstRow = 6;

    private static readonly string Iop = LevelNames.Label("iop");

    [Fact]
    public async Task The_targets_sheet_shows_the_stored_year_and_quarter_figures()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Targets");
        var headers = Headers(sheet);
        var quarterSheet = workbook.Worksheet("Quarters");
        var quarterHeaders = Headers(quarterSheet);
        var year = await AnalysisRunStore.LoadFiguresAsync(fixture.Database.DataSource, fixture.Review.Data.YearRun.Run.RunId);
        var quarters = fixture.Review.Data.Quarters;
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], quarters.Select(q => q.Period.Label));
        Assert.Null(quarters[3].Run);
        var checkedRows = 0;
        foreach (var row in Rows(sheet).Where(r => r.Cell(headers["Level of care"]).GetString() == Iop))
        {
            var metric = row.Cell(headers["Figure"]).GetString() == "Completion" ? "completion" : "dropout";
            var figure = year.Single(f => f.Metric == metric && f.FacilityId == Figure.All && f.LevelOfCare == "iop" && f.ProgramKey is null && f.Grouping == "");
            Assert.Equal(figure.Estimate!.Value, (double)row.Cell(headers["2026"]).Value, 14);
            Assert.Equal(figure.LowerBound!.Value, (double)row.Cell(headers["95% CI lower"]).Value, 14);
            Assert.Equal(figure.UpperBound!.Value, (double)row.Cell(headers["95% CI upper"]).Value, 14);
            Assert.Equal(figure.Denominator!.Value, (double)row.Cell(headers["n"]).Value);
            var quarterRow = Row(quarterSheet, quarterHeaders, row.Cell(headers["Figure"]).GetString(), Iop);
            for (var q = 0; q < 3; q++)
            {
                var stored = await AnalysisRunStore.LoadFiguresAsync(fixture.Database.DataSource, quarters[q].Run!.Run.RunId);
                var quarter = stored.Single(f => f.Metric == metric && f.FacilityId == Figure.All && f.LevelOfCare == "iop" && f.ProgramKey is null && f.Grouping == "");
                Assert.Equal(quarter.Estimate!.Value, (double)quarterRow.Cell(quarterHeaders[quarters[q].Period.Label]).Value, 14);
            }

            Assert.Equal("no data yet", quarterRow.Cell(quarterHeaders["2026-Q4"]).GetString());
            // The data begin in December 2025, with no discharge: the prior year has its run and no figure for this one.
            Assert.Equal("no figure", row.Cell(headers["2025"]).GetString());
            Assert.Equal("–", row.Cell(headers["Change from 2025"]).GetString());
            checkedRows++;
        }

        Assert.Equal(2, checkedRows);
    }

    [Fact]
    public void A_figure_on_the_target_and_one_just_past_it_cannot_tell_when_their_intervals_include_the_target()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Targets");
        var headers = Headers(sheet);
        var completion = Row(sheet, headers, "Completion", Iop);
        var dropout = Row(sheet, headers, "Dropout (unplanned discharge)", Iop);

        Assert.Equal((0.5, 90.0, "at least 50.0 %", "cannot tell"), ((double)completion.Cell(headers["2026"]).Value, (double)completion.Cell(headers["n"]).Value,
            completion.Cell(headers["Target value"]).GetString(), completion.Cell(headers["Verdict"]).GetString()));
        Assert.Equal((0.5, 90.0, "at most 49.0 %", "cannot tell"), ((double)dropout.Cell(headers["2026"]).Value, (double)dropout.Cell(headers["n"]).Value,
            dropout.Cell(headers["Target value"]).GetString(), dropout.Cell(headers["Verdict"]).GetString()));
        var quarters = workbook.Worksheet("Quarters");
        var quarterHeaders = Headers(quarters);
        var completionQuarters = Row(quarters, quarterHeaders, "Completion", Iop);
        Assert.Equal([0.4, 0.5, 0.6], new[] { "2026-Q1", "2026-Q2", "2026-Q3" }.Select(q => Math.Round((double)completionQuarters.Cell(quarterHeaders[q]).Value, 10)));
        Assert.Contains("chance alone could put the figure on either side",
            Row(quarters, quarterHeaders, "Dropout (unplanned discharge)", Iop).Cell(quarterHeaders["Why"]).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_too_small_to_judge_shows_under_11_and_is_not_assessable()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Targets");
        var headers = Headers(sheet);
        var quarterSheet = workbook.Worksheet("Quarters");
        var quarterHeaders = Headers(quarterSheet);
        foreach (var level in new[] { LevelNames.Label("php"), LevelNames.Label("op") })
        {
            foreach (var figure in new[] { "Completion", "Dropout (unplanned discharge)" })
            {
                var row = Row(sheet, headers, figure, level);
                Assert.Equal(fixture.Policy.SmallCellText, row.Cell(headers["n"]).GetString());
                Assert.Equal("suppressed", row.Cell(headers["2026"]).GetString());
                Assert.Equal("not assessable", row.Cell(headers["Verdict"]).GetString());
                var quarters = Row(quarterSheet, quarterHeaders, figure, level);
                Assert.Equal("suppressed: a count from 1 to 10 would show", quarters.Cell(quarterHeaders["Why"]).GetString());
                Assert.All(new[] { "2026-Q1", "2026-Q2", "2026-Q3" }, q => Assert.Equal("suppressed", quarters.Cell(quarterHeaders[q]).GetString()));
            }
        }
    }

    [Fact]
    public void The_action_plan_reads_back_with_owner_due_status_result_and_an_effect_not_yet_assessable()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Action plans");
        var headers = Headers(sheet);
        var plan = fixture.PlanId.ToString(CultureInfo.InvariantCulture);
        var iop = Rows(sheet).Single(r => r.Cell(headers["Plan"]).GetString() == plan && r.Cell(headers["Level of care"]).GetString() == Iop);
        var php = Rows(sheet).Single(r => r.Cell(headers["Plan"]).GetString() == plan && r.Cell(headers["Level of care"]).GetString() == LevelNames.Label("php"));

        Assert.Equal(
            [fixture.PlanId.ToString(CultureInfo.InvariantCulture), fixture.CompletionTarget.ToString(CultureInfo.InvariantCulture), "Completion", "All facilities", Iop, "2026-Q1", "Call every patient who misses a group the same day",
             "program director", "2026-04-15", "2026-06-30", "done", "calls made within a day for 9 of 10 missed groups"],
            Enumerable.Range(1, 12).Select(c => iop.Cell(c).GetString()));
        const string TooFew = "not yet assessable: too few months yet (5 ended after the month of the decision; needs at least 6 before and 6 after)";
        Assert.Equal(TooFew, iop.Cell(headers["Effect"]).GetString());
        Assert.Equal(TooFew, php.Cell(headers["Effect"]).GetString());
        // A sentence wraps in its column instead of running off the printed page.
        Assert.True(iop.Cell(headers["Effect"]).Style.Alignment.WrapText);
        Assert.InRange(sheet.Column(headers["Effect"]).Width, 20, AnnualReviewWorkbook.SentenceColumnWidth);
    }

    [Fact]
    public void An_effect_with_months_enough_after_the_decision_reads_the_stored_monthly_runs_and_counts_the_months_shown()
    {
        // Decided 2026-02-16 for 2026-01: before 2025-01 to 2025-12 (no data), 2026-01 and 2026-02 left out, after 2026-03 to
        // 2026-09. IOP dropout has a figure in the months with discharges only (May and August, 15 and 12 of 30).
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Action plans");
        var headers = Headers(sheet);
        var plan = fixture.DropoutPlanId.ToString(CultureInfo.InvariantCulture);
        var iop = Rows(sheet).Single(r => r.Cell(headers["Plan"]).GetString() == plan && r.Cell(headers["Level of care"]).GetString() == Iop);

        Assert.Equal(
            "not yet assessable: too few months (0 before and 2 after with a figure shown; needs at least 6 before and 6 after)",
            iop.Cell(headers["Effect"]).GetString());
        var read = fixture.Review.Data.EffectRuns.Select(r => r.Run.Period.Label).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. Enumerable.Range(1, 12).Select(m => $"2025-{m:00}"), .. Enumerable.Range(3, 7).Select(m => $"2026-{m:00}")], read);
    }

    [Fact]
    public void Data_completeness_and_the_measurement_system_come_from_the_stored_run_and_the_code()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var completeness = workbook.Worksheet("Data completeness");
        var quarantined = Rows(completeness).Single(r => r.Cell(1).GetString().StartsWith("Rows quarantined", StringComparison.Ordinal));
        var stored = fixture.Review.Data.YearRun.Run.Find("quarantined_rows").Single();
        Assert.Equal((stored.Denominator!.Value, 1.0), ((double)quarantined.Cell(4).Value, (double)quarantined.Cell(5).Value));
        var sex = Rows(completeness).Single(r => r.Cell(2).GetString() == FigureCatalogue.Words("sex") && r.Cell(3).GetString() == LevelNames.Label(Figure.All));
        Assert.Equal((102.0, 102.0, 1.0), ((double)sex.Cell(4).Value, (double)sex.Cell(5).Value, (double)sex.Cell(6).Value));

        var measurement = workbook.Worksheet("Measurement system");
        var described = Rows(measurement).Select(r => (r.Cell(2).GetString(), r.Cell(3).GetString())).ToList();
        Assert.Equal(
            [.. MeasurementSystem.Stages.Select(s => (s.When, s.WhatIsCollected)), .. MeasurementSystem.Checks.Select(c => (c.What, c.How))],
            described);
        Assert.Equal(["Referral", "Admission", "During care", "Discharge", "Follow-up"], MeasurementSystem.Stages.Select(s => s.When));
        Assert.Contains("CARF 1.M (data)", measurement.Cell(3, 1).GetString(), StringComparison.Ordinal);
        // The data hold no standardized instrument: no section claims The Joint Commission's CTS.03.01.09.
        Assert.All(workbook.Worksheets.Where(w => w.Name != "Standards"), w => Assert.DoesNotContain("CTS.03.01.09", w.Cell(3, 1).GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_year_without_version_2_files_has_no_measurement_sections_and_claims_neither_CTS_03_01_09_nor_CARF_1M_efficiency_access_or_satisfaction()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        Assert.Equal(
            ["Targets", "Quarters", "Written analysis", "Action plans", "Data completeness", "Measurement system", "Standards", "About"],
            workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(Outcomes.Reports.AuditPack.Standards.Held.None, fixture.Review.Data.Held);
        var standards = Rows(workbook.Worksheet("Standards")).ToDictionary(r => r.Cell(1).GetString(), r => (Backed: r.Cell(2).GetString(), Missing: r.Cell(3).GetString()));
        Assert.Equal("Not claimed.", standards["The Joint Commission CTS.03.01.09 (EP 1–3)"].Backed);
        Assert.Contains("the year's runs hold no instrument score (assessments.csv", standards["The Joint Commission CTS.03.01.09 (EP 1–3)"].Missing, StringComparison.Ordinal);
        Assert.StartsWith("Not backed.", standards["CARF 1.M, efficiency"].Backed, StringComparison.Ordinal);
        Assert.Contains("referrals.csv", standards["CARF 1.M, efficiency"].Missing, StringComparison.Ordinal);
        Assert.Equal("Not backed.", standards["CARF 1.M, service access"].Backed);
        Assert.Contains("referrals.csv, data contract version 2, was not sent for the year", standards["CARF 1.M, service access"].Missing, StringComparison.Ordinal);
        Assert.Equal("Not backed.", standards["CARF 1.M, satisfaction and experience of care"].Backed);
        Assert.Contains("surveys.csv, data contract version 2, was not sent for the year", standards["CARF 1.M, satisfaction and experience of care"].Missing, StringComparison.Ordinal);
        Assert.DoesNotContain("Measurement-based care", standards["CARF 1.M, effectiveness"].Backed, StringComparison.Ordinal);
    }

    [Fact]
    public void No_cell_and_no_line_of_the_review_holds_a_patient_or_episode_id()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var cells = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()).ToList();
        Assert.NotEmpty(cells);
        var html = File.ReadAllText(fixture.Review.HtmlPath);
        foreach (var prefix in new[] { AnnualDrop.PatientPrefix, AnnualDrop.EpisodePrefix })
        {
            Assert.DoesNotContain(cells, c => c.Contains(prefix, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(prefix, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(workbook.Worksheets.SelectMany(s => s.CellsUsed()), c => c.HasFormula);
        var targets = workbook.Worksheet("Targets");
        var n = Headers(targets)["n"];
        var completeness = workbook.Worksheet("Data completeness");
        var counts = Rows(targets).Select(r => r.Cell(n))
            .Concat(Rows(completeness).Where(r => !r.Cell(1).GetString().StartsWith("Rows quarantined", StringComparison.Ordinal)).SelectMany(r => new[] { r.Cell(4), r.Cell(5) }))
            .Where(c => c.DataType == XLDataType.Number).ToList();
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.False(fixture.Policy.IsSmall((long)(double)c.Value), $"{c.Worksheet.Name}!{c.Address}"));
    }

    [ChromiumFact]
    [Trait(TestCategory.Name, TestCategory.Process)]
    public async Task The_html_document_in_headless_chromium_shows_each_verdict_and_the_standards_and_loads_nothing_from_outside()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(fixture.Review.HtmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.All(requests, url => Assert.StartsWith("file:", url, StringComparison.Ordinal));
        Assert.Single(requests);
        var headers = await page.Locator("#targets thead th").AllInnerTextsAsync();
        var verdict = headers.ToList().IndexOf("Verdict");
        var rows = await page.EvaluateAsync<string[][]>("() => Array.from(document.querySelectorAll('#targets tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText))");
        var shown = rows.Select(r => (r[1], r[3], r[verdict])).Order().ToList();
        Assert.Equal(
            [.. fixture.Review.Data.Targets.Select(t => (t.Target.Metric == "completion" ? "Completion" : "Dropout (unplanned discharge)", LevelNames.Label(t.Level), FigureJudgement.Words(t.Verdict))).Order()],
            shown);
        Assert.Contains(("Completion", Iop, "cannot tell"), shown);
        Assert.Contains(("Dropout (unplanned discharge)", Iop, "cannot tell"), shown);
        Assert.Contains(("Completion", LevelNames.Label("php"), "not assessable"), shown);

        foreach (var (section, expected) in new[] { ("targets", new[] { "CARF 1.M (effectiveness)", "CARF 1.N" }), ("actions", ["CARF 1.N"]), ("completeness", ["CARF 1.M (data)"]), ("measurement", ["CARF 1.M (data)"]) })
        {
            var standards = await page.InnerTextAsync($"#{section} .standards");
            Assert.All(expected, s => Assert.Contains(s, standards, StringComparison.Ordinal));
            Assert.DoesNotContain("CTS.03.01.09", standards, StringComparison.Ordinal);
        }

        // What is missing is said: efficiency, access and satisfaction for CARF 1.M, the standardized instrument for CTS.03.01.09.
        var missing = await page.EvaluateAsync<string[][]>("() => Array.from(document.querySelectorAll('#standards tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText))");
        Assert.All(new[] { "CARF 1.M, efficiency", "CARF 1.M, service access", "CARF 1.M, satisfaction and experience of care" },
            standard => Assert.StartsWith("Not backed.", missing.Single(r => r[0] == standard)[1], StringComparison.Ordinal));
        Assert.Contains("no cost, staffing or billing", missing.Single(r => r[0] == "CARF 1.M, efficiency")[2], StringComparison.Ordinal);
        Assert.Contains("no referral, first-contact or waiting-list date", missing.Single(r => r[0] == "CARF 1.M, service access")[2], StringComparison.Ordinal);
        Assert.Contains("no survey responses", missing.Single(r => r[0] == "CARF 1.M, satisfaction and experience of care")[2], StringComparison.Ordinal);
        var commission = missing.Single(r => r[0].StartsWith("The Joint Commission CTS.03.01.09", StringComparison.Ordinal));
        Assert.Equal("Not claimed.", commission[1]);
        Assert.Contains("standardized tool or instrument", commission[2], StringComparison.Ordinal);

        Assert.Equal("Confidential", (await page.InnerTextAsync("header")).Trim(), ignoreCase: true);
        Assert.Contains("<11", await page.InnerTextAsync("#targets"), StringComparison.Ordinal);
        var pdf = await page.PdfAsync(new PagePdfOptions { Landscape = true, PrintBackground = true });
        Assert.True(pdf.Length > 10_000, $"the printed document is {pdf.Length} bytes");
    }

    [Fact]
    public void A_monthly_rate_just_meeting_its_stored_target_is_not_shaded_and_one_just_missing_it_is()
    {
        // May 2026: IOP 15 of 30 completed (50%, target at least 50%: met) and 15 of 30 dropped out (50%, at most 49%: missed).
        using var workbook = new XLWorkbook(fixture.May.WorkbookPath);
        var sheet = workbook.Worksheet("Outcomes");
        var headers = Headers(sheet);
        var completion = Row(sheet, headers, "Completion", Iop, levelHeader: "Level of care", figureHeader: "Figure");
        var dropout = Row(sheet, headers, ReportTables.DropoutLabel, Iop, levelHeader: "Level of care", figureHeader: "Figure");

        Assert.Equal((0.5, 0.5), ((double)completion.Cell(headers["Estimate"]).Value, (double)completion.Cell(headers["Target"]).Value));
        Assert.False(ShadedByConditionalFormat(sheet, completion.Cell(headers["Estimate"])));
        Assert.Equal((0.5, 0.49), ((double)dropout.Cell(headers["Estimate"]).Value, (double)dropout.Cell(headers["Target"]).Value));
        Assert.True(ShadedByConditionalFormat(sheet, dropout.Cell(headers["Estimate"])));
        var transfer = Row(sheet, headers, ReportTables.TransferLabel, LevelNames.Label(Figure.All), levelHeader: "Level of care", figureHeader: "Figure");
        Assert.True(transfer.Cell(headers["Target"]).IsEmpty());
    }

    /// <summary>
    /// Whether Excel would shade the cell as a missed target: a conditional format covering it, with the missed-target
    /// fill, whose comparison holds for the cell's value (evaluated here as Excel evaluates it).
    /// </summary>
    private static bool ShadedByConditionalFormat(IXLWorksheet sheet, IXLCell cell)
    {
        var value = (double)cell.Value;
        return sheet.ConditionalFormats
            .Where(f => f.Ranges.Any(r => r.Contains(cell)) && f.Style.Fill.BackgroundColor == SheetWriter.MissedFill)
            .Any(f =>
            {
                var bound = double.Parse(f.Values[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                return f.Operator switch
                {
                    XLCFOperator.LessThan => value < bound,
                    XLCFOperator.GreaterThan => value > bound,
                    _ => throw new InvalidOperationException($"unexpected conditional format operator {f.Operator}"),
                };
            });
    }

    private static Dictionary<string, int> Headers(IXLWorksheet sheet) =>
        sheet.Row(SheetWriter.FirstTableRow).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);

    private static IEnumerable<IXLRow> Rows(IXLWorksheet sheet) =>
        sheet.RowsUsed().Where(r => r.RowNumber() >= FirstRow && sheet.Tables.First().RangeAddress.LastAddress.RowNumber >= r.RowNumber());

    private static IXLRow Row(IXLWorksheet sheet, Dictionary<string, int> headers, string figure, string level, string levelHeader = "Level of care", string figureHeader = "Figure") =>
        Rows(sheet).Single(r => r.Cell(headers[figureHeader]).GetString() == figure && r.Cell(headers[levelHeader]).GetString() == level);
}
