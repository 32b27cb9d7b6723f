using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The share of admissions of the period still without a positive screen some days after admission
/// (<c>free_of_positive_screen</c>), each day's share from the fixed-window cohort of admissions whose days have passed
/// (<see cref="AdmissionCohortShares"/>). Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the
/// lane that copied it.
/// </summary>
internal sealed class FirstPositiveScreenQuery(SmallCellPolicy policy)
{
    /// <summary>
    /// Days from admission to the first positive screen in care, for admissions of the period (Kaplan–Meier:
    /// censored at discharge or at the data-through date), with the longest share day each admission's window had
    /// passed; reported as the share still without a positive screen at day 30, 60 and 90.
    /// </summary>
    private const string Sql = $"""
        with {RunIn.DataStart}, positives as (
            select d.episode_key, min(d.collected_on) as positive_on
            from drug_screen d
            where d.result = 'positive' and d.collected_on between @Start and @Through
            group by d.episode_key
        ), first_positive as (
            select e.episode_key, e.facility_id, e.level_of_care, e.admitted_on,
                   least(coalesce(e.discharged_on, @Through), @Through) as end_of_care,
                   case when f.positive_on <= coalesce(e.discharged_on, @Through) then f.positive_on end as positive_on,
                   ({AdmissionCohortShares.Followed})::int as followed
            from pg_temp.period_episode e
            join data_start ds on ds.facility_id = e.facility_id
            left join positives f on f.episode_key = e.episode_key
            where e.admitted_on between @Start and @End and e.admitted_on <= @Through
        )
        select facility_id as Facility, level_of_care as Level,
               (coalesce(positive_on, end_of_care) - admitted_on)::int as Days, followed as Followed,
               count(*) filter (where positive_on is not null)::int as Events,
               count(*) filter (where positive_on is null)::int as Censored
        from first_positive
        group by 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<CohortSurvivalCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return [.. new AdmissionCohortShares(policy, parameters).Shares("free_of_positive_screen", rows, "Kaplan–Meier share without a positive screen since admission")];
    }
}
