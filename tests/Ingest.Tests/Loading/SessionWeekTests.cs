using Dapper;
using Npgsql;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// The weekly attendance summary (session_week, migration 0006) is kept by triggers on attendance_session; the
/// analyses read it instead of the sessions. It must agree with the sessions after every kind of write.
/// </summary>
public sealed class SessionWeekTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Sessions = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E1,2026-01-06,individual,60,no_show,
        F1,S3,E2,2026-01-27,family,90,late,75
        F1,S4,E3,2026-02-03,psychoeducation,120,left_early,60
        F1,S5,E3,2026-02-04,group,180,excused,
        F1,S6,E2,2026-02-01,group,180,attended,170

        """;

    /// <summary>
    /// Rows of the weekly and monthly summaries that a full recomputation from the sessions would not give, and the
    /// reverse. The months are recomputed here from the sessions directly, not through the summaries' functions: a
    /// month's Monday is bit (day of month − 1) / 7, and its week is met when the whole week's attended minutes reach
    /// 540 (IOP) or 1,200 (PHP) and the week lies within the stay (Monday on or after admission, Sunday on or before
    /// discharge); it was scheduled at a minimum when the whole week's scheduled minutes (sessions the program cancelled
    /// left out) reach it. Each episode's first attended family session on or after its admission (migration 0037) is
    /// taken from the sessions in the same way, and each episode's next admission of its patient (migration 0040) from
    /// the episodes.
    /// </summary>
    public const string Disagreements = """
        with fresh as (
            select r.*, (sum(r.attended_minutes) over (partition by r.episode_key, r.week_start))::int as week_attended_minutes
            from session_week_rows('-infinity', 'infinity') r
        ), sessions as (
            select s.*, date_trunc('month', s.session_date)::date as month_start, date_trunc('week', s.session_date)::date as monday,
                   sum(s.attended_minutes) over (partition by s.episode_key, date_trunc('week', s.session_date)) as week_minutes,
                   coalesce(sum(s.scheduled_minutes) filter (where s.status <> 'cancelled_by_program')
                       over (partition by s.episode_key, date_trunc('week', s.session_date)), 0) as week_scheduled
            from attendance_session s
        ), fresh_month as (
            select s.episode_key, s.month_start, e.program_key, e.patient_key,
                   sum(attended_minutes)::int,
                   coalesce(sum(scheduled_minutes) filter (where status <> 'cancelled_by_program'), 0)::int,
                   count(*) filter (where kind = 'family' and status in ('attended', 'late', 'left_early'))::int,
                   count(*) filter (where kind = 'group' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'group' and status = 'no_show')::int,
                   count(*) filter (where kind = 'individual' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'individual' and status = 'no_show')::int,
                   count(*) filter (where kind = 'family' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'family' and status = 'no_show')::int,
                   count(*) filter (where kind = 'psychoeducation' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'psychoeducation' and status = 'no_show')::int,
                   count(*) filter (where kind = 'medication_management' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'medication_management' and status = 'no_show')::int,
                   count(*) filter (where kind = 'case_management' and status not in ('cancelled_by_program', 'excused'))::int,
                   count(*) filter (where kind = 'case_management' and status = 'no_show')::int,
                   coalesce(bit_or(1 << ((extract(day from monday)::int - 1) / 7)) filter (where monday >= month_start and week_minutes >= 540
                       and monday >= e.admitted_on and (e.discharged_on is null or monday + 6 <= e.discharged_on)), 0),
                   coalesce(bit_or(1 << ((extract(day from monday)::int - 1) / 7)) filter (where monday >= month_start and week_minutes >= 1200
                       and monday >= e.admitted_on and (e.discharged_on is null or monday + 6 <= e.discharged_on)), 0),
                   coalesce(bit_or(1 << ((extract(day from monday)::int - 1) / 7)) filter (where monday >= month_start and week_scheduled >= 540
                       and monday >= e.admitted_on and (e.discharged_on is null or monday + 6 <= e.discharged_on)), 0),
                   coalesce(bit_or(1 << ((extract(day from monday)::int - 1) / 7)) filter (where monday >= month_start and week_scheduled >= 1200
                       and monday >= e.admitted_on and (e.discharged_on is null or monday + 6 <= e.discharged_on)), 0),
                   e.facility_id
            from sessions s
            join episode e on e.episode_key = s.episode_key
            group by s.episode_key, s.month_start, e.episode_key
        )
        select (select count(*) from (table fresh except all table session_week) a)
             + (select count(*) from (table session_week except all table fresh) b)
             + (select count(*) from (table fresh_month except all table session_month) c)
             + (select count(*) from (table session_month except all table fresh_month) d)
             + (select count(*) from episode e
                where e.first_family_session_on is distinct from (
                    select min(s.session_date) from attendance_session s
                    where s.episode_key = e.episode_key and s.kind = 'family' and s.status in ('attended', 'late', 'left_early')
                      and s.session_date >= e.admitted_on))
             + (select count(*) from episode e
                where e.next_admitted_on is distinct from (
                    select min(n.admitted_on) from episode n
                    where n.patient_key = e.patient_key and n.episode_key <> e.episode_key and n.admitted_on > e.discharged_on))
        """;

    [Fact]
    public async Task The_summary_follows_loads_a_move_to_another_episode_and_deletes()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        await IngestHarness.IngestAsync(database, drop);
        var loaded = await WeeksAsync(drop.Facility);

        // S4 moves from E3 to E2 (same day, within both stays); S1 is then deleted.
        drop.Write("sessions.csv", Sessions.Replace("F1,S4,E3,", "F1,S4,E2,", StringComparison.Ordinal));
        Assert.Equal(1, (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv").RowsUpdated);
        var moved = await WeeksAsync(drop.Facility);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "delete from attendance_session where facility_id = @Facility and source_session_id = 'S1'", new { drop.Facility });
        }

        var deleted = await WeeksAsync(drop.Facility);

        // (episode, week, month, sessions, attended, scheduled, whole week attended, family attended), counted by
        // hand. E2's week of 26 January holds S3 (a family session, 75 minutes) and S6 on Sunday 1 February: two rows,
        // one per month, each with the whole week's 245 minutes. S5 was excused: scheduled, not attended.
        Assert.Equal(
        [
            ("E1", "2026-01-05", "2026-01-01", 2, 180, 240, 180, 0),
            ("E2", "2026-01-26", "2026-01-01", 1, 75, 90, 245, 1),
            ("E2", "2026-01-26", "2026-02-01", 1, 170, 180, 245, 0),
            ("E3", "2026-02-02", "2026-02-01", 2, 60, 300, 60, 0),
        ], loaded.Select(Hand));
        Assert.Contains(("E2", "2026-02-02", "2026-02-01", 1, 60, 120, 60, 0), moved.Select(Hand));
        Assert.Contains(("E3", "2026-02-02", "2026-02-01", 1, 0, 180, 0, 0), moved.Select(Hand));
        Assert.Equal(("E1", "2026-01-05", "2026-01-01", 1, 0, 60, 0, 0), Hand(deleted.Single(w => w.Episode == "E1")));
        Assert.Equal(0, await database.ScalarAsync<long>(Disagreements));
    }

    [Fact]
    public async Task A_transaction_that_puts_the_summaries_off_commits_only_once_it_has_rebuilt_them()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        await IngestHarness.IngestAsync(database, drop);
        await using var connection = await database.DataSource.OpenConnectionAsync();

        // Put off (as the bulk merge does), a session deleted, and no rebuild: the commit is refused, nothing kept.
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("select session_summaries_defer()", transaction: transaction);
            await connection.ExecuteAsync(
                "delete from attendance_session where facility_id = @Facility and source_session_id = 'S1'", new { drop.Facility }, transaction);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => transaction.CommitAsync());
            Assert.Contains("never rebuilt", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await database.ScalarAsync<long>(
            "select count(*) from attendance_session where facility_id = @Facility and source_session_id = 'S1'", new { drop.Facility }));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("select session_summaries_defer()", transaction: transaction);
            await connection.ExecuteAsync(
                "delete from attendance_session where facility_id = @Facility and source_session_id = 'S1'", new { drop.Facility }, transaction);
            await connection.ExecuteAsync("select session_summaries_rebuild()", transaction: transaction);
            await transaction.CommitAsync();
        }

        Assert.Equal(0, await database.ScalarAsync<long>(
            "select count(*) from attendance_session where facility_id = @Facility and source_session_id = 'S1'", new { drop.Facility }));
        Assert.Equal(0, await database.ScalarAsync<long>(Disagreements));
    }

    [Fact]
    public async Task Month_rows_follow_a_change_to_their_episode()
    {
        // E2 (IOP, admitted 26 January, discharged 20 March in the base drop) attends 540 minutes, the IOP minimum, in
        // the week of Monday 16 February: the third Monday of February, bit 2.
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,M1,E2,2026-02-16,group,180,attended,180
            F1,M2,E2,2026-02-17,group,180,attended,180
            F1,M3,E2,2026-02-18,group,180,attended,180
            F1,M4,E3,2026-02-16,group,180,attended,180

            """);
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal([("E2", 0b100), ("E3", 0)], await FebruaryAsync(drop.Facility));

        // A discharge recorded later on Friday 20 February: the week of the 16th no longer lies within the stay, so E2's
        // row is rebuilt without it; E3's row is untouched.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "update episode set discharged_on = '2026-02-20', discharge_reason = 'completed' where facility_id = @Facility and source_episode_id = 'E2'",
                new { drop.Facility });
        }

        Assert.Equal([("E2", 0), ("E3", 0)], await FebruaryAsync(drop.Facility));
        Assert.Equal(0, await database.ScalarAsync<long>(Disagreements));

        // E2 is found to belong to E3's patient (a merge of duplicate records): its month rows carry the new patient,
        // whom the attendance figures' patients' sums count it under.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                update episode set patient_key = (select patient_key from episode where facility_id = @Facility and source_episode_id = 'E3')
                where facility_id = @Facility and source_episode_id = 'E2'
                """,
                new { drop.Facility });
        }

        Assert.Equal(1, await database.ScalarAsync<long>(
            """
            select count(distinct m.patient_key) from session_month m join episode e on e.episode_key = m.episode_key
            where e.facility_id = @Facility and e.source_episode_id in ('E2', 'E3')
            """, new { drop.Facility }));
        Assert.Equal(0, await database.ScalarAsync<long>(Disagreements));
    }

    private async Task<List<(string Episode, int IopWeeksMet)>> FebruaryAsync(string facility) =>
        [.. await database.QueryAsync<(string, int)>(
            """
            select e.source_episode_id, m.iop_weeks_met
            from session_month m join episode e on e.episode_key = m.episode_key
            where e.facility_id = @Facility and m.month_start = '2026-02-01'
            order by 1
            """, new { Facility = facility })];

    [Fact]
    public async Task No_shows_and_expected_sessions_are_counted_per_kind_leaving_out_excused_and_program_cancelled_sessions()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,K1,E3,2026-02-09,group,180,attended,180
            F1,K2,E3,2026-02-10,group,180,no_show,
            F1,K3,E3,2026-02-11,group,180,excused,
            F1,K4,E3,2026-02-12,group,180,cancelled_by_program,
            F1,K5,E3,2026-02-12,individual,60,cancelled_by_patient,
            F1,K6,E3,2026-02-13,family,60,attended,60

            """);
        await IngestHarness.IngestAsync(database, drop);

        var week = (await database.QueryAsync<(int Group, int NoShowGroup, int Individual, int NoShowIndividual, int Family, int FamilyAttended, int Scheduled)>(
            """
            select expected_group, no_show_group, expected_individual, no_show_individual, expected_family, family_attended, scheduled_minutes
            from session_week w join episode e on e.episode_key = w.episode_key
            where e.facility_id = @Facility and e.source_episode_id = 'E3' and w.week_start = '2026-02-09'
            """, new { drop.Facility })).Single();

        // Expected: K1, K2 (group), K5 (cancelled by the patient still counts as expected), K6. Scheduled minutes
        // leave out K4 only: 180 * 3 + 60 + 60.
        Assert.Equal((2, 1, 1, 0, 1, 1, 660), week);
        Assert.Equal(0, await database.ScalarAsync<long>(Disagreements));
    }

    private static (string, string, string, int, int, int, int, int) Hand(Week w) =>
        (w.Episode, w.WeekStart.ToString("yyyy-MM-dd"), w.MonthStart.ToString("yyyy-MM-dd"), w.Sessions, w.Attended, w.Scheduled, w.WeekAttended, w.FamilyAttended);

    private Task<IReadOnlyList<Week>> WeeksAsync(string facility) =>
        database.QueryAsync<Week>(
            """
            select e.source_episode_id as Episode, w.week_start as WeekStart, w.month_start as MonthStart, w.sessions as Sessions,
                   w.attended_minutes as Attended, w.scheduled_minutes as Scheduled, w.week_attended_minutes as WeekAttended,
                   w.family_attended as FamilyAttended
            from session_week w join episode e on e.episode_key = w.episode_key
            where e.facility_id = @Facility
            order by 1, 2, 3
            """, new { Facility = facility });

    private sealed record Week(string Episode, DateOnly WeekStart, DateOnly MonthStart, int Sessions, int Attended, int Scheduled, int WeekAttended, int FamilyAttended);
}
