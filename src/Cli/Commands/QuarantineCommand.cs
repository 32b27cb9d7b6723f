using System.CommandLine;
using Dapper;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes quarantine list</c>: what was rejected, where, and why (never the rejected values).</summary>
internal static class QuarantineCommand
{
    public static Command Create(CliContext context)
    {
        var batch = CliOptions.OptionalWhole("--batch", "Only this batch (see 'outcomes batches').", 1, long.MaxValue);
        var limit = CliOptions.Count("--limit", "At most this many rows, newest first (1 to 100,000).", 1, 100_000, 50);
        var list = new Command("list", "List quarantined rows: batch, file, line, field and reason.") { batch, limit };
        list.SetAction(async (parse, ct) =>
        {
            const string sql = """
                select q.batch_id as BatchId, q.file_name as FileName, q.line_number as LineNumber, q.field as Field, q.reason as Reason
                from ingest_quarantine q
                where @Batch::bigint is null or q.batch_id = @Batch
                order by q.batch_id desc, q.line_number
                limit @Limit
                """;
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<QuarantineRow>(new CommandDefinition(
                sql, new { Batch = parse.GetValue(batch), Limit = parse.GetValue(limit) }, cancellationToken: ct))).ToList();
            var table = new TextTable("batch", "file", "line", "field", "reason");
            foreach (var row in rows)
            {
                table.Add(row.BatchId, row.FileName, row.LineNumber, row.Field ?? "(row)", row.Reason);
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine("Nothing is quarantined.");
            }
            else
            {
                table.Write(context.Output);
            }

            return 0;
        });

        var quarantine = new Command("quarantine", "Rows that failed validation.");
        quarantine.Subcommands.Add(list);
        return quarantine;
    }

    private sealed record QuarantineRow(long BatchId, string FileName, int LineNumber, string? Field, string Reason);
}
