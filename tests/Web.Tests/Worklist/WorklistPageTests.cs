using System.Globalization;
using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Worklist;

/// <summary>
/// The quality team's worklist in a real browser against <c>outcomes serve</c>: signed in with a login of
/// <c>outcomes access</c>, every query runs as that login, so row-level security decides what it sees and may review.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class WorklistPageTests(WebServer server)
{
    [ChromiumFact]
    public async Task A_quality_analyst_acknowledges_the_highest_risk_open_flag_which_leaves_the_open_list_and_enters_the_audit_trail_under_the_login()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await page.GotoAsync("/worklist");
        Assert.EndsWith("/sign-in?ReturnUrl=%2Fworklist", page.Url, StringComparison.Ordinal);
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        Assert.EndsWith("/worklist", page.Url, StringComparison.Ordinal);

        // The first page of the open or acknowledged flags of both facilities, highest risk first, each with its reasons in words.
        var expected = await server.Database.QueryAsync<long>(
            "select flag_id from risk_flag where status in ('open', 'acknowledged') order by probability desc, raised_on desc, flag_id");
        Assert.Equal(expected.Take(WebServer.WorklistPageSize), await FlagsShownAsync(page));
        Assert.Contains($"Flags 1–{WebServer.WorklistPageSize} of {expected.Count}, highest risk first", await page.Locator("p.note").First.InnerTextAsync(), StringComparison.Ordinal);
        var risks = (await page.Locator("td.risk").AllInnerTextsAsync()).Select(t => int.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(risks.OrderByDescending(r => r), risks);
        Assert.All(await page.Locator("ul.reasons").AllInnerTextsAsync(), r => Assert.Matches("risk", r));
        Assert.Contains(await page.Locator("td.suggested").AllInnerTextsAsync(), s => s != "nothing beyond the care plan");
        // The screenshot of docs/: the highest risk's review steps open, as a reviewer sees them.
        await page.Locator("tbody tr").First.Locator("details.review summary").ClickAsync();
        Directory.CreateDirectory(Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images", "web-worklist.png") });

        await page.GotoAsync("/worklist?status=open");
        var first = page.Locator("tbody tr").First;
        var flag = long.Parse((await first.GetAttributeAsync("data-flag"))!, CultureInfo.InvariantCulture);
        Assert.Equal(await server.Database.ScalarAsync<long>("select flag_id from risk_flag where status = 'open' order by probability desc, raised_on desc, flag_id limit 1"), flag);
        await first.GetByText($"Review flag {flag}").ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Flag {flag} was reviewed");
        Assert.Equal(0, await page.Locator($"#flag-{flag}").CountAsync());
        Assert.Equal("acknowledged", await server.Database.ScalarAsync<string>("select status from risk_flag where flag_id = @Flag", new { Flag = flag }));
        var audit = await server.Database.QueryAsync<(string User, string Role, string Detail)>(
            "select database_user, acting_role, detail from audit_event where action = 'flag.review' and subject = @Subject", new { Subject = $"flag {flag}" });
        Assert.Equal((server.QualityLogin, "outcomes_analyst", "open -> acknowledged by quality_analyst"), Assert.Single(audit));

        // The next step: outreach done, with what was done and its outcome, kept with the review.
        await page.GotoAsync("/worklist?status=acknowledged");
        var row = page.Locator($"#flag-{flag}");
        await row.Locator("details.review summary").ClickAsync();
        await row.GetByLabel("Outreach").SelectOptionAsync("phone_call");
        await row.GetByLabel("Outcome").FillAsync("reached; attends Thursday");
        await row.GetByRole(AriaRole.Button, new() { Name = "Outreach done" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Flag {flag} was reviewed");
        Assert.Equal(0, await page.Locator($"#flag-{flag}").CountAsync());
        Assert.Equal(("outreach_done", "phone_call", "reached; attends Thursday"), Assert.Single(await server.Database.QueryAsync<(string, string, string)>(
            "select to_status, action, note from risk_flag_review where flag_id = @Flag order by review_id desc limit 1", new { Flag = flag })));
        Assert.Equal(2, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'flag.review' and subject = @Subject and database_user = @Login",
            new { Subject = $"flag {flag}", Login = server.QualityLogin }));
    }

    [ChromiumFact]
    public async Task A_facility_limited_login_sees_only_its_facility_and_cannot_review_another_facilitys_flag_by_editing_the_url_or_the_form()
    {
        var (own, other) = (server.Facilities[0], server.Facilities[1]);
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.LimitedLogin, WebServer.Password);

        var facilities = (await page.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(t => t.Split(" · ")[0]).Distinct();
        Assert.Equal([own], facilities);
        Assert.Equal(["", own], await page.Locator("select[name=facility] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        await page.GotoAsync($"/worklist?facility={other}&status=all");
        Assert.Equal(0, await page.Locator("tbody tr").CountAsync());

        // The review form of an own flag, edited to name another facility's open flag, then sent.
        var target = await server.Database.ScalarAsync<long>("select flag_id from risk_flag where facility_id = @Other and status = 'open' order by probability, flag_id limit 1", new { Other = other });
        await page.GotoAsync("/worklist?status=open");
        var row = page.Locator("tbody tr").First;
        await row.Locator("details.review summary").ClickAsync();
        var form = row.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }) });
        await form.Locator("input[name=flagId]").EvaluateAsync("(input, id) => input.value = id", target.ToString(CultureInfo.InvariantCulture));
        await form.GetByLabel("Reason").FillAsync("not ours");
        var response = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"there is no flag {target}");
        Assert.Equal("open", await server.Database.ScalarAsync<string>("select status from risk_flag where flag_id = @Flag", new { Flag = target }));
        Assert.Equal(0, await server.Database.ScalarAsync<long>("select count(*) from risk_flag_review where flag_id = @Flag", new { Flag = target }));
    }

    [ChromiumFact]
    public async Task Choosing_a_counsellor_narrows_the_worklist_to_that_counsellors_flags_and_each_flag_names_its_counsellor()
    {
        const string counsellorsOfFlags = """
            select distinct e.counsellor from risk_flag f join episode e on e.episode_key = f.episode_key
            where e.counsellor is not null and (@Facility::text is null or f.facility_id = @Facility) order by 1
            """;
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);

        var choices = await page.Locator("select[name=counsellor] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        var counsellors = await server.Database.QueryAsync<string>(counsellorsOfFlags, new { Facility = (string?)null });
        Assert.Equal(["", .. counsellors], choices);
        var everyone = await server.Database.ScalarAsync<long>("select count(*) from risk_flag where status in ('open', 'acknowledged')");
        Assert.All(await page.Locator("td.counsellor").AllInnerTextsAsync(), c => Assert.Matches("^C-FAC[0-9]{2}-[0-9]{2}$", c));

        // The counsellor with the most open or acknowledged flags: fewer than all of them, more than none.
        var (counsellor, theirs) = (await server.Database.QueryAsync<(string Counsellor, long Flags)>("""
            select e.counsellor, count(*) from risk_flag f join episode e on e.episode_key = f.episode_key
            where f.status in ('open', 'acknowledged') group by 1 order by 2 desc, 1 limit 1
            """)).Single();
        await page.Locator("select[name=counsellor]").SelectOptionAsync(counsellor);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("counsellor=" + counsellor, StringComparison.Ordinal));

        Assert.InRange(theirs, 1, everyone - 1);
        Assert.Equal(Math.Min(theirs, WebServer.WorklistPageSize), await page.Locator("tbody tr").CountAsync());
        Assert.All(await page.Locator("td.counsellor").AllInnerTextsAsync(), c => Assert.Equal(counsellor, c));
        Assert.Equal(counsellor, await page.Locator("select[name=counsellor]").InputValueAsync());

        // A facility-limited login chooses among its own facility's counsellors only.
        await using var limited = await Browser.OpenAsync(server.BaseUrl);
        await limited.SignInAsync(server.LimitedLogin, WebServer.Password);
        var ownCounsellors = await server.Database.QueryAsync<string>(counsellorsOfFlags, new { Facility = server.Facilities[0] });
        var limitedChoices = await limited.Page.Locator("select[name=counsellor] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        Assert.Equal(["", .. ownCounsellors], limitedChoices);
        Assert.All(ownCounsellors, c => Assert.StartsWith($"C-{server.Facilities[0]}-", c, StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task The_worklist_comes_a_page_at_a_time_and_its_next_and_previous_links_reached_by_keyboard_keep_the_filters()
    {
        // Every flag of the level of care with more flags, in every status: more than a page of them.
        var level = await server.Database.ScalarAsync<string>("""
            select p.level_of_care from risk_flag f join episode e on e.episode_key = f.episode_key join program p on p.program_key = e.program_key
            group by 1 order by count(*) desc, 1 limit 1
            """);
        var expected = await server.Database.QueryAsync<long>("""
            select f.flag_id from risk_flag f join episode e on e.episode_key = f.episode_key join program p on p.program_key = e.program_key
            where p.level_of_care = @Level order by f.probability desc, f.raised_on desc, f.flag_id
            """, new { Level = level });
        Assert.True(expected.Count > WebServer.WorklistPageSize, $"the cohort has {expected.Count} flags of {level}");
        var pages = (expected.Count + WebServer.WorklistPageSize - 1) / WebServer.WorklistPageSize;
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await page.GotoAsync($"/worklist?level={level}&status=all");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Previous" }).CountAsync());

        // Forward from the first page by the "Next" links, each reached with Tab and followed with Enter.
        var shown = new List<long>();
        for (var n = 1; ; n++)
        {
            var flags = await FlagsShownAsync(page);
            Assert.Equal(expected.Skip(shown.Count).Take(WebServer.WorklistPageSize), flags);
            Assert.Equal(level, await page.Locator("select[name=level]").InputValueAsync());
            Assert.Equal("all", await page.Locator("select[name=status]").InputValueAsync());
            var counted = $"Flags {shown.Count + 1}–{shown.Count + flags.Count} of {expected.Count}";
            Assert.All(await page.GetByRole(AriaRole.Navigation, new() { NameRegex = new("^Pages of flags") }).AllInnerTextsAsync(),
                pager => Assert.Contains(counted, pager, StringComparison.Ordinal));
            shown.AddRange(flags);
            var next = page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Next [0-9]+ flags$") });
            if (n == pages)
            {
                Assert.Equal(0, await next.CountAsync());
                break;
            }

            // Above the list and below it: the one above is reached first.
            Assert.Equal(2, await next.CountAsync());
            await TabUntilAsync(page, await next.First.InnerTextAsync());
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains($"start={shown.Count + 1}", StringComparison.Ordinal));
        }

        Assert.Equal(expected, shown);
        // And back by "Previous", with the same filters.
        var previous = page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Previous [0-9]+ flags$") }).Last;
        await previous.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains($"start={((pages - 1) * WebServer.WorklistPageSize) + 1}", StringComparison.Ordinal));
        Assert.Equal(expected.Skip((pages - 2) * WebServer.WorklistPageSize).Take(WebServer.WorklistPageSize), await FlagsShownAsync(page));
        Assert.Equal(level, await page.Locator("select[name=level]").InputValueAsync());

        // A start past the end (flags left the list since the link was made) shows the last page.
        await page.GotoAsync($"/worklist?level={level}&status=all&start={expected.Count + 50}");
        Assert.Equal(expected.Skip((pages - 1) * WebServer.WorklistPageSize), await FlagsShownAsync(page));
    }

    [ChromiumFact]
    public async Task A_post_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        // The lowest risk of the first facility: a flag no other test of the class reviews.
        var flag = await server.Database.ScalarAsync<long>(
            "select flag_id from risk_flag where facility_id = @Own and status = 'open' order by probability, flag_id limit 1", new { Own = server.Facilities[0] });
        var reviews = await server.Database.ScalarAsync<long>("select count(*) from risk_flag_review");

        // The browser's own session cookie goes with the request; only the form's token is missing.
        var form = browser.Context.APIRequest.CreateFormData();
        form.Set("flagId", flag.ToString(CultureInfo.InvariantCulture));
        form.Set("toStatus", "dismissed");
        form.Set("reviewerRole", "quality_analyst");
        form.Set("note", "forged");
        var response = await browser.Context.APIRequest.PostAsync("/worklist?handler=Review", new() { Form = form });

        Assert.Equal(400, response.Status);
        Assert.Equal("open", await server.Database.ScalarAsync<string>("select status from risk_flag where flag_id = @Flag", new { Flag = flag }));
        Assert.Equal(reviews, await server.Database.ScalarAsync<long>("select count(*) from risk_flag_review"));
    }

    /// <summary>The flags of the worklist's rows, top to bottom.</summary>
    private static async Task<List<long>> FlagsShownAsync(IPage page) =>
        [.. (await page.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.flag)")).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];

    /// <summary>Presses Tab until the focused element's text is <paramref name="name"/>; fails after 300 presses.</summary>
    private static async Task TabUntilAsync(IPage page, string name)
    {
        for (var i = 0; i < 300; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').trim()") == name)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached '{name}'");
    }
}
