using Dapper;
using Npgsql;
using Outcomes.Database.Embedded;

namespace Outcomes.Benchmarks;

/// <summary>The benchmarks' scratch databases, on the embedded cluster or on the server of OUTCOMES_CONNECTION.</summary>
internal static class ScratchDatabase
{
    /// <summary>A connection string to the server's maintenance database, where databases can be created.</summary>
    public static async Task<string> AdminConnectionStringAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (!settings.UsesEmbeddedCluster)
        {
            return new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Database = "postgres" }.ConnectionString;
        }

        var cluster = EmbeddedCluster.ForProject(context.Logger);
        await cluster.EnsureStartedAsync(cancellationToken);
        return cluster.ConnectionStringFor("postgres");
    }

    /// <summary>Drops and creates a benchmark database; returns a connection string to it.</summary>
    /// <param name="name">A constant of the benchmark's own, never input: identifiers cannot be parameters.</param>
    public static async Task<string> RecreateAsync(string adminConnection, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"drop database if exists {name} with (force)", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"create database {name}", cancellationToken: cancellationToken));
        return new NpgsqlConnectionStringBuilder(adminConnection) { Database = name }.ConnectionString;
    }
}
