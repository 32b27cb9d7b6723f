using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Worklist;

/// <summary>
/// Each flag's recent attendance on the worklist: a sparkline of the sessions the patient was expected at in the last four
/// weeks (inline SVG, no style attribute, no script) with its text alternative, matching the sessions stored.
/// </summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class RecentAttendanceTests(WebServer server)
{
    [ChromiumFact]
    public async Task Every_flag_shows_a_sparkline_of_its_last_four_weeks_with_a_text_alternative_that_counts_the_sessions_stored()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var page = browser.Page;
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        var today = DateOnly.ParseExact(AsOf().Match(await page.Locator("p.note").First.InnerTextAsync()).Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        var rows = page.Locator("tbody tr");
        var count = await rows.CountAsync();
        Assert.True(count >= 5, $"the worklist shows {count} flags");
        var withMissed = 0;
        for (var i = 0; i < Math.Min(count, 15); i++)
        {
            var row = rows.Nth(i);
            var flag = long.Parse((await row.GetAttributeAsync("data-flag"))!, CultureInfo.InvariantCulture);
            // The sessions as stored, counted here from every session of the episode: the window and the statuses written out.
            var sessions = (await server.Database.QueryAsync<(DateTime Day, string Status)>("""
                select s.session_date::timestamp, s.status from attendance_session s join risk_flag f on f.episode_key = s.episode_key
                where f.flag_id = @Flag
                """, new { Flag = flag })).Select(s => (Day: DateOnly.FromDateTime(s.Day), s.Status)).ToList();
            var left = await server.Database.QueryAsync<DateTime?>(
                "select e.discharged_on::timestamp from episode e join risk_flag f on f.episode_key = e.episode_key where f.flag_id = @Flag", new { Flag = flag });
            var end = left.Single() is { } d && DateOnly.FromDateTime(d) < today ? DateOnly.FromDateTime(d) : today;
            var expected = sessions.Where(s => s.Day <= end && s.Day > end.AddDays(-28) && s.Status is not ("cancelled_by_program" or "excused")).ToList();
            var attended = expected.Count(s => s.Status is "attended" or "late" or "left_early");

            var spark = row.Locator("svg.spark");
            var words = expected.Count == 0 ? "no sessions expected in the last 4 weeks"
                : $"attended {attended} of {expected.Count} session{(expected.Count == 1 ? "" : "s")} in the last 4 weeks";
            Assert.Equal("img", await spark.GetAttributeAsync("role"));
            Assert.Equal(words, await spark.GetAttributeAsync("aria-label"));
            Assert.Equal(words, await spark.Locator("title").TextContentAsync());
            await Assertions.Expect(row.GetByRole(AriaRole.Img, new() { Name = words })).ToBeVisibleAsync();
            Assert.Equal(attended, await spark.Locator("rect.attended").CountAsync());
            Assert.Equal(expected.Count - attended, await spark.Locator("rect.missed").CountAsync());
            withMissed += expected.Count > attended ? 1 : 0;
        }

        // Flags are raised on falling attendance: some of them show missed sessions, or the check above checked little.
        Assert.True(withMissed > 0, "no flag shows a missed session");
        // Nothing the Content-Security-Policy would block: no inline style, no script, anywhere on the page.
        Assert.Equal(0, await page.Locator("[style], script, style").CountAsync());
    }

    [GeneratedRegex(@"as of (\d{4}-\d{2}-\d{2})")]
    private static partial Regex AsOf();
}
