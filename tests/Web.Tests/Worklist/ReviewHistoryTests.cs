using System.Globalization;
using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Worklist;

/// <summary>
/// Each flag's history of reviews on the worklist: who (the login, as the server recorded it) did what, when, with the
/// outreach's outcome or the dismissal's reason; and the keyboard alone reaching and confirming a review.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ReviewHistoryTests(WebServer server)
{
    [ChromiumFact]
    public async Task A_review_made_with_the_keyboard_alone_appears_in_the_flags_history_with_the_login_the_server_recorded()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        // The second facility's open flags: the first row's review steps, reached by Tab from the top of the page.
        await page.GotoAsync($"/worklist?facility={server.Facilities[1]}&status=open");
        var first = page.Locator("tbody tr").First;
        var flag = long.Parse((await first.GetAttributeAsync("data-flag"))!, CultureInfo.InvariantCulture);
        var summary = $"Review flag {flag}";

        await TabUntilAsync(page, summary);
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(first.Locator("details:has(> summary:text-is('" + summary + "'))")).ToHaveAttributeAsync("open", "");
        // Into the open steps: the role, then the first step's button, confirmed with Enter.
        await TabUntilAsync(page, "Acknowledge");
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Flag {flag} was reviewed");

        // Then dismissed with a reason, and both steps listed in the flag's history, oldest first, under the login.
        await page.GotoAsync($"/worklist?status=acknowledged&facility={server.Facilities[1]}");
        var row = page.Locator($"#flag-{flag}");
        await row.GetByText(summary).ClickAsync();
        await row.GetByLabel("Reason").FillAsync("in hospital this week");
        await row.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Flag {flag} was reviewed");

        await page.GotoAsync($"/worklist?status=dismissed&facility={server.Facilities[1]}");
        row = page.Locator($"#flag-{flag}");
        await row.GetByText($"History of flag {flag} (2)").ClickAsync();
        var steps = await row.Locator("details.history li").AllInnerTextsAsync();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Contains(WebServer.QualityLoginName, s, StringComparison.Ordinal));
        Assert.Contains("open → acknowledged", steps[0], StringComparison.Ordinal);
        Assert.Contains("acknowledged → dismissed", steps[1], StringComparison.Ordinal);
        Assert.EndsWith("; in hospital this week", steps[1], StringComparison.Ordinal);
        // The login the page shows is the one the database filled in, the same as the audit trail's.
        Assert.Equal([server.QualityLogin, server.QualityLogin], await server.Database.QueryAsync<string>(
            "select reviewed_by from risk_flag_review where flag_id = @Flag order by review_id", new { Flag = flag }));
        Assert.Equal(2, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'flag.review' and subject = @Subject and database_user = @Login",
            new { Subject = $"flag {flag}", Login = server.QualityLogin }));
    }

    [Fact]
    public async Task The_login_of_a_review_step_is_the_servers_even_when_a_client_writes_another()
    {
        await using var analyst = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server.Database.ConnectionString)
        {
            Username = server.LimitedLogin, Password = WebServer.Password, Options = "-c role=outcomes_analyst",
        }.ConnectionString);
        await analyst.OpenAsync();
        var flag = await server.Database.ScalarAsync<long>(
            "select flag_id from risk_flag where facility_id = @Own and status = 'open' order by probability, flag_id offset 1 limit 1", new { Own = server.Facilities[0] });
        await using (var insert = new Npgsql.NpgsqlCommand("""
            insert into risk_flag_review (flag_id, from_status, to_status, reviewer_role, reviewed_at, reviewed_by)
            values (@Flag, 'open', 'acknowledged', 'nurse', now(), 'somebody_else');
            update risk_flag_review set reviewed_by = 'somebody_else' where flag_id = @Flag;
            """, analyst))
        {
            insert.Parameters.AddWithValue("Flag", flag);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal([server.LimitedLogin], await server.Database.QueryAsync<string>(
            "select reviewed_by from risk_flag_review where flag_id = @Flag", new { Flag = flag }));
    }

    [Fact]
    public async Task The_facility_of_a_review_step_is_its_flags_even_when_a_client_writes_another()
    {
        var (own, other) = (server.Facilities[0], server.Facilities[1]);
        await using var analyst = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server.Database.ConnectionString)
        {
            Username = server.LimitedLogin, Password = WebServer.Password, Options = "-c role=outcomes_analyst",
        }.ConnectionString);
        await analyst.OpenAsync();
        var flag = await server.Database.ScalarAsync<long>(
            "select flag_id from risk_flag where facility_id = @Own and status = 'open' order by probability, flag_id offset 2 limit 1", new { Own = own });
        // Written as another facility's step, then moved to another facility: row-level security keys the steps on it.
        await using (var insert = new Npgsql.NpgsqlCommand("""
            insert into risk_flag_review (flag_id, from_status, to_status, reviewer_role, reviewed_at, facility_id)
            values (@Flag, 'open', 'acknowledged', 'nurse', now(), @Other);
            update risk_flag_review set facility_id = @Other where flag_id = @Flag;
            """, analyst))
        {
            insert.Parameters.AddWithValue("Flag", flag);
            insert.Parameters.AddWithValue("Other", other);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal([own], await server.Database.QueryAsync<string>(
            "select facility_id from risk_flag_review where flag_id = @Flag", new { Flag = flag }));
    }

    /// <summary>Presses Tab until the focused element's text is <paramref name="name"/>; fails after 200 presses.</summary>
    private static async Task TabUntilAsync(IPage page, string name)
    {
        for (var i = 0; i < 200; i++)
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
