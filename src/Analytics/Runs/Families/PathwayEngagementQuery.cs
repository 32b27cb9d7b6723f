using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Completed or stepped down and engaged (<c>completed_or_stepped_down_engaged</c>): of the PHP episodes discharged in the
/// period, those completed or stepped down to IOP with a session attended at IOP within 14 days of the PHP discharge; the
/// same for IOP episodes stepped down to outpatient care (OP). A fixed-window cohort: only discharges whose 14 days have
/// passed by the data-through date, so a recent step-down is not counted as not engaged while it still could be.
/// </summary>
internal sealed class PathwayEngagementQuery(RateFigures rates)
{
    public const string Metric = "completed_or_stepped_down_engaged";

    /// <summary>
    /// One pass over the period's PHP and IOP discharges whose window has passed; the next episode (one level lower,
    /// through <c>transferred_to_episode_id</c>) and its sessions are looked up only for transfers. A session attended,
    /// late or left early is attended; the window runs from the day of discharge to @Days days after it.
    /// </summary>
    private const string Sql = """
        select e.facility_id as Facility, e.level_of_care as Level, e.program_key as ProgramKey, count(*) as Total,
               count(*) filter (where e.discharge_reason = 'completed' or s.engaged) as Events
        from pg_temp.period_episode e
        left join lateral (
            select exists (
                       select 1 from attendance_session a
                       where a.episode_key = n.episode_key and a.status in ('attended', 'late', 'left_early')
                         and a.session_date between e.discharged_on and e.discharged_on + @Days) as engaged
            from episode n
            join program np on np.program_key = n.program_key
            where e.discharge_reason = 'transferred' and n.facility_id = e.facility_id and n.source_episode_id = e.transferred_to_episode_id
              and np.level_of_care = case e.level_of_care when 'php' then 'iop' else 'op' end
        ) s on true
        where e.discharged_on between @Start and @End and e.discharged_on + @Days <= @Through and e.level_of_care in ('php', 'iop')
        group by 1, 2, 3
        """;

    /// <summary>Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the lane that copied it.</summary>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        const int days = OutcomeDefinitions.StepDownEngagementDays;
        var rows = (await connection.QueryAsync<PathwayCounts>(new CommandDefinition(
            Sql, new { parameters.Start, parameters.End, parameters.Through, Days = days }, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var last = parameters.Through.AddDays(-days) < parameters.End ? parameters.Through.AddDays(-days) : parameters.End;
        var cohort = string.Create(CultureInfo.InvariantCulture,
            $"discharged {parameters.Start:yyyy-MM-dd} to {last:yyyy-MM-dd}, followed {days} days (PHP to IOP, IOP to OP)");
        // The PHP and IOP figures measure different steps (PHP to IOP, IOP to OP): no IOP minus PHP difference.
        return [.. rates.RatesAndDifferences(Metric, [.. rows.Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.Events, r.Total))], isRate: true, compareLevels: false)
            .Select(f => f with { Note = f.Note is null ? cohort : $"{cohort}; {f.Note}" })];
    }

    private sealed record PathwayCounts(string Facility, string Level, int ProgramKey, long Total, long Events);
}
