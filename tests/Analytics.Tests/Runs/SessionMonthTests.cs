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
        // Two episodes to hang the week rows on (the month rows carry their episode's program and stay).
        var episodes = (await connection.QueryAsync<long>(
            """
            insert into ingest_batch (run_id, file_name, entity, sha256, status, software_version)
            values (gen_random_uuid(), 'by hand', 'history', 'by hand', 'committed', 'test');
            insert into facility (facility_id, first_batch_id) values ('MONTHS', currval('ingest_batch_batch_id_seq'));
            insert into program (facility_id, source_program_id, name, level_of_care, asam_level, asam_edition, planned_weeks, planned_hours_per_week, batch_id)
            values ('MONTHS', 'IOP', 'IOP', 'iop', '2.1', 3, 8, 9.0, currval('ingest_batch_batch_id_seq'));
            insert into patient_identity (facility_id, source_patient_id) values ('MONTHS', 'P1'), ('MONTHS', 'P2');
            insert into episode (facility_id, source_episode_id, patient_key, program_key, admitted_on, medication_for_addiction_treatment, batch_id)
            select 'MONTHS', 'E' || i.source_patient_id, i.patient_key, p.program_key, '2026-01-05', false, currval('ingest_batch_batch_id_seq')
            from patient_identity i join program p on p.facility_id = i.facility_id
            where i.facility_id = 'MONTHS'
            order by i.source_patient_id
            returning episode_key;
            """)).Order().ToList();
        await connection.ExecuteAsync("create temp table weeks (like session_week)");
        await connection.ExecuteAsync(
            """
            insert into weeks (episode_key, week_start, month_start, attended_minutes, week_attended_minutes)
            values (@First, '2026-01-26', '2026-02-01', 600, @Php),
                   (@First, '2026-02-02', '2026-02-01', @Iop, @Iop),
                   (@First, '2026-02-09', '2026-02-01', @Iop - 1, @Iop - 1),
                   (@Second, '2026-02-16', '2026-02-01', @Php, @Php),
                   (@Second, '2026-02-23', '2026-02-01', @Php - 1, @Php - 1)
            """,
            new { Iop = iop, Php = php, First = episodes[0], Second = episodes[1] });

        var months = (await connection.QueryAsync<(long Episode, int Attended, int IopMet, int PhpMet)>(
            "select episode_key, attended_minutes, iop_weeks_met, php_weeks_met from session_month_rows('pg_temp.weeks') order by 1")).ToList();

        Assert.Equal([(episodes[0], 600 + iop + iop - 1, 0b0001, 0), (episodes[1], php + php - 1, 0b1100, 0b0100)], months);
    }
}
