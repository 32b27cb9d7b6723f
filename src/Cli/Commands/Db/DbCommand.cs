using System.CommandLine;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db start | stop | status | migrate | backup | restore</c>; one file per subcommand beside this one.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext context) =>
        new("db", "Manage the database: the embedded cluster, or the server named by OUTCOMES_CONNECTION.")
        {
            DbStartCommand.Create(context),
            DbStopCommand.Create(context),
            DbStatusCommand.Create(context),
            DbMigrateCommand.Create(context),
            DbBackupCommand.Create(context),
            DbRestoreCommand.Create(context),
        };

    /// <summary>Says so and returns true when the settings name a server, so that there is no embedded cluster to start or stop.</summary>
    internal static bool ExternalServerNotice(CliContext context)
    {
        var settings = context.Settings;
        if (settings.UsesEmbeddedCluster)
        {
            return false;
        }

        context.Output.WriteLine(
            $"{DatabaseSettings.ConnectionVariable} names a server ({DatabaseSettings.Describe(settings.ConnectionString!)}); " +
            "the embedded cluster is not used, so there is nothing to start or stop.");
        return true;
    }

    /// <summary>Prints where the embedded cluster lives and whether it runs; returns whether it runs.</summary>
    internal static async Task<bool> PrintStatusAsync(CliContext context, EmbeddedCluster cluster, CancellationToken ct)
    {
        var status = await cluster.StatusAsync(ct);
        context.Output.WriteLine($"Embedded PostgreSQL: {(status.Running ? "running" : status.Initialized ? "stopped" : "not created")}");
        context.Output.WriteLine($"  data folder: {status.DataDirectory}");
        if (status.Port is not null)
        {
            context.Output.WriteLine($"  listens on:  127.0.0.1:{status.Port} (loopback only, password authentication)");
        }

        return status.Running;
    }
}
