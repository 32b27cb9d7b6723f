using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The period's episodes: which episodes a period's analysis counts (<see cref="InPeriod"/>), and the temporary table of
/// them that the per-episode figures of one lane read (<see cref="CopyAsync"/>).
/// </summary>
internal static class PeriodEpisodes
{
    /// <summary>
    /// The period's episodes, as <c>e</c>: admitted by its end and not discharged before its start, of the facility
    /// when one is given.
    /// </summary>
    public const string InPeriod = """
        e.admitted_on <= @End and (e.discharged_on is null or e.discharged_on >= @Start)
          and (@Facility::text is null or e.facility_id = @Facility)
        """;

    /// <summary>
    /// The period's episodes — admitted by its end and not discharged before its start, of the facility when one is
    /// given — with their program's level and their patient's admission characteristics, copied once into a temporary
    /// table that the per-episode figures of the same lane then read (retention, length of stay, first positive screen,
    /// step-downs, field completeness, case mix, the courses of care), instead of each reading and joining the episodes again.
    /// The patient's columns are reduced to what those figures ask: the birth year, the case mix's characteristics and which fields are known, one bit each; they are null where no patient row was loaded
    /// (<c>has_patient</c>).
    /// </summary>
    public const string CopySql = $"""
        drop table if exists pg_temp.period_episode;
        -- The patients are joined in the order of their key (a merge join with the episodes read by their patient
        -- index), not hashed: the planner's hash of every patient cost a third more (1.51-1.66 CPU-s against
        -- 1.17-1.27 for a trailing year of the benchmark's history, 0.55-0.63 against 0.34-0.39 for a month).
        set enable_hashjoin = off;
        create temp table period_episode as
        select e.episode_key, e.patient_key, e.facility_id, p.level_of_care, p.program_key, e.admitted_on, e.discharged_on,
               e.discharge_reason, e.transferred_to_episode_id, e.source_episode_id, pt.patient_key is not null as has_patient, pt.birth_year,
               {CaseMixQuery.Characteristics} as characteristics,
               {FieldCompletenessQuery.KnownFields} as known_fields
        from episode e
        join program p on p.program_key = e.program_key
        left join patient pt on pt.patient_key = e.patient_key
        where {InPeriod};
        reset enable_hashjoin;
        -- A small sample is enough for the row counts the planner asks of it.
        set default_statistics_target = 10;
        analyze period_episode;
        reset default_statistics_target;
        """;

    /// <summary>Copies the period's episodes into <c>pg_temp.period_episode</c> on <paramref name="connection"/> (see <see cref="CopySql"/>).</summary>
    public static Task CopyAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(CopySql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
}
