using ClosedXML.Excel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Reports.Annual;
using Outcomes.Reports.Workbook;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.Annual;

/// <summary>
/// The annual review as a surveyor opens it, on <see cref="AnnualDrop"/>'s 2026 with a planted set of targets: IOP
/// completion at least 80% (45 of 90, 95% interval about 40% to 60%: missed, and no action plan) and IOP dropout at most 20%
/// (45 of 90: missed, with a plan). Exactly one target figure is missed with no action plan; the first page counts it. The
/// completion target carries two notes of the year (the later one is shown), the dropout target none.
/// </summary>
public sealed class AnnualReviewFirstPageTests(AnnualReviewFirstPageTests.Fixture fixture) : IClassFixture<AnnualReviewFirstPageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-annual-first-").FullName;

        public TestDatabase Database { get; } = new();

        internal AnnualReview.Result Review { get; private set; } = null!;

        public long CompletionTarget { get; private set; }

        public long DropoutTarget { get; private set; }

        public string Folder => _folder;

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            var drop = AnnualDrop.Write(Path.Combine(_folder, "drop"));
            await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(drop, new IngestOptions { Today = AnnualDrop.DataThrough });
            var targets = new TargetStore(Database.DataSource);
            CompletionTarget = await targets.AddAsync(new OutcomeTarget
            {
                Metric = "completion", AtLeast = true, Target = 0.8, LevelOfCare = "iop", EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead",
            });
            DropoutTarget = await targets.AddAsync(new OutcomeTarget
            {
                Metric = "dropout", AtLeast = false, Target = 0.2, LevelOfCare = "iop", EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "quality lead",
            });
            await new ActionPlanStore(Database.DataSource).AddAsync(
                DropoutTarget, "2026-Q1", "Review every unplanned discharge at the weekly team meeting", "clinical supervisor", new DateOnly(2026, 6, 30), "quality lead",
                decidedOn: new DateOnly(2026, 4, 15));
            var notes = new TargetNoteStore(Database.DataSource);
            await notes.AddAsync(CompletionTarget, 2026, "A first draft.", null);
            await notes.AddAsync(CompletionTarget, 2026, "Completion held at half all year; the 80% target was set from a national figure for residential care.",
                "The IOP lost two of its five counsellors from March to June.");
            Review = await StoredFirst.AnnualReviewAsync(Database.DataSource, new SmallCellPolicy(), 2026, null, Path.Combine(_folder, "review"), AnnualDrop.DataThrough);
        }

        public async Task DisposeAsync()
        {
            await Database.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void The_targets_sheet_counts_the_one_target_missed_without_a_plan_above_its_table_and_marks_its_row()
    {
        Assert.Equal([TargetVerdict.NotMet, TargetVerdict.NotMet], fixture.Review.Verdicts.Select(v => v.Verdict));
        Assert.Equal(1, fixture.Review.MissedWithoutPlan);
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Targets", sheet.Name);

        var summary = sheet.Cell(AnnualReviewWorkbook.SummaryRow, 1).GetString();
        Assert.Equal(
            $"2 target figures in 2026: 0 met, 2 not met, 0 cannot tell, 0 not assessable. Missed with no action plan: 1 (target {fixture.CompletionTarget}, Completion, IOP (ASAM 2.1)): record one with outcomes actions add.",
            summary);
        var headers = sheet.Row(SheetWriter.FirstTableRow).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        string PlanOf(long target) => sheet.RowsUsed().Single(r => r.RowNumber() > SheetWriter.FirstTableRow && r.Cell(1).GetString() == target.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Cell(headers["Action plan"]).GetString();
        Assert.Equal("missed, no action plan", PlanOf(fixture.CompletionTarget));
        Assert.Equal("1 plan", PlanOf(fixture.DropoutTarget));
    }

    [ChromiumFact]
    [Trait(TestCategory.Name, TestCategory.Process)]
    public async Task The_printed_documents_first_page_says_one_target_was_missed_without_an_action_plan()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        // Printed: a landscape letter page less its margins (0.5 in at the sides, 0.6 in top and bottom) is 960 by 701 CSS pixels.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 960, Height = 701 } });
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.GotoAsync(new Uri(fixture.Review.HtmlPath).AbsoluteUri);

        var summary = page.Locator("#summary");
        Assert.Contains("Missed with no action plan: 1 (target", await summary.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Missed with no action plan: 1", (await page.Locator("#summary strong").InnerTextAsync())[..29]);
        var box = (await summary.BoundingBoxAsync())!;
        Assert.True(box.Y + box.Height <= 701, $"the count ends {box.Y + box.Height} pixels down the first page of 701");
        var marked = page.Locator("#targets td.missed-no-plan");
        Assert.Equal(1, await marked.CountAsync());
        var cell = (await marked.BoundingBoxAsync())!;
        Assert.True(cell.Y + cell.Height <= 701, "the marked row is on the first page");
        var pdf = await page.PdfAsync(new PagePdfOptions { PrintBackground = true, PreferCSSPageSize = true });
        Assert.True(pdf.Length > 10_000, $"the printed document is {pdf.Length} bytes");
    }

    [Fact]
    public async Task The_written_analysis_shows_the_latest_note_of_each_target_with_the_login_that_wrote_it()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        var sheet = workbook.Worksheet("Written analysis");
        var headers = sheet.Row(SheetWriter.FirstTableRow).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        IXLRow Of(long target) => sheet.RowsUsed().Single(r => r.RowNumber() > SheetWriter.FirstTableRow && r.Cell(1).GetString() == target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var login = await fixture.Database.ScalarAsync<string>("select session_user::text");

        var completion = Of(fixture.CompletionTarget);
        Assert.Equal("Completion held at half all year; the 80% target was set from a national figure for residential care.", completion.Cell(headers["Written analysis"]).GetString());
        Assert.Equal("The IOP lost two of its five counsellors from March to June.", completion.Cell(headers["Extenuating factors"]).GetString());
        Assert.StartsWith(login + ", 20", completion.Cell(headers["Written by, on"]).GetString(), StringComparison.Ordinal);
        Assert.Equal("none written: a missed target needs one (outcomes targets note)", Of(fixture.DropoutTarget).Cell(headers["Written analysis"]).GetString());
        Assert.True(completion.Cell(headers["Written analysis"]).Style.Alignment.WrapText);
    }

    [Fact]
    public void Every_sheet_of_the_workbook_prints_one_page_wide_at_8_pt_or_larger()
    {
        using var workbook = new XLWorkbook(fixture.Review.WorkbookPath);
        foreach (var sheet in workbook.Worksheets)
        {
            // Fitted one page wide, a sheet shrinks by the printable width over its columns' width; Calibri 11 at that scale.
            Assert.Equal(1, sheet.PageSetup.PagesWide);
            var columns = sheet.Row(SheetWriter.FirstTableRow).LastCellUsed().Address.ColumnNumber;
            var width = Enumerable.Range(1, columns).Sum(c => Math.Round((sheet.Column(c).Width * 7) + 5));
            var points = 11 * Math.Min(1, SheetWriter.PrintableWidthPixels / width);
            Assert.True(points >= 8, $"{sheet.Name} prints at {points:0.0} pt ({width} pixels of columns)");
            Assert.True(sheet.LastColumnUsed()!.ColumnNumber() <= columns, $"{sheet.Name}: a cell stands right of its table and would widen the page");
        }
    }

    [ChromiumFact]
    [Trait(TestCategory.Name, TestCategory.Process)]
    public async Task The_html_fits_a_1300_pixel_screen_and_prints_its_tables_at_8_pt_or_larger_within_a_landscape_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var screen = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        await screen.GotoAsync(new Uri(fixture.Review.HtmlPath).AbsoluteUri);
        Assert.True(await screen.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1300"), "a column runs off a 1300-pixel screen");

        // A landscape letter page less its half-inch margins is 10 inches: 960 CSS pixels.
        var print = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 960, Height = 700 } });
        await print.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await print.GotoAsync(new Uri(fixture.Review.HtmlPath).AbsoluteUri);
        var widths = await print.EvaluateAsync<double[]>("() => Array.from(document.querySelectorAll('table')).map(t => t.getBoundingClientRect().right)");
        Assert.NotEmpty(widths);
        Assert.All(widths, right => Assert.True(right <= 960, $"a table reaches {right} pixels of 960"));
        var smallest = await print.EvaluateAsync<double>("() => Math.min(...Array.from(document.querySelectorAll('td, th')).map(c => parseFloat(getComputedStyle(c).fontSize)))");
        Assert.True(smallest * 72 / 96 >= 8, $"table text prints at {smallest * 72 / 96:0.0} pt");
    }

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

}
