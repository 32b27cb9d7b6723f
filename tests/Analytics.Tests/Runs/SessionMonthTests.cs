using Dapper;
using Outcomes.Analytics.Definitions;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// The monthly attendance summary (session_month, migrations 0017 and 0018) marks, per month, the Mondays within the
/// stay whose week reached each ASAM minimum. Its minimums are written in SQL; these tests hold them to the definitions the analysis uses.
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
        // Two episodes to hang the week rows on (the month rows carry their episode's program), in care all February.
        var episodes = await EpisodesAsync(connection, "MONTHS", [(new DateOnly(2026, 1, 5), null), (new DateOnly(2026, 1, 5), null)]);
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

    [Fact]
    public async Task Only_weeks_lying_within_the_stay_are_marked()
    {
        // Admitted Wednesday 4 February, discharged Friday 20 February; every week reaches both minimums. The week of the
        // 2nd began before admission and the week of the 16th ends after discharge: only the week of the 9th (bit 1)
        // lies within the stay. The same weeks of an episode still in care are all marked from its admission on.
        var php = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var episodes = await EpisodesAsync(connection, "STAYS", [(new DateOnly(2026, 2, 4), new DateOnly(2026, 2, 20)), (new DateOnly(2026, 2, 2), null)]);
        await connection.ExecuteAsync("create temp table stay_weeks (like session_week)");
        await connection.ExecuteAsync(
            """
            insert into stay_weeks (episode_key, week_start, month_start, attended_minutes, week_attended_minutes)
            select e.key, w.monday, '2026-02-01', @Php, @Php
            from unnest(@Episodes) e(key)
            cross join unnest(array['2026-02-02', '2026-02-09', '2026-02-16']::date[]) w(monday)
            """,
            new { Php = php, Episodes = episodes.ToArray() });

        var months = (await connection.QueryAsync<(long Episode, int IopMet, int PhpMet)>(
            "select episode_key, iop_weeks_met, php_weeks_met from session_month_rows('pg_temp.stay_weeks') order by 1")).ToList();

        Assert.Equal([(episodes[0], 0b010, 0b010), (episodes[1], 0b111, 0b111)], months);
    }

    /// <summary>IOP episodes of a new facility with the given stays, one patient each, in order; their keys.</summary>
    private static async Task<List<long>> EpisodesAsync(Npgsql.NpgsqlConnection connection, string facility, (DateOnly Admitted, DateOnly? Discharged)[] stays)
    {
        await connection.ExecuteAsync(
            """
            insert into ingest_batch (run_id, file_name, entity, sha256, status, software_version)
            values (gen_random_uuid(), 'by hand', 'history', 'by hand', 'committed', 'test');
            insert into facility (facility_id, first_batch_id) values (@Facility, currval('ingest_batch_batch_id_seq'));
            insert into program (facility_id, source_program_id, name, level_of_care, asam_level, asam_edition, planned_weeks, planned_hours_per_week, batch_id)
            values (@Facility, 'IOP', 'IOP', 'iop', '2.1', 3, 8, 9.0, currval('ingest_batch_batch_id_seq'));
            """,
            new { Facility = facility });
        var keys = new List<long>();
        for (var i = 0; i < stays.Length; i++)
        {
            keys.Add(await connection.ExecuteScalarAsync<long>(
                """
                with identity as (
                    insert into patient_identity (facility_id, source_patient_id) values (@Facility, @Patient) returning patient_key
                )
                insert into episode (facility_id, source_episode_id, patient_key, program_key, admitted_on, discharged_on, discharge_reason,
                                     medication_for_addiction_treatment, batch_id)
                select @Facility, @Episode, i.patient_key, p.program_key, @Admitted, @Discharged,
                       case when @Discharged::date is null then null else 'completed' end, false, currval('ingest_batch_batch_id_seq')
                from identity i join program p on p.facility_id = @Facility
                returning episode_key
                """,
                new { Facility = facility, Patient = $"P{i + 1}", Episode = $"E{i + 1}", stays[i].Admitted, stays[i].Discharged }));
        }

        return keys;
    }
}
