using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;

namespace Outcomes.Database.Connection;

/// <summary>Opens the process's one data source: the configured server, or the embedded cluster started on demand.</summary>
public static class OutcomesDatabase
{
    public static async Task<string> ResolveConnectionStringAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (!settings.UsesEmbeddedCluster)
        {
            return settings.ConnectionString!;
        }

        return await EmbeddedCluster.ForProject(logger).EnsureStartedAsync(cancellationToken);
    }

    /// <summary>Builds the data source and brings the schema up to date.</summary>
    public static async Task<NpgsqlDataSource> OpenAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = await ResolveConnectionStringAsync(settings, logger, cancellationToken);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await new MigrationRunner(logger).MigrateAsync(dataSource, cancellationToken);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }

        return dataSource;
    }
}
