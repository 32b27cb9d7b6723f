using Dapper;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// Each episode carries the earliest admission, after its discharge, of another episode of its patient
/// (<c>episode.next_admitted_on</c>, migration 0040), kept by triggers; readmission reads it instead of joining the
/// patients' episodes. It must agree with the episodes after loads, a re-load, corrected discharges and admissions, an
/// episode moved to another patient and a delete. <see cref="SessionWeekTests.Disagreements"/> checks it against the
/// episodes as well, in every test of the summaries and of the bulk merge.
/// </summary>
public sealed class NextAdmissionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // The base: E1 (P1, PHP, 5 to 23 January, transferred to E2), E2 (P1, IOP, 26 January to 20 March), E3 (P2, IOP from
    // 2 February; still in care).
    private const string Later = """
        F1,E4,P1,IOP,2026-04-01,,,,no
        F1,E5,P3,IOP,2026-02-10,2026-02-28,dropped_out,,no

        """;

    [Fact]
    public async Task The_next_admission_follows_loads_corrections_a_move_to_another_patient_and_a_delete()
    {
        using var drop = DropFolder.WithBase();
        await IngestHarness.IngestAsync(database, drop);

        // E2 follows E1's discharge; E2 and E3 have no later admission (E3 is open).
        Assert.Equal([("E1", "2026-01-26"), ("E2", null), ("E3", null)], await NextDaysAsync(drop.Facility));

        // E4 admits P1 again after E2; E5 is P3's only episode.
        drop.Write("episodes.csv", DropFolder.EpisodesCsv + Later);
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal([("E1", "2026-01-26"), ("E2", "2026-04-01"), ("E3", null), ("E4", null), ("E5", null)], await NextDaysAsync(drop.Facility));

        // The same file again changes nothing.
        Assert.Equal(0, (await IngestHarness.IngestAsync(database, drop, force: true)).File("episodes.csv").RowsUpdated);
        Assert.Equal([("E1", "2026-01-26"), ("E2", "2026-04-01"), ("E3", null), ("E4", null), ("E5", null)], await NextDaysAsync(drop.Facility));

        // A new episode of P1 on 25 March comes before E4: it brings E2's day forward (and E1's stays E2's admission).
        drop.Write("episodes.csv", DropFolder.EpisodesCsv + Later + "F1,E6,P1,IOP,2026-03-25,2026-03-27,completed,,no\n");
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal(
            [("E1", "2026-01-26"), ("E2", "2026-03-25"), ("E3", null), ("E4", null), ("E5", null), ("E6", "2026-04-01")],
            await NextDaysAsync(drop.Facility));

        // Corrections: E2 was discharged on 28 March, after E6's admission, so its next is E4; E6 belongs to P3 (after E5's
        // discharge); E3 was discharged on 5 April (nothing of P2 after it).
        drop.Write("episodes.csv", DropFolder.EpisodesCsv
            .Replace("F1,E2,P1,IOP,2026-01-26,2026-03-20,", "F1,E2,P1,IOP,2026-01-26,2026-03-28,", StringComparison.Ordinal)
            .Replace("F1,E3,P2,IOP,2026-02-02,,,,no", "F1,E3,P2,IOP,2026-02-02,2026-04-05,completed,,no", StringComparison.Ordinal)
            + Later + "F1,E6,P3,IOP,2026-03-25,2026-03-27,completed,,no\n");
        Assert.Equal(3, (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv").RowsUpdated);
        Assert.Equal(
            [("E1", "2026-01-26"), ("E2", "2026-04-01"), ("E3", null), ("E4", null), ("E5", "2026-03-25"), ("E6", null)],
            await NextDaysAsync(drop.Facility));

        // E4's admission corrected to 10 April, then E4 deleted: E2 has no later admission left.
        drop.Write("episodes.csv", DropFolder.EpisodesCsv
            .Replace("F1,E2,P1,IOP,2026-01-26,2026-03-20,", "F1,E2,P1,IOP,2026-01-26,2026-03-28,", StringComparison.Ordinal)
            .Replace("F1,E3,P2,IOP,2026-02-02,,,,no", "F1,E3,P2,IOP,2026-02-02,2026-04-05,completed,,no", StringComparison.Ordinal)
            + Later.Replace("2026-04-01", "2026-04-10", StringComparison.Ordinal) + "F1,E6,P3,IOP,2026-03-25,2026-03-27,completed,,no\n");
        Assert.Equal(1, (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv").RowsUpdated);
        Assert.Equal("2026-04-10", (await NextDaysAsync(drop.Facility)).Single(e => e.Episode == "E2").NextDay);
        await ExecuteAsync("delete from episode where facility_id = @Facility and source_episode_id = 'E4'", drop.Facility);
        Assert.Equal(
            [("E1", "2026-01-26"), ("E2", null), ("E3", null), ("E5", "2026-03-25"), ("E6", null)],
            await NextDaysAsync(drop.Facility));
        Assert.Equal(0, await database.ScalarAsync<long>(SessionWeekTests.Disagreements));
    }

    private async Task ExecuteAsync(string sql, string facility)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, new { Facility = facility });
    }

    private async Task<List<(string Episode, string? NextDay)>> NextDaysAsync(string facility) =>
        [.. await database.QueryAsync<(string, string?)>(
            """
            select source_episode_id, to_char(next_admitted_on, 'YYYY-MM-DD')
            from episode where facility_id = @Facility
            order by 1
            """, new { Facility = facility })];
}
