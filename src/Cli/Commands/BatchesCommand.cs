using System.CommandLine;
using Dapper;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes batches</c>: the load ledger, one line per file load.</summary>
internal static class BatchesCommand
{
    public static Command Create(CliContext context)
    {
        var limit = CliOptions.Count("--limit", "At most this many batches, newest first (1 to 100,000).", 1, 100_000, 30);
        var command = new Command("batches", "List recent file loads: status, row counts, SHA-256 and software version.") { limit };
        command.SetAction(async (parse, ct) =>
        {
            const string sql = """
                select batch_id as BatchId, file_name as FileName, status as Status, rows_read as RowsRead,
                       rows_inserted as RowsInserted, rows_updated as RowsUpdated, rows_unchanged as RowsUnchanged,
                       rows_quarantined as RowsQuarantined, left(sha256, 12) as Sha256, software_version as SoftwareVersion,
                       to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') as StartedAt
                from ingest_batch order by batch_id desc limit @Limit
                """;
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<BatchRow>(new CommandDefinition(sql, new { Limit = parse.GetValue(limit) }, cancellationToken: ct));
            var table = new TextTable("batch", "file", "status", "read", "inserted", "updated", "unchanged", "quarantined", "sha256", "version", "started");
            foreach (var b in rows)
            {
                table.Add(b.BatchId, b.FileName, b.Status, b.RowsRead, b.RowsInserted, b.RowsUpdated, b.RowsUnchanged, b.RowsQuarantined, b.Sha256, b.SoftwareVersion, b.StartedAt);
            }

            table.Write(context.Output);
            return 0;
        });
        return command;
    }

    private sealed record BatchRow(
        long BatchId, string FileName, string Status, int RowsRead, int RowsInserted, int RowsUpdated, int RowsUnchanged,
        int RowsQuarantined, string Sha256, string SoftwareVersion, string StartedAt);
}
