using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>How complete the admission data are: per patient field that may say "unknown", the share known (<c>field_completeness</c>).</summary>
internal sealed class FieldCompletenessQuery(RateFigures rates)
{
    /// <summary>Which of the patient's fields are known, one bit each in the order of <see cref="Sql"/>.</summary>
    public const string KnownFields = """
        (pt.sex <> 'unknown')::int
               | ((pt.race <> 'unknown')::int << 1)
               | ((pt.ethnicity <> 'unknown')::int << 2)
               | ((pt.primary_substance <> 'unknown')::int << 3)
               | ((pt.co_occurring_disorder is not null)::int << 4)
               | ((pt.referral_source <> 'unknown')::int << 5)
               | ((pt.payer <> 'unknown')::int << 6)
        """;

    /// <summary>
    /// How complete the admission data are: for each patient field that may say "unknown", the share of
    /// patients admitted or in care during the period for whom it is known (each patient once, with the program of
    /// their latest episode). Counted per program in one row, then one row per field.
    /// </summary>
    private const string Sql = """
        with latest as (
            select distinct on (e.patient_key) e.*
            from pg_temp.period_episode e
            order by e.patient_key, e.admitted_on desc
        ), counts as (
            select facility_id, level_of_care, program_key, count(*) as total,
                   count(*) filter (where known_fields & 1 <> 0) as sex,
                   count(*) filter (where known_fields & 2 <> 0) as race,
                   count(*) filter (where known_fields & 4 <> 0) as ethnicity,
                   count(*) filter (where known_fields & 8 <> 0) as primary_substance,
                   count(*) filter (where known_fields & 16 <> 0) as co_occurring_disorder,
                   count(*) filter (where known_fields & 32 <> 0) as referral_source,
                   count(*) filter (where known_fields & 64 <> 0) as payer
            from latest
            where has_patient
            group by 1, 2, 3
        )
        select facility_id as Facility, level_of_care as Level, program_key as ProgramKey, f.field as Grouping,
               f.known as Events, total as Total
        from counts
        cross join lateral (values ('sex', sex), ('race', race), ('ethnicity', ethnicity), ('primary_substance', primary_substance),
            ('co_occurring_disorder', co_occurring_disorder), ('referral_source', referral_source), ('payer', payer)) as f(field, known)
        """;

    /// <summary>Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the lane that copied it.</summary>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<RateCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rates.RatesAndDifferences("field_completeness", [.. rows], isRate: true)];
    }
}
