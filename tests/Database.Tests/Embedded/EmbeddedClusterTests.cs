using Dapper;
using Npgsql;
using Outcomes.Database.Embedded;
using Xunit;
using Outcomes.TestSupport;

namespace Outcomes.Database.Tests.Embedded;

/// <summary>A cluster of its own in a temporary home, so stopping it disturbs no other test.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class EmbeddedClusterTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "outcomes-cluster-" + Guid.NewGuid().ToString("N")[..10]);
    private EmbeddedCluster _cluster = null!;

    public Task InitializeAsync()
    {
        _cluster = new EmbeddedCluster(_home);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAsync();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [LocalPostgresFact]
    public async Task A_stopped_cluster_starts_again_with_its_data_and_only_on_loopback_with_a_password()
    {
        var before = await _cluster.StatusAsync();
        var connectionString = await _cluster.EnsureStartedAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("create table kept (value integer); insert into kept values (42)");
            Assert.Equal("127.0.0.1", await connection.ExecuteScalarAsync<string>("show listen_addresses"));
            Assert.Equal("scram-sha-256", await connection.ExecuteScalarAsync<string>("show password_encryption"));
        }

        await _cluster.StopAsync();
        var stopped = await _cluster.StatusAsync();
        NpgsqlConnection.ClearAllPools();
        var again = await _cluster.EnsureStartedAsync();
        await using var reopened = new NpgsqlConnection(again);
        await reopened.OpenAsync();

        Assert.False(before.Initialized);
        Assert.True(stopped.Initialized);
        Assert.False(stopped.Running);
        Assert.Equal(42, await reopened.ExecuteScalarAsync<int>("select value from kept"));
        var wrongPassword = new NpgsqlConnectionStringBuilder(again) { Password = "not-the-password", Pooling = false };
        await using var intruder = new NpgsqlConnection(wrongPassword.ConnectionString);
        await Assert.ThrowsAsync<PostgresException>(() => intruder.OpenAsync());
    }

    [LocalPostgresFact]
    public async Task Starting_from_two_callers_at_once_gives_one_running_cluster()
    {
        var both = await Task.WhenAll(
            Task.Run(() => _cluster.EnsureStartedAsync()),
            Task.Run(() => new EmbeddedCluster(_home).EnsureStartedAsync()));

        Assert.Equal(both[0], both[1]);
        Assert.True((await _cluster.StatusAsync()).Running);
    }
}
