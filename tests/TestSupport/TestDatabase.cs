using Dapper;
using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;
using Xunit;

namespace Outcomes.TestSupport;

/// <summary>
/// A fresh, migrated database of its own for one test class, on a real PostgreSQL: the server named by
/// <c>OUTCOMES_TEST_DB</c> (a connection string whose user may create databases), else the project's
/// embedded cluster, started on demand. Copied from a template migrated once per schema version
/// (<see cref="TemplateDatabase"/>), and dropped when the class is done, so classes run in parallel.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string ServerVariable = "OUTCOMES_TEST_DB";

    private string? _adminConnectionString;

    public string Name { get; } = "test_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _adminConnectionString = await AdminConnectionStringAsync();
        await TemplateDatabase.EnsureAsync(_adminConnectionString);
        await TemplateDatabase.CreateCopyAsync(_adminConnectionString, Name);

        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = Name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        // Finds the copy current (a read-only check); migrates it should the template ever lag behind.
        await new MigrationRunner().MigrateAsync(DataSource);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"drop database if exists {Name} with (force)");
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"No value from: {sql}");
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    /// <summary>A connection string to the server's maintenance database, where databases can be created.</summary>
    public static async Task<string> AdminConnectionStringAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        }

        var cluster = EmbeddedCluster.ForProject();
        await cluster.EnsureStartedAsync();
        return cluster.ConnectionStringFor("postgres");
    }
}
