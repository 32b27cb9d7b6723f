using Dapper;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// Each episode carries the day of its first attended family session on or after its admission
/// (<c>episode.first_family_session_on</c>, migration 0037), kept by triggers; family involvement reads it instead of
/// the sessions. It must agree with the sessions after loads, re-loads, corrections, moves, deletes and a corrected
/// admission day. <see cref="SessionWeekTests.Disagreements"/> checks it against the sessions as well, in every test
/// of the summaries and of the bulk merge.
/// </summary>
public sealed class FirstFamilySessionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // E1 (PHP, 5 to 23 January), E2 (IOP, 26 January to 20 March), E3 (IOP from 2 February; still in care).
    private const string Sessions = DropFolder.SessionsHeader + """

        F1,A1,E2,2026-02-03,family,60,no_show,
        F1,A2,E2,2026-02-05,family,60,attended,60
        F1,A3,E2,2026-02-12,family,60,late,50
        F1,A4,E3,2026-02-10,group,60,attended,60
        F1,A5,E1,2026-01-20,family,60,left_early,30
        F1,A6,E3,2026-02-11,family,60,cancelled_by_program,

        """;

    [Fact]
    public async Task The_first_attended_family_day_follows_loads_corrections_deletes_and_a_corrected_admission()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        await IngestHarness.IngestAsync(database, drop);

        // A1 was a no-show and A6 cancelled: neither counts. E3 has no family session attended.
        Assert.Equal([("E1", "2026-01-20"), ("E2", "2026-02-05"), ("E3", null)], await FirstDaysAsync(drop.Facility));

        // The same file again changes nothing.
        Assert.Equal(0, (await IngestHarness.IngestAsync(database, drop, force: true)).File("sessions.csv").RowsUpdated);
        Assert.Equal([("E1", "2026-01-20"), ("E2", "2026-02-05"), ("E3", null)], await FirstDaysAsync(drop.Facility));

        // Corrections: A2 was in fact a no-show (E2's first is now A3 on the 12th); A4 was a family session; A5 belongs
        // to E3 on 3 February, before A4, so E1 has none left and E3's first is the 3rd.
        drop.Write("sessions.csv", Sessions
            .Replace("F1,A2,E2,2026-02-05,family,60,attended,60", "F1,A2,E2,2026-02-05,family,60,no_show,", StringComparison.Ordinal)
            .Replace("F1,A4,E3,2026-02-10,group,", "F1,A4,E3,2026-02-10,family,", StringComparison.Ordinal)
            .Replace("F1,A5,E1,2026-01-20,", "F1,A5,E3,2026-02-03,", StringComparison.Ordinal));
        Assert.Equal(3, (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv").RowsUpdated);
        Assert.Equal([("E1", null), ("E2", "2026-02-12"), ("E3", "2026-02-03")], await FirstDaysAsync(drop.Facility));

        // A3 deleted: E2 has no attended family session left.
        await ExecuteAsync("delete from attendance_session where facility_id = @Facility and source_session_id = 'A3'", drop.Facility);
        Assert.Equal([("E1", null), ("E2", null), ("E3", "2026-02-03")], await FirstDaysAsync(drop.Facility));

        // E3's admission corrected to 5 February: A5 on the 3rd now lies before it, so the first is A4 on the 10th.
        drop.Write("episodes.csv", DropFolder.EpisodesCsv.Replace("F1,E3,P2,IOP,2026-02-02,", "F1,E3,P2,IOP,2026-02-05,", StringComparison.Ordinal));
        Assert.Equal(1, (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv").RowsUpdated);
        Assert.Equal([("E1", null), ("E2", null), ("E3", "2026-02-10")], await FirstDaysAsync(drop.Facility));

        // A new session earlier than the stored first day brings it forward; a later one leaves it.
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,A7,E3,2026-02-06,family,60,attended,60
            F1,A8,E3,2026-02-20,family,60,attended,60

            """);
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal([("E1", null), ("E2", null), ("E3", "2026-02-06")], await FirstDaysAsync(drop.Facility));
        Assert.Equal(0, await database.ScalarAsync<long>(SessionWeekTests.Disagreements));
    }

    [Fact]
    public async Task Emptying_the_sessions_table_clears_every_episodes_first_day()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal([("E1", "2026-01-20"), ("E2", "2026-02-05"), ("E3", null)], await FirstDaysAsync(drop.Facility));

        // The class's own database: no other test class shares its sessions.
        await ExecuteAsync("truncate attendance_session", drop.Facility);
        Assert.Equal([("E1", null), ("E2", null), ("E3", null)], await FirstDaysAsync(drop.Facility));
        Assert.Equal(0, await database.ScalarAsync<long>(SessionWeekTests.Disagreements));
    }

    private async Task ExecuteAsync(string sql, string facility)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, new { Facility = facility });
    }

    private async Task<List<(string Episode, string? FirstDay)>> FirstDaysAsync(string facility) =>
        [.. await database.QueryAsync<(string, string?)>(
            """
            select source_episode_id, to_char(first_family_session_on, 'YYYY-MM-DD')
            from episode where facility_id = @Facility
            order by 1
            """, new { Facility = facility })];
}
