using Dapper;
using Npgsql;
using Outcomes.TestSupport;

namespace Outcomes.Database.Tests.Migrations;

/// <summary>A database with no schema at all, dropped afterwards.</summary>
internal sealed class EmptyDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private EmptyDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<EmptyDatabase> CreateAsync()
    {
        var admin = await TestDatabase.AdminConnectionStringAsync();
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"create database {name}");
        return new EmptyDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"drop database if exists {_name} with (force)");
    }
}
