using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Follow-up after discharge in the period: whether it reached the patient, and abstinence among those reached.</summary>
internal sealed class FollowUpQuery(RateFigures rates)
{
    /// <summary>Follow-ups that reached the patient, among follow-ups of episodes discharged in the period, by day.</summary>
    private const string Reach = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, 'day ' || f.days_after_discharge as Grouping,
               count(*) filter (where f.reached) as Events, count(*) as Total
        from follow_up f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    /// <summary>Abstinent among patients reached at follow-up whose answer is known (yes or no), by day.</summary>
    private const string Abstinence = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, 'day ' || f.days_after_discharge as Grouping,
               count(*) filter (where f.abstinent = 'yes') as Events, count(*) as Total
        from follow_up f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        where e.discharged_on between @Start and @End and f.reached and f.abstinent in ('yes', 'no')
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var reach = await connection.QueryAsync<RateCounts>(new CommandDefinition(Reach, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        var figures = rates.RatesAndDifferences("follow_up_reach", [.. reach], isRate: true).ToList();
        var abstinence = await connection.QueryAsync<RateCounts>(new CommandDefinition(Abstinence, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        figures.AddRange(rates.RatesAndDifferences("abstinence_at_follow_up", [.. abstinence], isRate: true));
        return figures;
    }
}
