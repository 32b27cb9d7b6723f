using Dapper;
using Npgsql;

namespace Outcomes.Ingest.Ledger;

/// <summary>
/// The read side of the load ledger (<c>ingest_batch</c> and <c>ingest_quarantine</c>), which the ingest writes: every
/// other reader (the <c>batches</c> and <c>quarantine</c> commands, the monthly workbook) goes through here.
/// </summary>
public sealed class LoadLedger(NpgsqlDataSource dataSource)
{
    private const string RecentBatchesSql = """
        select batch_id as BatchId, file_name as FileName, entity as Entity, status as Status,
               rows_read::bigint as RowsRead, rows_inserted::bigint as RowsInserted, rows_updated::bigint as RowsUpdated,
               rows_unchanged::bigint as RowsUnchanged, rows_quarantined::bigint as RowsQuarantined,
               sha256 as Sha256, software_version as SoftwareVersion, started_at::timestamp as StartedAt,
               contract_version as ContractVersion
        from ingest_batch
        order by batch_id desc
        limit @Limit
        """;

    private const string QuarantineSql = """
        select batch_id as BatchId, file_name as FileName, line_number as LineNumber, field as Field, reason as Reason
        from ingest_quarantine
        where @Batch::bigint is null or batch_id = @Batch
        order by batch_id desc, line_number
        limit @Limit
        """;

    private const string RecentVolumeSql = """
        select coalesce(sum(rows_quarantined) filter (where started_at > @Now - interval '1 day'), 0)::bigint as DayQuarantined,
               coalesce(sum(rows_read) filter (where started_at > @Now - interval '1 day'), 0)::bigint as DayRead,
               coalesce(sum(rows_quarantined) filter (where started_at <= @Now - interval '1 day'), 0)::bigint as BeforeQuarantined,
               coalesce(sum(rows_read) filter (where started_at <= @Now - interval '1 day'), 0)::bigint as BeforeRead
        from ingest_batch
        where status = 'committed' and started_at > @Now - interval '29 days' and started_at <= @Now
        """;

    /// <summary>The latest <paramref name="limit"/> file loads, newest first.</summary>
    public async Task<IReadOnlyList<LoadBatch>> RecentBatchesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<LoadBatch>(new CommandDefinition(RecentBatchesSql, new { Limit = limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Quarantined rows, newest batch first and in line order within a batch: of one batch, or of all when
    /// <paramref name="batchId"/> is null; at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<QuarantinedRow>> QuarantineAsync(long? batchId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<QuarantinedRow>(new CommandDefinition(
            QuarantineSql, new { Batch = batchId, Limit = limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The rows read and quarantined by committed loads that started in the day up to <paramref name="now"/> and in the
    /// 28 days before it (days as the database counts them, in its time zone).
    /// </summary>
    public async Task<RecentLoadVolume> RecentVolumeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<RecentLoadVolume>(new CommandDefinition(RecentVolumeSql, new { Now = now }, cancellationToken: cancellationToken));
    }
}
