using Npgsql;
using Outcomes.Database.Locks;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// <c>outcomes db migrate</c> from a second process while a real <c>outcomes serve</c> runs jobs: it waits for the
/// running job (which holds the migration lock shared), jobs starting meanwhile wait for it, and the server carries on
/// once it is done. The test holds the ingest lock so that a pull stays running for as long as it needs, and watches
/// PostgreSQL's lock table rather than the clock.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class MigrateWhileServingTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // An advisory lock on a bigint key shows in pg_locks as its high and low 32 bits.
    private static readonly long MigrationKey = AdvisoryLock.Keys.Migration.Number!.Value;
    private const string MigrationLockSql = """
        select count(*) from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
          and classid::bigint = @High and objid::bigint = @Low and objsubid = 1
          and mode = @Mode and granted = @Granted
        """;

    private readonly string _work = TestJobs.NewFolder("migrate");

    [Fact]
    public async Task A_migrate_waits_for_the_running_job_holds_new_ones_and_the_server_carries_on_after_it()
    {
        var source = Path.Combine(_work, "inbox");
        BulkDrop.WriteSetup(source, 200, new DateOnly(2025, 3, 3));
        var options = TestJobs.Options(source, pullCron: "* * * * * *");
        options.Schedules.DataQuality = "* * * * * *";
        var config = ServerConfig.Write(options, _work);

        // The pull will wait for this lock inside its run, holding the migration lock shared all the while.
        await using var ingestHolder = new NpgsqlConnection(database.ConnectionString);
        await ingestHolder.OpenAsync();
        var ingest = await AdvisoryLock.AcquireAsync(ingestHolder, AdvisoryLock.Keys.Ingest, TimeSpan.FromSeconds(10), CancellationToken.None);

        using var server = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config, "--server-name", "serving");
        await TestJobs.WaitUntilAsync(async () => await MigrationLocksAsync("ShareLock", granted: true) >= 1,
            TimeSpan.FromMinutes(2), () => "no job held the migration lock:\n" + server.Errors);

        // Something for the migrate to do: the grants, applied again under the exclusive lock.
        await database.ScalarAsync<int>("with gone as (delete from schema_grant returning 1) select count(*)::int from gone");
        using var migrate = CliProcess.Start(database.ConnectionString, "db", "migrate");
        await TestJobs.WaitUntilAsync(async () => await MigrationLocksAsync("ExclusiveLock", granted: false) == 1,
            TimeSpan.FromMinutes(1), () => "the migrate did not wait for the running job:\n" + migrate.Errors);
        // A job due now asks for the lock shared and queues behind the waiting migrate instead of starting.
        await TestJobs.WaitUntilAsync(async () => await MigrationLocksAsync("ShareLock", granted: false) >= 1,
            TimeSpan.FromMinutes(1), () => "no new job waited behind the migrate:\n" + server.Errors);
        Assert.False(migrate.HasExited, "the migrate finished while a job was running:\n" + migrate.Errors);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from schema_grant"));

        await ingest.DisposeAsync();
        await TestJobs.WaitUntilAsync(() => Task.FromResult(migrate.HasExited), TimeSpan.FromMinutes(2), () => "the migrate never ran:\n" + migrate.Errors);
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Waiting for the running jobs", migrate.Errors, StringComparison.Ordinal);
        var grantedAt = await database.ScalarAsync<DateTime>("select applied_at from schema_grant");

        // The server carries on: a run starts after the migrate and succeeds.
        await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from job_run where outcome = 'succeeded' and started_at > @GrantedAt", new { GrantedAt = grantedAt }) >= 1,
            TimeSpan.FromMinutes(1), () => "no job ran after the migrate:\n" + server.Errors);
        await server.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, server.ExitCode);

        // The pull that was running finished before the migrate changed anything, and no run overlapped the migrate.
        Assert.Equal(1, await database.ScalarAsync<long>(
            "select count(*) from job_run where job = 'pull' and outcome = 'succeeded' and started_at < @GrantedAt and finished_at <= @GrantedAt",
            new { GrantedAt = grantedAt }));
        Assert.Equal(0, await database.ScalarAsync<long>(
            "select count(*) from job_run where outcome <> 'skipped' and started_at < @GrantedAt and (finished_at is null or finished_at > @GrantedAt)",
            new { GrantedAt = grantedAt }));
        Assert.Contains("the schema is being migrated; this run starts when the migration has finished", server.Output + server.Errors, StringComparison.Ordinal);
        Assert.True(await database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'") > 0, "the held pull loaded nothing");
    }

    private async Task<long> MigrationLocksAsync(string mode, bool granted)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(MigrationLockSql, connection);
        command.Parameters.AddWithValue("High", MigrationKey >> 32);
        command.Parameters.AddWithValue("Low", MigrationKey & 0xffff_ffff);
        command.Parameters.AddWithValue("Mode", mode);
        command.Parameters.AddWithValue("Granted", granted);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
