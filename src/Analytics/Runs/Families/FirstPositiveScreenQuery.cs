using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The share of admissions of the period still without a positive screen some days after admission
/// (<c>free_of_positive_screen</c>). Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the lane
/// that copied it.
/// </summary>
internal sealed class FirstPositiveScreenQuery(SmallCellPolicy policy)
{
    /// <summary>
    /// Days from admission to the first positive screen in care, for admissions of the period (Kaplan–Meier:
    /// censored at discharge or at the data-through date); reported as the share still without a positive
    /// screen at day 30, 60 and 90.
    /// </summary>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            with positives as (
                select d.episode_key, min(d.collected_on) as positive_on
                from drug_screen d
                where d.result = 'positive' and d.collected_on between @Start and @Through
                group by d.episode_key
            ), first_positive as (
                select e.episode_key, e.facility_id, e.level_of_care, e.admitted_on,
                       least(coalesce(e.discharged_on, @Through), @Through) as end_of_care,
                       case when f.positive_on <= coalesce(e.discharged_on, @Through) then f.positive_on end as positive_on
                from pg_temp.period_episode e
                left join positives f on f.episode_key = e.episode_key
                where e.admitted_on between @Start and @End and e.admitted_on <= @Through
            )
            select facility_id as Facility, level_of_care as Level,
                   (coalesce(positive_on, end_of_care) - admitted_on)::int as Days,
                   count(*) filter (where positive_on is not null)::int as Events,
                   count(*) filter (where positive_on is null)::int as Censored
            from first_positive
            group by 1, 2, 3
            """;
        var rows = (await connection.QueryAsync<RetentionCounts>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        foreach (var facility in rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            foreach (var level in rows.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var counts = rows.Where(r => r.Level == level && (facility == Figure.All || r.Facility == facility)).GroupBy(r => r.Days)
                    .Select(g => new SurvivalCount(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Censored))).ToList();
                if (counts.Count == 0)
                {
                    continue;
                }

                var curve = KaplanMeierCurve.FitCounts(counts);
                foreach (var day in OutcomeDefinitions.RetentionDays)
                {
                    var (free, interval) = curve.At(day);
                    figures.Add(new Figure("free_of_positive_screen", facility, level, null, $"day {day}", curve.Count, null, curve.Count,
                        free, interval.Lower, interval.Upper, policy.IsSmall(curve.Count), "Kaplan–Meier share without a positive screen since admission"));
                }
            }
        }

        return figures;
    }

    private sealed record RetentionCounts(string Facility, string Level, int Days, int Events, int Censored);
}
