using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes batches</c>: the load ledger, one line per file load; with <c>--data-through</c>, how far each facility's
/// dated sources run instead (one line per facility, one column per source).
/// </summary>
internal static class BatchesCommand
{
    /// <summary>What <c>outcomes batches</c> was asked for.</summary>
    internal sealed record Settings(int Limit, bool DataThrough = false);

    public static Command Create(CliContext context)
    {
        var limit = CliOptions.Count("--limit", "At most this many batches, newest first (1 to 100,000).", 1, 100_000, 30);
        var dataThrough = new Option<bool>("--data-through")
        {
            Description = "Show instead how far each facility's dated files run: the latest date its loads of each file carried ('none': no load did).",
        };
        var command = new Command("batches", "List recent file loads: status, row counts, SHA-256, software version and the drop's data-contract version.") { limit, dataThrough };
        command.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(limit), parse.GetValue(dataThrough)), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, cancellationToken);
        if (settings.DataThrough)
        {
            return await WriteDataThroughAsync(context, dataSource, cancellationToken);
        }

        var batches = await new LoadLedger(dataSource).RecentBatchesAsync(settings.Limit, cancellationToken);
        var table = new TextTable("batch", "file", "status", "read", "inserted", "updated", "unchanged", "quarantined", "sha256", "version", "contract", "started");
        foreach (var b in batches)
        {
            table.Add(b.BatchId, b.FileName, b.Status, b.RowsRead, b.RowsInserted, b.RowsUpdated, b.RowsUnchanged, b.RowsQuarantined, b.Sha256[..Math.Min(12, b.Sha256.Length)],
                b.SoftwareVersion, b.ContractVersion, b.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        table.Write(context.Output);
        return 0;
    }

    private static async Task<int> WriteDataThroughAsync(CliContext context, Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var rows = await new SourceDataThrough(dataSource).ReadAsync(cancellationToken);
        var table = new TextTable(["facility", .. SourceDataThrough.Sources]);
        foreach (var facility in rows.GroupBy(r => r.FacilityId, StringComparer.Ordinal))
        {
            table.Add([facility.Key, .. SourceDataThrough.Sources.Select(source =>
                facility.Single(r => r.Source == source).Through is { } through ? through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none")]);
        }

        table.Write(context.Output);
        return 0;
    }
}
