using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Episodes in care on the data-through date with no recent session: a discharge record is probably missing
/// (<c>missing_discharge</c>; the daily data-quality check counts the same, <see cref="MissingDischarges"/>).
/// </summary>
internal sealed class MissingDischargeQuery(RateFigures rates)
{
    /// <summary>
    /// Episodes in care on the data-through date with no session in the last @MissingDays days: a discharge
    /// record is probably missing (a data-quality figure CARF asks about).
    /// </summary>
    /// <remarks>
    /// Read from the weekly summary: a week row whose last session is in the window, and not after the data-through
    /// date, has a session in the window. Only a row whose last session lies after the data-through date (an analysis
    /// as of an earlier day) can hide one, so only then are the episode's sessions read: an episode's few week rows are
    /// read much faster than its sessions.
    /// </remarks>
    public const string Sql = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where e.admitted_on <= @Through - @MissingDays and not exists (
                   select 1 from session_week w
                   where w.episode_key = e.episode_key and w.week_start > @Through - @MissingDays - 7 and w.week_start <= @Through
                     and w.last_session_on > @Through - @MissingDays
                     and (w.last_session_on <= @Through or exists (
                         select 1 from attendance_session s where s.episode_key = e.episode_key
                         and s.session_date > @Through - @MissingDays and s.session_date <= @Through)))) as Events,
               count(*) as Total
        from episode e
        join program p on p.program_key = e.program_key
        where e.admitted_on <= @Through and (e.discharged_on is null or e.discharged_on > @Through)
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<RateCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rates.RatesAndDifferences("missing_discharge", [.. rows], isRate: true)];
    }
}
