using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Worklist;

/// <summary>
/// The pages against WCAG 2.1 A and AA as axe-core checks them in the browser (Deque's axe-core 4.14 for Playwright):
/// the sign-in page with a refusal shown, the worklist with a flag's review steps open, with a source id shown, and
/// with every flag's history of reviews open; the not-on-track list with its curves.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class AccessibilityTests(WebServer server)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [ChromiumFact]
    public async Task The_sign_in_page_and_the_worklist_have_no_WCAG_2_1_AA_violation_axe_core_finds()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(server.ReporterLogin, WebServer.Password);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await AssertNoViolationsAsync(browser.Page);

        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await browser.Page.Locator("tbody tr").First.Locator("details.review summary").ClickAsync();
        await AssertNoViolationsAsync(browser.Page);

        // A source id shown (the confidential box), and the histories of reviewed flags open, with their sparklines.
        var page = browser.Page;
        var last = page.Locator("tbody tr").Last;
        await last.Locator("details.show-id summary").ClickAsync();
        await last.GetByRole(AriaRole.Button, new() { Name = "Show id", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#shown-id")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await page.GotoAsync("/worklist?status=all");
        foreach (var history in await page.Locator("details.history summary").AllAsync())
        {
            await history.ClickAsync();
        }

        await AssertNoViolationsAsync(page);
    }

    [ChromiumFact]
    public async Task The_not_on_track_list_with_its_curves_open_and_a_source_id_shown_has_no_WCAG_2_1_AA_violation_axe_core_finds()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await page.GotoAsync("/worklist/not-on-track");
        Assert.True(await page.Locator("svg.recovery").CountAsync() > 0, "the list shows no curve");
        await page.Locator("details.curves summary").ClickAsync();
        await AssertNoViolationsAsync(page);

        // A source id shown through the dropout flag of a patient off track: on whichever page of the list has one.
        var row = page.Locator("table.not-on-track tbody tr:has(details.show-id)").First;
        while (await row.CountAsync() == 0)
        {
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Next") }).First.ClickAsync();
        }

        await row.Locator("details.show-id summary").ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Show id", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#shown-id")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
    }

    private static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(WcagAa);
        // axe ran its rules on the page (contrast, labels, names, language, ...): a page it could not read passes nothing.
        Assert.True(result.Passes.Length >= 10, $"axe-core passed only {result.Passes.Length} rules on {page.Url}");
        Assert.Empty(result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
    }
}
