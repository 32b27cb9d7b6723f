using Dapper;
using Outcomes.Analytics.Definitions;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// The monthly attendance summary (session_month, migration 0017) marks, per month, the Mondays whose week reached
/// each ASAM minimum. Its minimums are written in SQL; these tests hold them to the definitions the analysis uses.
/// </summary>
public sealed class SessionMonthTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_week_counts_as_met_from_exactly_the_minimum_of_the_definitions_and_not_a_minute_below()
    {
        // February 2026 starts on a Sunday: its Mondays are the 2nd, 9th, 16th and 23rd (bits 0 to 3).
        // Episode 1: the week of the 2nd reaches the IOP minimum exactly, the week of the 9th misses it by a minute.
        // Episode 2: the week of the 16th reaches the PHP minimum exactly, the week of the 23rd misses it by a minute
        // (both reach the IOP minimum). A row of the 1st (a week that started in January) never sets a bit.
        var iop = OutcomeDefinitions.AsamMinimumWeeklyMinutesIop;
        var php = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("create temp table weeks (like session_week)");
        await connection.ExecuteAsync(
            """
            insert into weeks (episode_key, week_start, month_start, attended_minutes, week_attended_minutes)
            values (1, '2026-01-26', '2026-02-01', 600, @Php),
                   (1, '2026-02-02', '2026-02-01', @Iop, @Iop),
                   (1, '2026-02-09', '2026-02-01', @Iop - 1, @Iop - 1),
                   (2, '2026-02-16', '2026-02-01', @Php, @Php),
                   (2, '2026-02-23', '2026-02-01', @Php - 1, @Php - 1)
            """,
            new { Iop = iop, Php = php });

        var months = (await connection.QueryAsync<(long Episode, int Attended, int IopMet, int PhpMet)>(
            "select episode_key, attended_minutes, iop_weeks_met, php_weeks_met from session_month_rows('pg_temp.weeks') order by 1")).ToList();

        Assert.Equal([(1L, 600 + iop + iop - 1, 0b0001, 0), (2L, php + php - 1, 0b1100, 0b0100)], months);
    }
}
