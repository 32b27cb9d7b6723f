using Dapper;
using Npgsql;

namespace Outcomes.Web.Worklist;

/// <summary>
/// A flagged patient's recent attendance for the worklist's sparkline: the sessions the patient was expected at in the
/// <see cref="Days"/> days up to today (or up to the day care ended, when it ended before), oldest first, each attended
/// or missed. Expected and attended as docs/metrics.md counts them: a session cancelled by the program or excused was not
/// expected; attended, late and left early count as attended; a no-show or a cancellation by the patient as missed.
/// </summary>
internal sealed record RecentAttendance(IReadOnlyList<bool> Sessions)
{
    /// <summary>Four weeks: long enough to show a pattern of missed sessions, short enough to be the patient's recent weeks.</summary>
    public const int Days = 28;

    public static readonly RecentAttendance None = new([]);

    public int Attended => Sessions.Count(s => s);

    public int Expected => Sessions.Count;

    /// <summary>The sparkline's text alternative, read by screen readers.</summary>
    public string Words => Expected == 0
        ? $"no sessions expected in the last {Days / 7} weeks"
        : $"attended {Attended} of {Expected} session{(Expected == 1 ? "" : "s")} in the last {Days / 7} weeks";

    /// <summary>The recent attendance of each of <paramref name="flagIds"/>' episodes, as the connection's login may read it.</summary>
    public static async Task<IReadOnlyDictionary<long, RecentAttendance>> OfFlagsAsync(
        NpgsqlDataSource dataSource, IReadOnlyCollection<long> flagIds, DateOnly today, CancellationToken cancellationToken)
    {
        // Each flag's window first (materialized), so that the sessions are read by plain comparisons with its days: the
        // episode index's range, read from the index alone. Date arithmetic in the join would be kept behind row-level
        // security's check (it is not leakproof) and read every session of the episode, each one checked.
        const string sql = """
            with flagged as materialized (
                select f.flag_id, f.episode_key, least(@Today, coalesce(e.discharged_on, @Today)) as last_day,
                       least(@Today, coalesce(e.discharged_on, @Today)) - @Days as before_first
                from risk_flag f
                join episode e on e.episode_key = f.episode_key
                where f.flag_id = any(@Flags)
            )
            select w.flag_id as FlagId, s.status in ('attended', 'late', 'left_early') as Attended
            from flagged w
            join attendance_session s on s.episode_key = w.episode_key and s.session_date <= w.last_day and s.session_date > w.before_first
            where s.status not in ('cancelled_by_program', 'excused')
            order by w.flag_id, s.session_date, s.status
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long FlagId, bool Attended)>(
            new CommandDefinition(sql, new { Flags = flagIds.ToArray(), Today = today, Days }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.FlagId).ToDictionary(g => g.Key, g => new RecentAttendance([.. g.Select(r => r.Attended)]));
    }
}
