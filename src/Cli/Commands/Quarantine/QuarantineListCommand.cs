using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Cli.Commands.Quarantine;

/// <summary><c>outcomes quarantine list</c>: what was rejected, where, and why (never the rejected values).</summary>
internal static class QuarantineListCommand
{
    /// <summary>What <c>outcomes quarantine list</c> was asked for: one batch or all, and how many rows at most.</summary>
    internal sealed record Settings(long? Batch, int Limit);

    public static Command Create(CliContext context)
    {
        var batch = CliOptions.OptionalWhole("--batch", "Only this batch (see 'outcomes batches').", 1, long.MaxValue);
        var limit = CliOptions.Count("--limit", "At most this many rows, newest first (1 to 100,000).", 1, 100_000, 50);
        var list = new Command("list", "List quarantined rows: batch, file, line, field and reason.") { batch, limit };
        list.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(batch), parse.GetValue(limit)), ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, cancellationToken);
        var rows = await new LoadLedger(dataSource).QuarantineAsync(settings.Batch, settings.Limit, cancellationToken);
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
    }
}
