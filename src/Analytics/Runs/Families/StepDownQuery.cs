using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>PHP discharges that stepped down to IOP, and of those whose IOP stay has ended, the ones that completed the path.</summary>
internal sealed class StepDownQuery(RateFigures rates)
{
    /// <summary>
    /// PHP episodes discharged in the period, per program: all of them (Total), those that stepped down to an IOP episode
    /// (SteppedDown), those whose IOP episode has ended by the data-through date (Ended), and those whose IOP episode was
    /// completed or stepped down again to outpatient care (Completed: the full PHP → IOP → OP path). One pass; the next
    /// episode is looked up only for transfers.
    /// </summary>
    private const string Sql = """
        select e.facility_id as Facility, e.level_of_care as Level, e.program_key as ProgramKey, count(*) as Total,
               count(*) filter (where s.level_of_care = 'iop') as SteppedDown,
               count(*) filter (where s.level_of_care = 'iop' and s.ended) as Ended,
               count(*) filter (where s.level_of_care = 'iop' and s.ended and s.completed) as Completed
        from pg_temp.period_episode e
        left join lateral (
            select np.level_of_care, n.discharged_on is not null and n.discharged_on <= @Through as ended,
                   n.discharge_reason = 'completed' or (n.discharge_reason = 'transferred' and exists (
                       select 1 from episode o join program op on op.program_key = o.program_key
                       where o.facility_id = n.facility_id and o.source_episode_id = n.transferred_to_episode_id and op.level_of_care = 'op')) as completed
            from episode n
            join program np on np.program_key = n.program_key
            where e.discharge_reason = 'transferred' and n.facility_id = e.facility_id and n.source_episode_id = e.transferred_to_episode_id
        ) s on true
        where e.discharged_on between @Start and @End and e.level_of_care = 'php'
        group by 1, 2, 3
        """;

    /// <summary>Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the lane that copied it.</summary>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<StepDownCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return [.. rates.RatesAndDifferences("step_down_to_iop", [.. rows.Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.SteppedDown, r.Total))], isRate: true)
            .Concat(rates.RatesAndDifferences("step_down_completed", [.. rows.Where(r => r.Ended > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.Completed, r.Ended))], isRate: true))];
    }

    private sealed record StepDownCounts(string Facility, string Level, int ProgramKey, long Total, long SteppedDown, long Ended, long Completed);
}
