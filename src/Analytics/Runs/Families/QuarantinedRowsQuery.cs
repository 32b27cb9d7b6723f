using System.Globalization;
using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Rows quarantined by the file loads of the period, of rows read (<c>quarantined_rows</c>).</summary>
internal static class QuarantinedRowsQuery
{
    private const string Definition = "rows quarantined by file loads started in the period, of rows read";

    /// <summary>
    /// Rows quarantined by the committed file loads started in the period, of the rows they read, from the load ledger's
    /// own counts (all facilities: a bad row may not name one). The ledger keeps its counts after the retention job has
    /// removed the quarantined rows themselves, so a period analysed again gives the same figure. A file rejected whole
    /// read no rows (its counts are 0, its reason is one quarantine line): it is in neither count, and the note says how
    /// many there were.
    /// </summary>
    public static async Task<Figure> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            select coalesce(sum(rows_quarantined) filter (where status = 'committed'), 0)::bigint as Quarantined,
                   coalesce(sum(rows_read) filter (where status = 'committed'), 0)::bigint as Read,
                   count(*) filter (where status = 'rejected')::int as Rejected
            from ingest_batch
            where started_at >= @Start and started_at < @After
            """;
        var (quarantined, read, rejected) = await connection.QuerySingleAsync<(long, long, int)>(new CommandDefinition(
            sql, new { Start = parameters.Start.ToDateTime(TimeOnly.MinValue), After = parameters.End.AddDays(1).ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken));
        var note = rejected == 0
            ? Definition
            : Definition + string.Create(CultureInfo.InvariantCulture,
                $"; {rejected} {(rejected == 1 ? "file" : "files")} rejected whole, in neither count (see outcomes batches)");
        return new Figure("quarantined_rows", Figure.All, Figure.All, null, "", (int)Math.Min(quarantined, int.MaxValue), quarantined, read,
            read == 0 ? null : (double)quarantined / read, null, null, false, note);
    }
}
