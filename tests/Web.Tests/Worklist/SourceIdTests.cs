using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Worklist;

/// <summary>
/// Source patient ids on the worklist: shown only to a role the database lets see them, only after an explicit "show id"
/// (a POST with its antiforgery token and a purpose), marked confidential, and each view in the audit trail under the
/// login; a role that may not see them gets none on any page, and the database refuses the call however it is made.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class SourceIdTests(WebServer server)
{
    [ChromiumFact]
    public async Task A_quality_analyst_sees_a_flags_source_id_only_after_asking_for_it_and_the_view_is_audited_under_the_login()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        // The worklist itself names no patient: ids only on request.
        Assert.Empty(SourceIds().Matches(await page.ContentAsync()));

        var row = page.Locator("tbody tr").First;
        var flag = long.Parse((await row.GetAttributeAsync("data-flag"))!, CultureInfo.InvariantCulture);
        var (patient, episode) = (await server.Database.QueryAsync<(string, string)>("""
            select i.source_patient_id, e.source_episode_id from risk_flag f join episode e on e.episode_key = f.episode_key
            join patient_identity i on i.patient_key = e.patient_key where f.flag_id = @Flag
            """, new { Flag = flag })).Single();
        const string views = "select count(*) from audit_event where action = 'view.source_id' and subject = @Subject";
        var before = await server.Database.ScalarAsync<long>(views, new { Subject = $"flag {flag}" });
        await row.Locator("details.show-id summary").ClickAsync();
        Assert.Equal($"Show id of flag {flag}", (await row.Locator("details.show-id summary").TextContentAsync())?.Trim());
        await row.GetByLabel("Purpose").SelectOptionAsync("to call the patient");
        var response = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Show id", Exact = true }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(200, response.Status);
        var shown = page.Locator("#shown-id");
        await Assertions.Expect(shown).ToContainTextAsync("CONFIDENTIAL");
        await Assertions.Expect(shown).ToContainTextAsync($"Patient id {patient} · episode id {episode}");
        Assert.DoesNotContain(patient, page.Url, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers["cache-control"], StringComparison.Ordinal);
        Assert.Equal(before + 1, await server.Database.ScalarAsync<long>(views, new { Subject = $"flag {flag}" }));
        var audit = await server.Database.QueryAsync<(string User, string Role, long Rows, string Detail)>("""
            select database_user, acting_role, row_count, detail from audit_event where action = 'view.source_id' and subject = @Subject
            order by chain_seq desc limit 1
            """, new { Subject = $"flag {flag}" });
        Assert.Equal((server.QualityLogin, "outcomes_analyst", 1L, "purpose: to call the patient"), Assert.Single(audit));

        // Shown once: the next page the login opens names no patient again.
        await page.GotoAsync("/worklist");
        Assert.Empty(SourceIds().Matches(await page.ContentAsync()));
    }

    [ChromiumFact]
    public async Task A_login_that_may_not_see_ids_gets_none_on_any_page_even_by_posting_the_form_by_hand()
    {
        var (own, other) = (server.Facilities[0], server.Facilities[1]);
        var target = await server.Database.ScalarAsync<long>(
            "select flag_id from risk_flag where facility_id = @Other order by probability desc, flag_id limit 1", new { Other = other });
        const string views = "select count(*) from audit_event where action = 'view.source_id' and database_user <> @Analyst";
        var before = await server.Database.ScalarAsync<long>(views, new { Analyst = server.QualityLogin });

        // The reporter role may not see ids: the database refuses it the function, whoever asks...
        await using (var reporter = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.Database.ConnectionString)
        {
            Username = server.ReporterLogin, Password = WebServer.Password, Options = "-c role=outcomes_reporter",
        }.ConnectionString))
        {
            await reporter.OpenAsync();
            await using var call = new NpgsqlCommand("select * from flag_source_id(@Flag, 'to call the patient')", reporter);
            call.Parameters.AddWithValue("Flag", target);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => call.ExecuteReaderAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // ...and the pages give it no session, so a "show id" posted by hand with its cookies gets the sign-in page.
        await using (var browser = await Browser.OpenAsync(server.BaseUrl))
        {
            await browser.SignInAsync(server.ReporterLogin, WebServer.Password);
            Assert.Empty(SourceIds().Matches(await browser.Page.ContentAsync()));
            var form = browser.Context.APIRequest.CreateFormData();
            form.Set("flagId", target.ToString(CultureInfo.InvariantCulture));
            form.Set("purpose", "to call the patient");
            var response = await browser.Context.APIRequest.PostAsync("/worklist?handler=ShowId", new() { Form = form });
            Assert.Contains("/sign-in", response.Url, StringComparison.Ordinal);
            Assert.Empty(SourceIds().Matches(await response.TextAsync()));
        }

        // A facility-limited analyst: every page of its own facility's flags names no patient, and the form of an own
        // flag edited to name another facility's flag, then sent with its token, gets no id; the refusal is audited.
        await using (var browser = await Browser.OpenAsync(server.BaseUrl))
        {
            var page = browser.Page;
            await browser.SignInAsync(server.LimitedLogin, WebServer.Password);
            foreach (var status in new[] { "active", "open", "acknowledged", "outreach_done", "dismissed", "all" })
            {
                await page.GotoAsync($"/worklist?status={status}");
                Assert.Empty(SourceIds().Matches(await page.ContentAsync()));
            }

            await page.GotoAsync($"/worklist?facility={own}");
            var row = page.Locator("tbody tr").First;
            await row.Locator("details.show-id summary").ClickAsync();
            await row.Locator("details.show-id input[name=flagId]").EvaluateAsync("(input, id) => input.value = id", target.ToString(CultureInfo.InvariantCulture));
            var response = await page.RunAndWaitForResponseAsync(
                () => row.GetByRole(AriaRole.Button, new() { Name = "Show id", Exact = true }).ClickAsync(), r => r.Request.Method == "POST");

            Assert.Equal(422, response.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"there is no flag {target}");
            Assert.Equal(0, await page.Locator("#shown-id").CountAsync());
            Assert.Empty(SourceIds().Matches(await page.ContentAsync()));
        }

        // One line more, and only the refusal: the reporter's call never ran.
        Assert.Equal(before + 1, await server.Database.ScalarAsync<long>(views, new { Analyst = server.QualityLogin }));
        var audit = await server.Database.QueryAsync<(string User, string Subject, long Rows)>(
            "select database_user, subject, row_count from audit_event where action = 'view.source_id' order by chain_seq desc limit 1");
        Assert.Equal((server.LimitedLogin, $"flag {target}", 0L), Assert.Single(audit));
    }

    // The synthetic cohort's source ids: patients P0000001, episodes E0000001 (src/Synthetic/Care).
    [GeneratedRegex(@"\b[PE]\d{7}\b")]
    private static partial Regex SourceIds();
}
