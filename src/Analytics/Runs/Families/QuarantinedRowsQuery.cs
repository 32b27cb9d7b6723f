using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Rows quarantined by the file loads of the period, of rows read (<c>quarantined_rows</c>).</summary>
internal static class QuarantinedRowsQuery
{
    /// <summary>Rows quarantined by file loads started in the period (all facilities: a bad row may not name one).</summary>
    public static async Task<Figure> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*) filter (where q.quarantine_id is not null)::int as Quarantined, coalesce(sum(distinct b.rows_read), 0)::bigint as Read
            from ingest_batch b
            left join ingest_quarantine q on q.batch_id = b.batch_id
            where b.started_at >= @Start and b.started_at < @After
            """;
        var (quarantined, read) = await connection.QuerySingleAsync<(int, long)>(new CommandDefinition(
            sql, new { Start = parameters.Start.ToDateTime(TimeOnly.MinValue), After = parameters.End.AddDays(1).ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken));
        return new Figure("quarantined_rows", Figure.All, Figure.All, null, "", quarantined, quarantined, read,
            read == 0 ? null : (double)quarantined / read, null, null, false, "rows quarantined by file loads started in the period, of rows read");
    }
}
