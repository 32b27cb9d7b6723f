using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Positive drug screens in care during the period: per screen and per episode screened, with intervals cluster-robust by patient.</summary>
internal sealed class ScreenRatesQuery(RateFigures rates)
{
    /// <summary>
    /// Per episode, the screens with a result (negative, positive, dilute) collected in the period during care and the
    /// positive ones among them (<c>positive_screen_per_screen</c>), and whether the episode had a positive among its
    /// screens (<c>positive_screen_per_patient</c>, units episodes screened); summed per patient within each population
    /// (<see cref="PatientClusters"/>), since screens, and a readmitted patient's episodes, repeat within a patient.
    /// </summary>
    private static readonly string Sums = PatientClusters.Sql("""
        per_episode as (
            select d.episode_key, count(*) filter (where d.result = 'positive') as positives, count(*) as screens
            from drug_screen d
            join episode e on e.episode_key = d.episode_key
            where d.collected_on between @Start and @End and d.result in ('negative', 'positive', 'dilute')
              and d.collected_on <= coalesce(e.discharged_on, @Through)
              and (@Facility::text is null or e.facility_id = @Facility)
            group by d.episode_key
        ), unit as (
            select e.facility_id, p.level_of_care, p.program_key, e.patient_key, k.metric, '' as grouping, k.y, k.n
            from per_episode x
            join episode e on e.episode_key = x.episode_key
            join program p on p.program_key = e.program_key
            cross join lateral (values
                ('positive_screen_per_screen', x.positives, x.screens),
                ('positive_screen_per_patient', (x.positives > 0)::int::bigint, 1::bigint)) as k(metric, y, n)
        )
        """);

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<PatientClusters.Row>(new CommandDefinition(Sums, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return [.. rates.ClusteredRatesAndDifferences("positive_screen_per_screen", [.. rows.Where(r => r.Metric == "positive_screen_per_screen")])
            .Concat(rates.ClusteredRatesAndDifferences("positive_screen_per_patient", [.. rows.Where(r => r.Metric == "positive_screen_per_patient")]))];
    }
}
