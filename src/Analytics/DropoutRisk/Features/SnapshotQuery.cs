using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.DropoutRisk.Features;

/// <summary>
/// Builds <see cref="SnapshotFeatures"/> in one set-based query for many (episode, snapshot day) pairs. Every
/// sub-query filters on a date on or before the snapshot day: a session, screen or family contact recorded
/// after it cannot change the features. Only the label looks past the snapshot.
/// </summary>
public static class SnapshotQuery
{
    /// <summary>Landmark days after admission at which training snapshots are taken.</summary>
    public static readonly IReadOnlyList<int> LandmarkDays = [7, 14, 21, 28];

    /// <summary>Default prediction horizon: an unplanned discharge within 30 days of the snapshot.</summary>
    public const int DefaultHorizonDays = 30;

    private const string Sql = """
        with snapshots as (
            select e.episode_key, e.facility_id, e.patient_key, e.program_key, e.admitted_on, e.source_episode_id,
                   e.medication_for_addiction_treatment, e.discharged_on, e.discharge_reason, s.snapshot_date
            from unnest(@EpisodeKeys::bigint[], @SnapshotDates::date[]) as s(episode_key, snapshot_date)
            join episode e on e.episode_key = s.episode_key
        )
        select s.episode_key as EpisodeKey, s.facility_id as FacilityId, s.snapshot_date as SnapshotDate, s.admitted_on as AdmittedOn,
               (s.snapshot_date - s.admitted_on) as DaysSinceAdmission,
               p.level_of_care = 'php' as Php,
               exists (select 1 from episode f where f.facility_id = s.facility_id and f.transferred_to_episode_id = s.source_episode_id
                       and f.discharged_on <= s.snapshot_date) as SteppedDown,
               a7.share as AttendanceLast7Days, a14.share as AttendanceLast14Days,
               coalesce(missed.n, 0)::int as ConsecutiveMissed,
               coalesce(a7.minutes, 0) / case p.level_of_care when 'php' then @PhpMinutes else @IopMinutes end::double precision as HoursAgainstAsamMinimum,
               (select count(*) from family_contact f where f.episode_key = s.episode_key and f.attended and f.contact_date <= s.snapshot_date)::int as FamilyContacts,
               (select count(*) from drug_screen d where d.episode_key = s.episode_key and d.result = 'positive' and d.collected_on <= s.snapshot_date)::int as PositiveScreens,
               (select count(*) from drug_screen d where d.episode_key = s.episode_key and d.result = 'refused' and d.collected_on <= s.snapshot_date)::int as RefusedScreens,
               s.medication_for_addiction_treatment as MedicationForAddictionTreatment,
               coalesce(pt.co_occurring_disorder, false) as CoOccurringDisorder,
               (select count(*) from episode o where o.patient_key = s.patient_key and o.admitted_on < s.admitted_on)::int as PriorEpisodes,
               (extract(year from s.admitted_on) - pt.birth_year)::int as AgeAtAdmission,
               pt.referral_source as ReferralSource,
               pt.sex as Sex, pt.race as Race, pt.ethnicity as Ethnicity,
               case when s.discharged_on is not null and s.discharged_on <= s.snapshot_date + @Horizon
                    then s.discharge_reason = any(@Unplanned)
                    when s.snapshot_date + @Horizon <= @Through then false
               end as DroppedOutWithinHorizon
        from snapshots s
        join program p on p.program_key = s.program_key
        join patient pt on pt.patient_key = s.patient_key
        left join lateral (
            select avg((x.status in ('attended', 'late', 'left_early'))::int)::float8 as share, sum(x.attended_minutes) as minutes
            from attendance_session x
            where x.episode_key = s.episode_key and x.status not in ('cancelled_by_program', 'excused')
              and x.session_date > s.snapshot_date - 7 and x.session_date <= s.snapshot_date
        ) a7 on true
        left join lateral (
            select avg((x.status in ('attended', 'late', 'left_early'))::int)::float8 as share
            from attendance_session x
            where x.episode_key = s.episode_key and x.status not in ('cancelled_by_program', 'excused')
              and x.session_date > s.snapshot_date - 14 and x.session_date <= s.snapshot_date
        ) a14 on true
        left join lateral (
            -- Sessions missed since the last one attended, up to the snapshot.
            select count(*) as n from attendance_session x
            where x.episode_key = s.episode_key and x.session_date <= s.snapshot_date
              and x.status in ('no_show', 'cancelled_by_patient')
              and x.session_date > coalesce((select max(y.session_date) from attendance_session y
                                             where y.episode_key = s.episode_key and y.session_date <= s.snapshot_date
                                               and y.status in ('attended', 'late', 'left_early')), s.admitted_on - 1)
        ) missed on true
        order by s.episode_key, s.snapshot_date
        """;

    public static async Task<IReadOnlyList<SnapshotFeatures>> LoadAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly dataThrough,
        int horizonDays = DefaultHorizonDays, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            EpisodeKeys = snapshots.Select(s => s.EpisodeKey).ToArray(),
            SnapshotDates = snapshots.Select(s => s.SnapshotDate).ToArray(),
            Horizon = horizonDays,
            Through = dataThrough,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
            IopMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesIop,
            PhpMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp,
        };
        return [.. await connection.QueryAsync<SnapshotFeatures>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Training snapshots: each IOP or PHP episode at each landmark day, while still in care on that day and
    /// with the day on or before the data-through date.
    /// </summary>
    public static async Task<IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)>> LandmarksAsync(
        NpgsqlDataSource dataSource, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select e.episode_key as EpisodeKey, e.admitted_on + d as SnapshotDate
            from episode e
            join program p on p.program_key = e.program_key
            cross join unnest(@Days::int[]) as d
            where p.level_of_care in ('iop', 'php') and e.admitted_on + d <= @Through
              and (e.discharged_on is null or e.discharged_on > e.admitted_on + d)
            order by e.admitted_on, e.episode_key, d
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, DateOnly)>(new CommandDefinition(
            sql, new { Days = LandmarkDays.ToArray(), Through = dataThrough }, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows];
    }
}
