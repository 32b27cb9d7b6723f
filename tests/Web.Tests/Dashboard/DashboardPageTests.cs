using System.Globalization;
using System.Security.Cryptography;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Dashboard;

/// <summary>
/// The director's dashboard in a real browser against <c>outcomes serve</c>: the month's key figures as the stored run
/// holds them, the charts as SVG images of the same origin, the report files for download with an audit line each, and
/// row-level security deciding what a facility-limited login sees, whatever it edits into a URL.
/// </summary>
[Collection(DashboardServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class DashboardPageTests(DashboardServer server)
{
    private const string FiguresOfRun = """
        select f.level_of_care, f.denominator, f.estimate, f.lower_bound, f.upper_bound
        from analysis_figure f join analysis_run r using (run_id)
        where r.period_label = @Month and r.facility_filter is not distinct from @Run and f.facility_id = @Facility
          and f.metric = @Metric and f.grouping = '' and f.program_key is null and f.level_of_care in ('iop', 'php')
        order by f.level_of_care
        """;

    [ChromiumFact]
    public async Task A_director_sees_the_months_figures_IOP_vs_PHP_with_the_intervals_of_the_stored_run_and_every_chart_loads_as_svg()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(DashboardServer.DirectorLogin, DashboardServer.Password);
        Assert.Equal(200, (await page.GotoAsync("/dashboard"))!.Status);

        // The month with the newest stored run, all facilities together: its run named, its figures as stored.
        Assert.Equal(DashboardServer.Month.Label, await page.Locator("select[name=month]").InputValueAsync());
        var runId = await server.Database.ScalarAsync<Guid>(
            "select run_id from analysis_run where period_label = @Month and facility_filter is null order by created_at desc limit 1", new { Month = DashboardServer.Month.Label });
        await Assertions.Expect(page.GetByText($"analysis run {runId}")).ToBeVisibleAsync();
        await AssertFiguresAsync(page, null, null, "completion", "Completion");
        await AssertFiguresAsync(page, null, null, "dropout", "Dropout (unplanned discharge)");
        Assert.Contains("Internal: exact counts", await page.Locator(".disclosure").InnerTextAsync(), StringComparison.Ordinal);

        // A panel per facility × level of each charted figure, then the trends: every picture an SVG of this origin, the one
        // the workbook's charts folder holds.
        var images = await page.Locator("img").AllAsync();
        Assert.Equal((3 * server.Facilities.Count * 2) + 1, images.Count);
        foreach (var image in images)
        {
            var source = (await image.GetAttributeAsync("src"))!;
            Assert.StartsWith("/dashboard/charts/", source, StringComparison.Ordinal);
            var response = await browser.Context.APIRequest.GetAsync(source);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("image/svg+xml", response.Headers["content-type"], StringComparison.Ordinal);
            // The picture the month's workbook holds in its charts folder: the same runs, the same chart code (the same
            // words and marks; Skia numbers its clip paths per process and rounds a coordinate's last digit its own way).
            var chart = Uri.UnescapeDataString(source[(source.LastIndexOf('/') + 1)..^".svg".Length]);
            var written = Path.Combine(server.FolderOf(null), $"outcomes-{DashboardServer.Month.Label}-charts", (chart == "trends" ? "" : "dashboard-") + chart + ".svg");
            Assert.Equal(Drawing(await File.ReadAllTextAsync(written)), Drawing(await response.TextAsync()));
            Assert.False(string.IsNullOrWhiteSpace(await image.GetAttributeAsync("alt")));
            Assert.True(await image.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), $"{source} did not render");
        }

        var panelNames = await page.Locator("figure.panel figcaption").AllInnerTextsAsync();
        Assert.Equal(server.Facilities.SelectMany(f => new[] { $"Facility {f}, IOP", $"Facility {f}, PHP" }).Order(StringComparer.Ordinal),
            panelNames.Select(n => n.Split(':')[0]).Distinct().Order(StringComparer.Ordinal));

        // The picture of docs/: the whole page as a director sees it.
        Directory.CreateDirectory(Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images", "web-dashboard.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task Each_download_is_the_file_the_jobs_wrote_and_leaves_an_audit_line_with_the_login()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(DashboardServer.DirectorLogin, DashboardServer.Password);
        await page.GotoAsync("/dashboard");

        var links = page.Locator("ul.downloads a");
        var expected = Directory.GetFiles(server.FolderOf(null)).Select(Path.GetFileName).Where(n => n!.EndsWith(".xlsx", StringComparison.Ordinal) || n.EndsWith(".zip", StringComparison.Ordinal) || n.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Count, await links.CountAsync());
        Assert.StartsWith($"This month's workbook: outcomes-{DashboardServer.Month.Label}.xlsx", await links.First.InnerTextAsync(), StringComparison.Ordinal);
        for (var i = 0; i < expected.Count; i++)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => links.Nth(i).ClickAsync());
            var name = download.SuggestedFilename;
            var saved = Path.Combine(Path.GetTempPath(), $"dashboard-{Guid.NewGuid():N}-{name}");
            await download.SaveAsAsync(saved);
            try
            {
                Assert.Equal(Hash(Path.Combine(server.FolderOf(null), name)), Hash(saved));
            }
            finally
            {
                File.Delete(saved);
            }

            var audit = await server.Database.QueryAsync<(string User, string Role, string Detail)>(
                "select database_user, acting_role, detail from audit_event where action = 'export.download' and subject = @Subject",
                new { Subject = $"all-facilities: {name}" });
            var line = Assert.Single(audit, a => a.User == DashboardServer.DirectorLogin);
            Assert.Equal("outcomes_analyst", line.Role);
            Assert.Contains("from the web dashboard", line.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(expected, (await server.Database.QueryAsync<string>(
            "select substr(subject, length('all-facilities: ') + 1) from audit_event where action = 'export.download' and database_user = @Login and starts_with(subject, 'all-facilities: ')",
            new { Login = DashboardServer.DirectorLogin })).Distinct().Order(StringComparer.Ordinal));
    }

    [ChromiumFact]
    public async Task A_facility_limited_login_sees_only_its_facility_and_cannot_reach_another_facilitys_figures_charts_or_workbook_by_editing_the_url()
    {
        var (own, other) = (server.Facilities[0], server.Facilities[1]);
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.LimitedLogin, DashboardServer.Password);
        await page.GotoAsync("/dashboard");

        Assert.Equal([own], await page.Locator("select[name=facility] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        // The month's figures from the facility's own run, which the monthly-report job stored beside the run of all facilities.
        var runId = await server.Database.ScalarAsync<Guid>(
            "select run_id from analysis_run where period_label = @Month and facility_filter = @Own", new { Month = DashboardServer.Month.Label, Own = own });
        await Assertions.Expect(page.GetByText($"analysis run {runId}")).ToBeVisibleAsync();
        await AssertFiguresAsync(page, own, own, "completion", "Completion");
        var panels = (await page.Locator("figure.panel figcaption").AllInnerTextsAsync()).Select(n => n.Split(':')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal([$"Facility {own}, IOP", $"Facility {own}, PHP"], panels);
        Assert.Equal([$"This month's workbook: outcomes-{DashboardServer.Month.Label}-{own}.xlsx"], await page.Locator("ul.downloads a").AllInnerTextsAsync());

        // Its own workbook comes with an audit line under its login.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("ul.downloads a").First.ClickAsync());
        Assert.Equal($"outcomes-{DashboardServer.Month.Label}-{own}.xlsx", download.SuggestedFilename);
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'export.download' and database_user = @Login", new { Login = server.LimitedLogin }));

        // Another facility's or all facilities' page, charts and files, by editing the URL: not found, nothing audited.
        var month = DashboardServer.Month.Label;
        var request = browser.Context.APIRequest;
        foreach (var url in new[]
        {
            $"/dashboard?facility={other}", "/dashboard?facility=all-facilities", $"/dashboard?month=1999-01",
            $"/dashboard/charts/{month}/{other}/trends.svg", $"/dashboard/charts/{month}/all-facilities/trends.svg",
            $"/dashboard/files/{other}/outcomes-{month}-{other}.xlsx", $"/dashboard/files/all-facilities/outcomes-{month}.xlsx",
            $"/dashboard/files/{own}/..%2F{other}%2Foutcomes-{month}-{other}.xlsx", $"/dashboard/files/{own}/outcomes-{month}-{other}.xlsx",
        })
        {
            var response = await request.GetAsync(url, new() { MaxRedirects = 0 });
            Assert.True(response.Status == 404, $"{url}: {response.Status}");
        }

        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'export.download' and database_user = @Login", new { Login = server.LimitedLogin }));
        // Its own charts load.
        Assert.Equal(200, (await request.GetAsync($"/dashboard/charts/{month}/{own}/trends.svg")).Status);
    }

    [ChromiumFact]
    public async Task The_dashboard_has_no_WCAG_2_1_AA_violation_axe_core_finds()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(DashboardServer.DirectorLogin, DashboardServer.Password);
        await browser.Page.GotoAsync("/dashboard");
        await browser.Page.GetByText("The numbers behind the trends").ClickAsync();
        var result = await browser.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Passes.Length >= 10, $"axe-core passed only {result.Passes.Length} rules");
        Assert.Empty(result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
    }

    /// <summary>
    /// The Summary's rows of <paramref name="metric"/> show the stored run's n, estimate and 95% interval of IOP and of PHP
    /// (<paramref name="run"/>: the facility the run is of, null for all; <paramref name="facility"/>: whose figures, null for all).
    /// </summary>
    private async Task AssertFiguresAsync(IPage page, string? run, string? facility, string metric, string label)
    {
        var stored = await server.Database.QueryAsync<(string Level, double N, double Estimate, double Lower, double Upper)>(
            FiguresOfRun, new { Month = DashboardServer.Month.Label, Run = run, Facility = facility ?? "*", Metric = metric });
        Assert.Equal(2, stored.Count);
        var summary = page.Locator("table").First;
        foreach (var figure in stored)
        {
            var level = figure.Level == "iop" ? "IOP" : "PHP";
            var row = summary.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = label }) })
                .Filter(new() { Has = page.Locator($"td:text-matches('^{level}')") });
            var cells = await row.Locator("td").AllInnerTextsAsync();
            string Percent(double v) => v.ToString("0.0%", CultureInfo.InvariantCulture);
            Assert.Equal(figure.N.ToString("N0", CultureInfo.InvariantCulture), Shown(cells[1]));
            Assert.Equal([Percent(figure.Estimate), Percent(figure.Lower), Percent(figure.Upper)], cells.Skip(2).Take(3).Select(Shown));
        }
    }

    /// <summary>A cell's number as shown, without the mark of a small count or the words a screen reader hears for a missed target.</summary>
    private static string Shown(string cell) => cell.Split('\n')[0].Replace('\u00a0', ' ').Replace(" †", "", StringComparison.Ordinal).Trim();

    /// <summary>An SVG's words in order and how many of each element it draws.</summary>
    private static (string Words, string Elements) Drawing(string svg)
    {
        var document = System.Xml.Linq.XDocument.Parse(svg);
        var elements = document.Descendants().ToList();
        return (string.Join("|", elements.Where(e => e.Name.LocalName == "text").Select(e => e.Value)),
            string.Join(",", elements.GroupBy(e => e.Name.LocalName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}")));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
