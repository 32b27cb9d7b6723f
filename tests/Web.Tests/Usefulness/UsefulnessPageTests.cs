using System.Globalization;
using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Proportions;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Usefulness;

/// <summary>
/// The flag usefulness page against what <see cref="FlagStore"/> computes for the same flags (the follow-through month by
/// month as the monthly report reads it, <see cref="FlagStore.FollowThroughAsync"/>): the server's cohort scored
/// again 75 and 45 days ago (flags whose 30-day horizon has passed), each of those flags then reviewed to a final status
/// (outreach done of two kinds or dismissed) after 0 to 5 days, so that the worklist's open flags stay today's.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class UsefulnessPageTests(WebServer server)
{
    /// <summary>The login of the screenshot in docs/: a fixed name, so the picture does not change from run to run.</summary>
    private const string ScreenshotLogin = "quality_lead";
    private const int ReviewWithinDays = 3;

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool s_reviewed;

    [ChromiumFact]
    public async Task Every_figure_of_the_page_equals_what_the_flag_store_computes_after_some_reviews()
    {
        await ReviewPastFlagsAsync();
        var expected = await ExpectedAsync(facility: null);
        Assert.Contains(expected.Months, m => m.FollowThrough.Matured > 0 && m.FollowThrough.Reviewed > 0);
        Assert.True(expected.Outreach.Count >= 2, "the reviews record two kinds of outreach");

        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await browser.Page.GotoAsync("/usefulness");

        await AssertShowsAsync(browser.Page, expected);
    }

    [ChromiumFact]
    public async Task A_facility_limited_login_counts_only_its_facility_even_when_the_address_names_another()
    {
        await ReviewPastFlagsAsync();
        var own = await ExpectedAsync(server.Facilities[0]);
        var all = await ExpectedAsync(facility: null);
        Assert.True(own.Months.Sum(m => m.FollowThrough.Raised) < all.Months.Sum(m => m.FollowThrough.Raised));

        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(server.LimitedLogin, WebServer.Password);
        foreach (var address in new[] { "/usefulness", $"/usefulness?facility={server.Facilities[1]}" })
        {
            await browser.Page.GotoAsync(address);
            Assert.Equal(["all I may see", server.Facilities[0]], await browser.Page.Locator("select[name=facility] option").AllInnerTextsAsync());
            await AssertShowsAsync(browser.Page, own);
        }
    }

    [ChromiumFact]
    public async Task The_page_has_no_WCAG_2_1_AA_violation_axe_core_finds_and_its_screenshot_is_in_the_docs()
    {
        await ReviewPastFlagsAsync();
        await using (var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync()))
        {
            await admin.ExecuteAsync($"drop role if exists {ScreenshotLogin}");
        }

        await AccessControl.GrantAsync(server.Database.DataSource, ScreenshotLogin, DatabaseRole.Analyst, [], WebServer.Password);
        try
        {
            await using var browser = await Browser.OpenAsync(server.BaseUrl);
            await browser.SignInAsync(ScreenshotLogin, WebServer.Password);
            await browser.Page.GotoAsync("/usefulness");

            var result = await browser.Page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            Assert.True(result.Passes.Length >= 10, $"axe-core passed only {result.Passes.Length} rules");
            Assert.Empty(result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
            await browser.Page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images", "web-usefulness.png"),
                FullPage = true,
            });
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        }
        finally
        {
            await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
            await admin.ExecuteAsync($"drop role if exists {ScreenshotLogin}");
        }
    }

    private static async Task AssertShowsAsync(IPage page, (IReadOnlyList<Month> Months, IReadOnlyList<FlagOutreachOutcome> Outreach) expected)
    {
        Assert.Equal(expected.Months.Count, await page.Locator("#months tbody tr").CountAsync());
        foreach (var month in expected.Months)
        {
            var row = page.Locator($"#months tr[data-month='{month.Start:yyyy-MM}']");
            var t = month.FollowThrough;
            var p = month.Promptness;
            Assert.Equal(
                [Count(t.Raised), Count(t.Matured), Count(t.DroppedOutWithinHorizon), Share(t.DroppedOutWithinHorizon, t.Matured), Count(t.Reviewed),
                 t.MedianDaysToReview is { } median ? median.ToString("0.#", CultureInfo.InvariantCulture) : "—",
                 p is null || p.Due == 0 ? "—" : $"{p.ReviewedWithin} of {p.Due}: {Share(p.ReviewedWithin, p.Due)}"],
                await row.Locator("td").AllInnerTextsAsync());
        }

        Assert.Equal(expected.Outreach.Count, await page.Locator("#outreach tbody tr").CountAsync());
        foreach (var o in expected.Outreach)
        {
            var retained = o.Matured - o.DroppedOutWithinHorizon;
            Assert.Equal(
                [Count(o.Flags), Count(o.StillInCare), Count(o.Completed), Count(o.Matured), $"{retained}: {Share(retained, o.Matured)}"],
                await page.Locator($"#outreach tr[data-action='{o.Action}'] td").AllInnerTextsAsync());
        }
    }

    private async Task<(IReadOnlyList<Month> Months, IReadOnlyList<FlagOutreachOutcome> Outreach)> ExpectedAsync(string? facility)
    {
        var store = new FlagStore(server.Database.DataSource);
        var through = Today;
        var year = ReportingPeriod.TrailingYear(through);
        var promptness = (await store.FollowThroughByMonthAsync(year, facility, through, ReviewWithinDays)).Select(m => m.Promptness).ToList();
        var months = new List<Month>();
        for (var start = year.Start; start <= through; start = start.AddMonths(1))
        {
            var followThrough = await store.FollowThroughAsync(ReportingPeriod.MonthOf(start), facility, through);
            if (followThrough.Raised > 0)
            {
                months.Add(new Month(start, followThrough, promptness.SingleOrDefault(p => p.Month == start)));
            }
        }

        return (months, await store.OutreachOutcomesAsync(year, facility, through));
    }

    private async Task ReviewPastFlagsAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (s_reviewed)
            {
                return;
            }

            var scorer = new RiskScorer(server.Database.DataSource);
            await scorer.ScoreAsync(Today.AddDays(-75), 10);
            await scorer.ScoreAsync(Today.AddDays(-45), 10);
            var store = new FlagStore(server.Database.DataSource);
            var past = (await store.ListAsync(null, [FlagStatus.Open])).Where(f => f.RaisedOn < Today).OrderBy(f => f.FlagId).ToList();
            Assert.True(past.Count >= 12, $"the past scorings raised {past.Count} flags");
            for (var i = 0; i < past.Count; i++)
            {
                var at = new DateTimeOffset(past[i].RaisedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).AddDays(i % 6);
                if (i % 3 == 1)
                {
                    await store.ReviewAsync(new FlagReview(past[i].FlagId, FlagStatus.Dismissed, "counsellor", null, null, "attending again"), at);
                    continue;
                }

                await store.ReviewAsync(new FlagReview(past[i].FlagId, FlagStatus.Acknowledged, "quality_analyst", null, null, null), at);
                await store.ReviewAsync(new FlagReview(
                    past[i].FlagId, FlagStatus.OutreachDone, "case_manager", null, i % 3 == 0 ? "phone_call" : "in_person", "reached"), at.AddHours(5));
            }

            s_reviewed = true;
        }
        finally
        {
            Once.Release();
        }
    }

    private static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The page's share, written out here from the Wilson interval: "41.2% (27.0–56.8%)", or a dash of nothing.</summary>
    private static string Share(int events, int total)
    {
        if (total == 0)
        {
            return "—";
        }

        var interval = WilsonInterval.For(events, total);
        return string.Create(CultureInfo.InvariantCulture, $"{100.0 * events / total:0.0}% ({100 * interval.Lower:0.0}–{100 * interval.Upper:0.0}%)");
    }

    private sealed record Month(DateOnly Start, FlagFollowThrough FollowThrough, FlagReviewPromptness? Promptness);
}
