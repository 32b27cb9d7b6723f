using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes batches</c>: the load ledger, one line per file load.</summary>
internal static class BatchesCommand
{
    /// <summary>What <c>outcomes batches</c> was asked for.</summary>
    internal sealed record Settings(int Limit);

    public static Command Create(CliContext context)
    {
        var limit = CliOptions.Count("--limit", "At most this many batches, newest first (1 to 100,000).", 1, 100_000, 30);
        var command = new Command("batches", "List recent file loads: status, row counts, SHA-256 and software version.") { limit };
        command.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(limit)), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, cancellationToken);
        var batches = await new LoadLedger(dataSource).RecentBatchesAsync(settings.Limit, cancellationToken);
        var table = new TextTable("batch", "file", "status", "read", "inserted", "updated", "unchanged", "quarantined", "sha256", "version", "started");
        foreach (var b in batches)
        {
            table.Add(b.BatchId, b.FileName, b.Status, b.RowsRead, b.RowsInserted, b.RowsUpdated, b.RowsUnchanged, b.RowsQuarantined, b.Sha256[..Math.Min(12, b.Sha256.Length)],
                b.SoftwareVersion, b.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        table.Write(context.Output);
        return 0;
    }
}
