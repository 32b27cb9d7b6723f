using Dapper;
using Npgsql;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Courses;

/// <summary>
/// The courses of care that began in a period and whose outcome window had passed by the data-through date: a
/// fixed-window admission cohort, so that every course counted was followed for the whole window and none is counted
/// twice; and none begun in the first <see cref="RunInDays"/> of a facility's data, where a step-down cannot be told
/// from a first admission. A course begins with a PHP or IOP admission no intensive stay transferred into, and follows the transfers
/// (<c>transferred_to_episode_id</c>) from intensive stay to intensive stay; its ending is its last intensive stay's
/// discharge within the window. Characteristics are those of the course's first admission
/// (<see cref="CaseMixCharacteristics"/>); an unknown is its own category, not a "no". Definitions: docs/metrics.md, "Courses of care".
/// </summary>
public static class CourseCohort
{
    /// <summary>Days from a course's first admission to the end of its outcome window.</summary>
    public const int WindowDays = 180;

    /// <summary>
    /// Days after a facility's first admission in the data before a course may begin: an admission in the first weeks
    /// of the data may be the step-down of a stay that began before them, so it cannot be told to begin a course. The
    /// run-in every fixed-window cohort shares (<see cref="OutcomeDefinitions.RunInDays"/>).
    /// </summary>
    public const int RunInDays = OutcomeDefinitions.RunInDays;

    /// <summary>The characteristics each course is compared on, in the order of <see cref="CourseOfCare.Covariates"/>.</summary>
    public static IReadOnlyList<string> Covariates => CaseMixCharacteristics.Names;

    // Courses counted by facility, arm, ending and characteristics: alike courses come back as one row. The first stays
    // are read from the period's episodes as the lane copied them with their patients' characteristics
    // (PeriodEpisodes.CopySql: the same flags, computed once): joined with the patients again here, a trailing year's
    // courses cost about twice the server time (2.2-2.7 CPU-s against 1.2 on the benchmark's history).
    private const string Sql = $"""
        with recursive {RunIn.DataStart}, first_stay as materialized (
            select e.episode_key, e.facility_id, e.level_of_care = 'iop' as started_in_iop, e.admitted_on as began_on,
                   e.discharged_on, e.discharge_reason, e.transferred_to_episode_id,
                   extract(year from e.admitted_on)::int - e.birth_year as age,
                   e.characteristics as flags
            from pg_temp.period_episode e
            join data_start ds on ds.facility_id = e.facility_id
            where e.level_of_care in ('iop', 'php') and e.admitted_on between @Start and @End and e.admitted_on + @WindowDays <= @Through
              and (@Facility::text is null or e.facility_id = @Facility) and e.has_patient
              and e.admitted_on >= ds.first_admission + @RunInDays
              and not exists (
                  select 1 from episode s join program sp on sp.program_key = s.program_key
                  where s.facility_id = e.facility_id and s.transferred_to_episode_id = e.source_episode_id
                    and sp.level_of_care in ('iop', 'php'))
        ), intake_screen as (
            select d.episode_key, bool_or(d.result = 'positive') as positive
            from drug_screen d
            join first_stay f on f.episode_key = d.episode_key
            where d.result in ('positive', 'negative') and d.collected_on <= f.began_on + @IntakeDays
            group by d.episode_key
        ), later_stay as (
            -- The intensive stays a course stepped down or transferred to, within its window.
            select f.episode_key as first_key, f.began_on, n.facility_id, n.discharged_on, n.discharge_reason, n.transferred_to_episode_id, 2 as stays
            from first_stay f
            join episode n on n.facility_id = f.facility_id and n.source_episode_id = f.transferred_to_episode_id
            join program np on np.program_key = n.program_key
            where f.discharge_reason = 'transferred' and f.discharged_on < f.began_on + @WindowDays and np.level_of_care in ('iop', 'php')
            union all
            select l.first_key, l.began_on, n.facility_id, n.discharged_on, n.discharge_reason, n.transferred_to_episode_id, l.stays + 1
            from later_stay l
            join episode n on n.facility_id = l.facility_id and n.source_episode_id = l.transferred_to_episode_id
            join program np on np.program_key = n.program_key
            where l.discharge_reason = 'transferred' and l.discharged_on < l.began_on + @WindowDays
              and np.level_of_care in ('iop', 'php') and l.stays < 20
        ), last_later as (
            select distinct on (first_key) first_key, discharged_on, discharge_reason
            from later_stay
            order by first_key, stays desc
        ), ended as (
            select f.facility_id, f.started_in_iop,
                   case
                       when l.first_key is null and (f.discharged_on is null or f.discharged_on > f.began_on + @WindowDays) then 0
                       when l.first_key is not null and (l.discharged_on is null or l.discharged_on > f.began_on + @WindowDays) then 0
                       when coalesce(l.discharge_reason, f.discharge_reason) = any(@Unplanned) then 1
                       when coalesce(l.discharge_reason, f.discharge_reason) in ('completed', 'transferred') then 2
                       else 3
                   end as ending,
                   f.age,
                   f.flags | {CaseMixCharacteristics.IntakeScreenFlags} as flags
            from first_stay f
            left join last_later l on l.first_key = f.episode_key
            left join intake_screen i on i.episode_key = f.episode_key
        )
        select facility_id as Facility, started_in_iop as StartedInIop, ending as Ending, age as Age, flags as Flags, count(*)::int as N
        from ended
        group by 1, 2, 3, 4, 5
        order by 1, 2, 3, 4, 5
        """;

    /// <summary>
    /// The period's courses with a complete window, counted by pattern (ordered: the weighting sums in floating point).
    /// Reads the period's episodes that <see cref="Runs.Families.PeriodEpisodes.CopyAsync"/> copied on
    /// <paramref name="connection"/> for the same period and facility.
    /// </summary>
    public static async Task<IReadOnlyList<CourseOfCare>> LoadAsync(
        NpgsqlConnection connection, DateOnly start, DateOnly end, DateOnly through, string? facility, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            Start = start,
            End = end,
            Through = through,
            Facility = facility,
            WindowDays,
            RunInDays,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
            IntakeDays = OutcomeDefinitions.IntakeScreenDays,
        };
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new CourseOfCare(r.Facility, r.StartedInIop, (CourseEnding)r.Ending, CaseMixCharacteristics.Covariates(r.Age, r.Flags), r.N))];
    }

    private sealed record Row(string Facility, bool StartedInIop, int Ending, int Age, int Flags, int N);
}
