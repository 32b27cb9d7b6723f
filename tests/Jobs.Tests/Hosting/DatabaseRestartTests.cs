using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Pull;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// PostgreSQL stopped and started again while a job loads a large file: the job fails, Hangfire retries it with
/// backoff, and it completes with every row in once. The cluster is a private one, so other tests never see the outage.
/// </summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private const int Sessions = 400_000;
    private static readonly DateOnly FirstAdmission = new(2024, 6, 3);
    private readonly string _work = TestJobs.NewFolder("restart");
    private EmbeddedCluster _cluster = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _cluster = new EmbeddedCluster(Path.Combine(_work, "cluster"));
        _connectionString = await _cluster.EnsureStartedAsync();
    }

    [LocalPostgresFact]
    public async Task A_job_interrupted_by_a_database_restart_is_retried_and_completes_with_nothing_lost_or_doubled()
    {
        var source = Path.Combine(_work, "inbox");
        BulkDrop.WriteSetup(source, Sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(source, "sessions.csv"), Sessions, FirstAdmission, seed: 13);
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await new MigrationRunner().MigrateAsync(dataSource);

        // The pull's schedule is far away: only the job enqueued here, and its retries, can load the file.
        await using (var server = await InProcessServer.StartAsync(TestJobs.Options(source), _connectionString, dataSource, "restart"))
        {
            var jobId = server.Host.Services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue<PullJob>(j => j.RunAsync("north", null, CancellationToken.None));
            await TestJobs.WaitUntilAsync(async () => await CountAsync("select count(*) from ingest_batch where entity = 'sessions' and status = 'started'") == 1,
                TimeSpan.FromMinutes(3), () => "the sessions file never started loading");

            await _cluster.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await _cluster.EnsureStartedAsync();

            await TestJobs.WaitUntilAsync(async () => await CountAsync("select count(*) from ingest_batch where entity = 'sessions' and status = 'committed'") == 1,
                TimeSpan.FromMinutes(4), () => "the job did not complete after the restart");
            await TestJobs.WaitUntilAsync(async () => !File.Exists(Path.Combine(source, "sessions.csv")),
                TimeSpan.FromMinutes(1), () => "the file was not moved after its batch committed");

            Assert.Equal(Sessions, await CountAsync("select count(*) from attendance_session"));
            var runs = await QueryAsync("select outcome from job_run where hangfire_job_id = @Id order by job_run_id", new { Id = jobId });
            // The same Hangfire job ran again: the interrupted attempt is closed as failed, the retry succeeded.
            Assert.True(runs.Count >= 2, "no retry: " + string.Join(", ", runs));
            Assert.Equal(("failed", "succeeded"), (runs[0], runs[^1]));
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> QueryAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, sql, parameters)];
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
