using System.CommandLine;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db status</c>: where the data lives, whether the server runs, and the schema version.</summary>
internal static class DbStatusCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Command("status", "Show where the data lives, whether the server runs, and the schema version.");
        status.SetAction((_, ct) => RunAsync(context, ct));
        return status;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        if (settings.UsesEmbeddedCluster)
        {
            var cluster = EmbeddedCluster.ForProject(context.Logger);
            if (!await DbCommand.PrintStatusAsync(context, cluster, ct))
            {
                return 0;
            }
        }
        else
        {
            context.Output.WriteLine($"Server: {DatabaseSettings.Describe(settings.ConnectionString!)} (from {DatabaseSettings.ConnectionVariable})");
        }

        var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(settings, context.Logger, ct);
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var schema = await SchemaStatus.ReadAsync(connection, ct);
        context.Output.WriteLine($"Schema: {(schema.AppliedVersion is { } version ? $"version {version:0000}" : "not created")}; this build has {schema.LatestVersion:0000}" +
            (schema.UpToDate ? " (up to date)"
                : schema.NewerThanBuild ? " (a newer build migrated it: run that build, docs/jobs.md \"Upgrading\")"
                : " (run 'outcomes db migrate')"));
        return 0;
    }
}
