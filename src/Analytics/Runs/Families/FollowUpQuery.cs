using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Follow-up after discharge at 30, 90 and 180 days (<see cref="OutcomeDefinitions.FollowUpDays"/>), each over the
/// fixed cohort of the period's discharges whose window has passed by the data-through date ("due"): whether it reached
/// the patient, abstinence among those reached, and the range abstinence among all due can lie in whatever the unreached
/// would have answered (none of them abstinent, all of them). Discharges by transfer (care goes on at the next level,
/// whose discharge is followed up) and by death are not due.
/// </summary>
internal sealed class FollowUpQuery(RateFigures rates)
{
    /// <summary>
    /// Per program and window: discharges due, reached, reached and abstinent, reached and not abstinent (a reached
    /// patient who did not answer is neither). A follow-up answers the window nearest its day, up to half as long again
    /// as the last window; when a discharge has two in one window, reached is any reached, and abstinent is a "yes" with
    /// no "no".
    /// </summary>
    private const string Sql = """
        with discharged as materialized (
            select e.episode_key, e.facility_id, p.level_of_care, e.program_key, e.discharged_on
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and e.discharge_reason not in ('transferred', 'died')
              and e.discharged_on + @FirstDay <= @Through
              and (@Facility::text is null or e.facility_id = @Facility)
        ), answered as (
            select f.episode_key, w.days,
                   bool_or(f.reached) as reached,
                   bool_or(f.reached and f.abstinent = 'yes') and not bool_or(f.reached and f.abstinent = 'no') as abstinent,
                   bool_or(f.reached and f.abstinent = 'no') as not_abstinent
            from follow_up f
            join discharged d on d.episode_key = f.episode_key
            cross join lateral (select x as days from unnest(@Days) x order by abs(x - f.days_after_discharge), x limit 1) w
            where f.days_after_discharge between 1 and @LastDay * 3 / 2
            group by 1, 2
        )
        select d.facility_id as Facility, d.level_of_care as Level, d.program_key as ProgramKey, w.days as Days,
               count(*) as Due,
               count(*) filter (where a.reached) as Reached,
               count(*) filter (where a.abstinent) as Abstinent,
               count(*) filter (where a.not_abstinent) as NotAbstinent
        from discharged d
        cross join unnest(@Days) w(days)
        left join answered a on a.episode_key = d.episode_key and a.days = w.days
        where d.discharged_on + w.days <= @Through
        group by 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var days = OutcomeDefinitions.FollowUpDays;
        var rows = (await connection.QueryAsync<FollowUpCounts>(new CommandDefinition(Sql, new
        {
            parameters.Start, parameters.End, parameters.Through, parameters.Facility,
            Days = days.ToArray(), FirstDay = days.Min(), LastDay = days.Max(),
        }, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();

        RateCounts Counts(FollowUpCounts r, long events, long total) => new(r.Facility, r.Level, r.ProgramKey, $"day {r.Days}", events, total);
        var figures = new List<Figure>();
        void Add(string metric, IEnumerable<RateCounts> counts) =>
            figures.AddRange(RateFigures.Named(rates.RatesAndDifferences(metric, [.. counts.Where(c => c.Total > 0)], isRate: true),
                grouping => parameters.DischargedAndFollowed(int.Parse(grouping["day ".Length..], CultureInfo.InvariantCulture))));

        Add("follow_up_reach", rows.Select(r => Counts(r, r.Reached, r.Due)));
        Add("abstinence_at_follow_up", rows.Select(r => Counts(r, r.Abstinent, r.Abstinent + r.NotAbstinent)));
        Add("abstinence_lower_bound", rows.Select(r => Counts(r, r.Abstinent, r.Due)));
        Add("abstinence_upper_bound", rows.Select(r => Counts(r, r.Due - r.NotAbstinent, r.Due)));
        return figures;
    }

    private sealed record FollowUpCounts(string Facility, string Level, int ProgramKey, int Days, long Due, long Reached, long Abstinent, long NotAbstinent);
}
