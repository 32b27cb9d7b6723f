using Dapper;
using Npgsql;
using Outcomes.Database.Audit;

namespace Outcomes.Jobs.Retention;

/// <summary>What one pass removed from the quarantine: its rows, and how many batches they belonged to.</summary>
public sealed record QuarantineRemoval(long Rows, long Batches);

/// <summary>
/// Removes the quarantined rows (<c>ingest_quarantine</c>, which may hold identifiers in <c>raw_record</c>) of batches
/// that finished before a bound, as the administrator role, and records the removal in the audit trail in the same
/// transaction. The ledger is never touched: each batch keeps its row and its <c>rows_quarantined</c> count, so
/// <c>rows_read = rows_inserted + rows_updated + rows_unchanged + rows_quarantined</c> still holds from the ledger
/// alone after the rows themselves are gone. A batch that never finished (no <c>finished_at</c>) keeps its rows.
/// </summary>
public static class QuarantineRetention
{
    public static async Task<QuarantineRemoval> RemoveAsync(NpgsqlDataSource admin, DateTimeOffset finishedBefore, int days, CancellationToken cancellationToken)
    {
        const string sql = """
            with removed as (
                delete from ingest_quarantine q
                using ingest_batch b
                where q.batch_id = b.batch_id and b.finished_at is not null and b.finished_at < @Bound
                returning q.batch_id)
            select count(*) as Rows, count(distinct batch_id) as Batches from removed
            """;
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await connection.QuerySingleAsync<QuarantineRemoval>(new CommandDefinition(
            sql, new { Bound = finishedBefore }, transaction, cancellationToken: cancellationToken));
        if (removed.Rows > 0)
        {
            await AuditLog.RecordAsync(connection, new AuditEntry(
                "retention.quarantine", $"quarantined rows older than {days} days", RowCount: removed.Rows,
                Detail: $"{removed.Batches} batch(es) finished before {finishedBefore.UtcDateTime:yyyy-MM-dd HH:mm} UTC; the ledger keeps their counts"),
                transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}
