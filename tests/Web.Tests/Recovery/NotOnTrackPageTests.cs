using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Analytics.Runs;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Recovery;

/// <summary>
/// The worklist's not-on-track list (issue 26) in a real browser, over the generated cohort's version-2 files (its
/// assessments.csv): reached from the flags by keyboard; every patient <c>outcomes flags not-on-track</c> lists, across the
/// pages, each with the curve drawn (inline SVG with its text alternative) and its scores as stored; a facility-limited
/// login sees its facility's patients only (row-level security on its own connection); no patient id on the page but
/// through the audited "show id" of the episode's dropout flag.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class NotOnTrackPageTests(WebServer server)
{
    [ChromiumFact]
    public async Task The_quality_team_reaches_the_list_by_keyboard_and_sees_every_patient_off_track_with_the_curve_and_the_scores_stored()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await TabToAsync(page, "Not on track (standardised scores)");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/worklist/not-on-track");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Not on track (standardised scores)" })).ToHaveAttributeAsync("aria-current", "page");

        var (day, list) = await ExpectedAsync(null);
        Assert.True(list.Patients.Select(p => p.FacilityId).Distinct().Count() == 2, "the web tests need patients off track in both facilities");
        var shown = await AllRowsAsync(page);
        Assert.Equal(list.Patients.Select(p => (p.EpisodeKey, p.Instrument)).Order(), shown.Select(r => (r.Episode, r.Instrument)).Order());
        Assert.Contains($"{list.Patients.Count} patients in care on {day:yyyy-MM-dd}", await page.Locator("p.note").First.InnerTextAsync(), StringComparison.Ordinal);

        // Farthest beyond the band first, across the pages: points above its upper edge (every instrument tracked is
        // higher-is-worse) in widths of the band, so that PHQ-9 and PCL-5 compare; ties by episode.
        var order = list.Patients.OrderByDescending(p => (p.Latest - p.Band.Upper) / (p.Band.Upper - p.Band.Lower))
            .ThenBy(p => p.EpisodeKey).ThenBy(p => p.Instrument, StringComparer.Ordinal).Select(p => (p.EpisodeKey, p.Instrument));
        Assert.Equal(order, shown.Select(r => (r.Episode, r.Instrument)));

        foreach (var row in shown)
        {
            // The scores as stored: the episode's totals on the instrument up to the day, oldest first; the last is the latest shown.
            var totals = await server.Database.QueryAsync<short>("""
                select a.total_score from assessment a
                where a.episode_key = @Episode and a.instrument = @Instrument and a.total_score is not null and a.administered_on <= @Day
                order by a.administered_on, a.assessment_key
                """, new { row.Episode, row.Instrument, Day = day });
            Assert.Equal(totals[^1], row.Latest);
            Assert.True(row.Latest > row.BandUpper - 0.05, $"episode {row.Episode}: {row.Latest} is not above its band's {row.BandUpper}");
            Assert.Equal($"{totals[0]} → {totals[^1]}", row.Change);
            Assert.Equal("img", row.Role);
            Assert.Equal(row.Label, row.Title);
            Assert.StartsWith($"{row.Instrument.ToUpperInvariant().Replace('_', '-')} at ", row.Label, StringComparison.Ordinal);
            Assert.Contains($"intake {totals[0]}", row.Label, StringComparison.Ordinal);
            // Every score a point: the earlier ones dots, the latest a square.
            Assert.Equal((totals.Count - 1, 1), (row.Dots, row.Squares));
        }

        // Nothing the Content-Security-Policy would block, and no patient's source id anywhere.
        await page.GotoAsync("/worklist/not-on-track");
        Assert.Equal(0, await page.Locator("[style], script, style").CountAsync());
        Assert.Empty(SourceIds().Matches(await page.ContentAsync()));

        // The screenshot of docs/: the first page of the list as the quality team opens it.
        var images = Path.Combine(RepositoryData.RepositoryRoot(), "docs", "images");
        Directory.CreateDirectory(images);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(images, "web-not-on-track.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task A_facility_limited_login_sees_only_its_facilitys_patients_off_track_against_curves_of_its_own_episodes()
    {
        var own = server.Facilities[0];
        var (_, list) = await ExpectedAsync(own);
        var (_, everyone) = await ExpectedAsync(null);
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.LimitedLogin, WebServer.Password);
        await page.GotoAsync("/worklist/not-on-track");

        var shown = await AllRowsAsync(page);
        Assert.NotEmpty(shown);
        Assert.All(shown, r => Assert.Equal(own, r.Facility));
        Assert.Equal(list.Patients.Select(p => (p.EpisodeKey, p.Instrument)).Order(), shown.Select(r => (r.Episode, r.Instrument)).Order());
        Assert.Equal(["", own], await page.Locator("select[name=facility] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));

        // Asking for the other facility by editing the address shows none of its patients.
        await page.GotoAsync($"/worklist/not-on-track?facility={server.Facilities[1]}");
        var others = everyone.Patients.Where(p => p.FacilityId != own).Select(p => p.EpisodeKey.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        Assert.DoesNotContain(await page.Locator("table.not-on-track tbody tr").EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.episode)"), others.Contains);
        Assert.Empty(SourceIds().Matches(await page.ContentAsync()));
    }

    [ChromiumFact]
    public async Task A_patients_source_id_shows_only_through_the_audited_show_id_of_the_episodes_dropout_flag()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        await page.GotoAsync("/worklist/not-on-track");
        var (day, list) = await ExpectedAsync(null);
        var flagged = await server.Database.QueryAsync<(long Episode, long Flag)>(
            "select episode_key, flag_id from risk_flag where episode_key = any(@Episodes) and status in ('open', 'acknowledged') order by flag_id",
            new { Episodes = list.Patients.Select(p => p.EpisodeKey).ToArray() });
        Assert.True(flagged.Count > 0, $"none of the {list.Patients.Count} patients off track on {day:yyyy-MM-dd} has an open dropout flag");

        // Every page: no source id, and a "show id" exactly where the episode has an open flag.
        var withShowId = new List<(long Episode, long Flag)>();
        while (true)
        {
            Assert.Empty(SourceIds().Matches(await page.ContentAsync()));
            foreach (var row in await page.Locator("table.not-on-track tbody tr").AllAsync())
            {
                var episode = long.Parse((await row.GetAttributeAsync("data-episode"))!, CultureInfo.InvariantCulture);
                if (await row.Locator("details.show-id").CountAsync() == 1)
                {
                    withShowId.Add((episode, long.Parse((await row.Locator("input[name=flagId]").InputValueAsync())!, CultureInfo.InvariantCulture)));
                }
            }

            var next = page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Next") }).First;
            if (await next.CountAsync() == 0)
            {
                break;
            }

            await next.ClickAsync();
        }

        Assert.Equal(flagged.Distinct().Order(), withShowId.Distinct().Order());

        var (target, flag) = flagged[0];
        await page.GotoAsync("/worklist/not-on-track");
        while (await page.Locator($"tr[data-episode='{target}']").CountAsync() == 0)
        {
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Next") }).First.ClickAsync();
        }

        var patient = await server.Database.ScalarAsync<string>("""
            select i.source_patient_id from episode e join patient_identity i on i.patient_key = e.patient_key where e.episode_key = @Episode
            """, new { Episode = target });
        const string views = "select count(*) from audit_event where action = 'view.source_id' and subject = @Subject and database_user = @Login";
        var before = await server.Database.ScalarAsync<long>(views, new { Subject = $"flag {flag}", Login = server.QualityLogin });
        var line = page.Locator($"tr[data-episode='{target}']").First;
        await line.Locator("details.show-id summary").ClickAsync();
        await line.GetByLabel("Purpose").SelectOptionAsync("to call the patient");
        await line.GetByRole(AriaRole.Button, new() { Name = "Show id", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#shown-id")).ToContainTextAsync($"Patient id {patient}");
        Assert.Equal(before + 1, await server.Database.ScalarAsync<long>(views, new { Subject = $"flag {flag}", Login = server.QualityLogin }));
        // The same list around it, the same page of it.
        Assert.Equal(1, await page.Locator($"tr[data-episode='{target}']").CountAsync());
    }

    /// <summary>What <c>outcomes flags not-on-track</c> lists on the data-through day, read as the test database's owner.</summary>
    private async Task<(DateOnly Day, NotOnTrackList List)> ExpectedAsync(string? facility)
    {
        await using var connection = await server.Database.DataSource.OpenConnectionAsync();
        var day = (await DataThrough.LatestAsync(connection))!.Value;
        return (day, await NotOnTrack.ListAsync(connection, facility, day));
    }

    /// <summary>Presses Tab from the top of the page until the link named <paramref name="name"/> has the focus.</summary>
    private static async Task TabToAsync(IPage page, string name)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''") == name)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached the link '{name}'");
    }

    /// <summary>Every row of the list, following its "Next" links.</summary>
    private static async Task<List<Row>> AllRowsAsync(IPage page)
    {
        var rows = new List<Row>();
        while (true)
        {
            foreach (var tr in await page.Locator("table.not-on-track tbody tr").AllAsync())
            {
                var svg = tr.Locator("svg.recovery");
                var expected = (await tr.Locator("td.expected .note").InnerTextAsync()).Split(" to ");
                var upper = double.Parse(expected[1], CultureInfo.InvariantCulture);
                rows.Add(new Row(
                    (await tr.Locator("td").First.InnerTextAsync()).Split(" · ")[0],
                    long.Parse((await tr.GetAttributeAsync("data-episode"))!, CultureInfo.InvariantCulture),
                    (await tr.GetAttributeAsync("data-instrument"))!,
                    int.Parse((await tr.Locator("td.latest").InnerTextAsync()).Split('\n')[0].Trim(), CultureInfo.InvariantCulture),
                    upper,
                    (await tr.Locator("td.change").InnerTextAsync()).Split(" (")[0].Trim(),
                    await svg.GetAttributeAsync("role"),
                    (await svg.GetAttributeAsync("aria-label"))!,
                    (await svg.Locator("title").TextContentAsync())!,
                    await svg.Locator("circle.score").CountAsync(),
                    await svg.Locator("rect.latest").CountAsync()));
            }

            var next = page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Next") }).First;
            if (await next.CountAsync() == 0)
            {
                return rows;
            }

            await next.ClickAsync();
        }
    }

    private sealed record Row(
        string Facility, long Episode, string Instrument, int Latest, double BandUpper, string Change,
        string? Role, string Label, string Title, int Dots, int Squares);

    // The synthetic cohort's source ids: patients P0000001, episodes E0000001 (src/Synthetic/Care).
    [GeneratedRegex(@"\b[PE]\d{7}\b")]
    private static partial Regex SourceIds();
}
