using System.CommandLine;
using Outcomes.Database.Embedded;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db start</c>: start the embedded cluster, creating it the first time.</summary>
internal static class DbStartCommand
{
    public static Command Create(CliContext context)
    {
        var start = new Command("start", "Start the embedded PostgreSQL cluster (creating it the first time).");
        start.SetAction((_, ct) => RunAsync(context, ct));
        return start;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        if (!DbCommand.ExternalServerNotice(context))
        {
            var cluster = EmbeddedCluster.ForProject(context.Logger);
            await cluster.EnsureStartedAsync(ct);
            await DbCommand.PrintStatusAsync(context, cluster, ct);
        }

        return 0;
    }
}
