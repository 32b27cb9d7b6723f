using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Positive drug screens in care during the period: per screen and per patient screened.</summary>
internal sealed class ScreenRatesQuery(RateFigures rates)
{
    /// <summary>Positive screens among screens with a result (negative, positive, dilute) collected in the period during care.</summary>
    private const string PerScreen = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where d.result = 'positive') as Events, count(*) as Total
        from drug_screen d
        join episode e on e.episode_key = d.episode_key
        join program p on p.program_key = e.program_key
        where d.collected_on between @Start and @End and d.result in ('negative', 'positive', 'dilute')
          and d.collected_on <= coalesce(e.discharged_on, @Through)
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    /// <summary>Episodes with at least one positive screen among episodes screened in the period during care.</summary>
    private const string PerPatient = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where x.positives > 0) as Events, count(*) as Total
        from (
            select d.episode_key, count(*) filter (where d.result = 'positive') as positives
            from drug_screen d
            join episode e on e.episode_key = d.episode_key
            where d.collected_on between @Start and @End and d.result in ('negative', 'positive', 'dilute')
              and d.collected_on <= coalesce(e.discharged_on, @Through)
            group by d.episode_key
        ) x
        join episode e on e.episode_key = x.episode_key
        join program p on p.program_key = e.program_key
        where (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var perScreen = await connection.QueryAsync<RateCounts>(new CommandDefinition(PerScreen, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        var figures = rates.RatesAndDifferences("positive_screen_per_screen", [.. perScreen], isRate: true).ToList();
        var perPatient = await connection.QueryAsync<RateCounts>(new CommandDefinition(PerPatient, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        figures.AddRange(rates.RatesAndDifferences("positive_screen_per_patient", [.. perPatient], isRate: true));
        return figures;
    }
}
