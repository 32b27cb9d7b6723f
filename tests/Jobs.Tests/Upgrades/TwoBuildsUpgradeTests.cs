using Npgsql;
using Outcomes.Database.Locks;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// An upgrade with two real builds: the previous release (<see cref="PreviousReleaseBuild"/>, built from its commit)
/// makes a database at its schema and serves it, and this build's <c>outcomes db migrate</c> upgrades it under the
/// running server, as docs/jobs.md ("Upgrading") tells an IT team to do. The test holds the ingest lock so that one of
/// the old server's pulls stays running as long as it needs, and watches PostgreSQL's lock table, not the clock.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class TwoBuildsUpgradeTests(PreviousReleaseBuild previous) : IClassFixture<PreviousReleaseBuild>, IAsyncLifetime
{
    // Releases after this one refuse each job once a newer build has migrated the schema (JobExecution); this one
    // predates that, and its server carries on running jobs against the newer schema until it is restarted.
    private const string LastReleaseWithoutTheJobRefusal = "436616096f3e8138fb8901d22bc4370077d647e6";

    // An advisory lock on a bigint key shows in pg_locks as its high and low 32 bits.
    private static readonly long MigrationKey = AdvisoryLock.Keys.Migration.Number!.Value;
    private const string MigrationLockSql = """
        select count(*) from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
          and classid::bigint = @High and objid::bigint = @Low and objsubid = 1
          and mode = @Mode and granted = @Granted
        """;

    private readonly string _work = TestJobs.NewFolder("upgrade");
    private readonly string _database = "upgrade_" + Guid.NewGuid().ToString("N")[..16];
    private string _admin = "";
    private string _connection = "";

    public async Task InitializeAsync()
    {
        // An empty database: the previous release makes its schema itself.
        _admin = await TestDatabase.AdminConnectionStringAsync();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"create database {_database}", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        _connection = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    }

    [PreviousReleaseFact]
    public async Task A_running_server_of_the_previous_release_is_upgraded_by_this_builds_migrate_and_this_builds_server_takes_over()
    {
        var old = PreviousRelease.SchemaVersion;
        var build = MigrationRunner.BuildVersion;
        var created = await CliProcess.RunBuildAsync(previous.Program, _connection, _work, "db", "migrate");
        Assert.True(created.ExitCode == 0, "the previous release could not make its schema:\n" + created.Errors);
        Assert.Equal(old, await ScalarAsync<int>("select max(version) from schema_migration"));

        var source = Path.Combine(_work, "inbox");
        BulkDrop.WriteSetup(source, 200, new DateOnly(2025, 3, 3));
        var options = TestJobs.Options(source, pullCron: "* * * * * *");
        options.Schedules.DataQuality = "* * * * * *";
        var config = ServerConfig.Write(options, _work);

        // The old server's pull waits for this lock inside its run, holding the migration lock shared all the while.
        await using var ingestHolder = new NpgsqlConnection(_connection);
        await ingestHolder.OpenAsync();
        var ingest = await AdvisoryLock.AcquireAsync(ingestHolder, AdvisoryLock.Keys.Ingest, TimeSpan.FromSeconds(10), CancellationToken.None);
        using var oldServer = CliProcess.StartBuild(previous.Program, _connection, _work, "serve", "--config", config, "--server-name", "previous-release");
        await WaitUntilAsync(async () => await MigrationLocksAsync("ShareLock", granted: true) >= 1,
            TimeSpan.FromMinutes(2), () => "no job of the previous release held the migration lock:\n" + oldServer.Errors);

        // This build's migrate waits for the old server's running job, and the old server's next jobs wait behind it.
        using var migrate = CliProcess.Start(_connection, "db", "migrate");
        await WaitUntilAsync(async () => await MigrationLocksAsync("ExclusiveLock", granted: false) == 1,
            TimeSpan.FromMinutes(1), () => "the migrate did not wait for the old server's running job:\n" + migrate.Errors);
        await WaitUntilAsync(async () => await MigrationLocksAsync("ShareLock", granted: false) >= 1,
            TimeSpan.FromMinutes(1), () => "no job of the old server waited behind the migrate:\n" + oldServer.Errors);
        Assert.False(migrate.HasExited, "the migrate finished while a job was running:\n" + migrate.Errors);
        Assert.Equal(old, await ScalarAsync<int>("select max(version) from schema_migration"));

        await ingest.DisposeAsync();
        await WaitUntilAsync(() => Task.FromResult(migrate.HasExited), TimeSpan.FromMinutes(2), () => "the migrate never ran:\n" + migrate.Errors);
        Assert.True(migrate.ExitCode == 0, migrate.Errors);
        Assert.Contains("Waiting for the running jobs", migrate.Errors, StringComparison.Ordinal);
        Assert.Contains($"{build:0000}_", migrate.Output, StringComparison.Ordinal);
        var migratedAt = await ScalarAsync<DateTime>("select max(applied_at) from schema_migration");
        Assert.Equal(build, await ScalarAsync<int>("select max(version) from schema_migration"));
        // The held pull finished before the migrate changed anything.
        Assert.Equal(1L, await ScalarAsync<long>(
            "select count(*) from job_run where job = 'pull' and outcome = 'succeeded' and finished_at <= @At", new { At = migratedAt }));

        var newer = $"The database's schema is at version {build:0000}, newer than this build of Outcomes, which knows versions up to {old:0000}";
        if (PreviousRelease.Commit == LastReleaseWithoutTheJobRefusal)
        {
            // What that release does, as released: its jobs carry on against the newer schema (this build refuses them).
            await WaitUntilAsync(async () => await ScalarAsync<long>(
                    "select count(*) from job_run where build_schema is null and outcome = 'succeeded' and started_at > @At", new { At = migratedAt }) >= 1,
                TimeSpan.FromMinutes(1), () => "the old server ran no job after the migrate:\n" + oldServer.Errors);
        }
        else
        {
            // Its jobs fail, naming both versions, and are retried: by a server of this build once one runs.
            await WaitUntilAsync(async () => await ScalarAsync<long>(
                    "select count(*) from job_run where build_schema = @Old and outcome = 'failed' and started_at > @At and summary like @Newer",
                    new { At = migratedAt, Old = old, Newer = newer + "%" }) >= 1,
                TimeSpan.FromMinutes(1), () => "the old server did not refuse its jobs:\n" + oldServer.Errors);
            Assert.Equal(0L, await ScalarAsync<long>(
                "select count(*) from job_run where build_schema = @Old and outcome = 'succeeded' and started_at > @At", new { At = migratedAt, Old = old }));
            Assert.Contains(newer, oldServer.Errors, StringComparison.Ordinal);
        }

        await oldServer.StopAsync(TimeSpan.FromSeconds(60));
        Assert.True(oldServer.ExitCode == 0, oldServer.Errors);

        // Restarted, the previous release refuses to start against the newer schema, naming both versions.
        var restarted = await CliProcess.RunBuildAsync(previous.Program, _connection, _work, "serve", "--config", config);
        Assert.Equal(1, restarted.ExitCode);
        Assert.Contains(newer, restarted.Errors, StringComparison.Ordinal);

        // This build's server takes over: its jobs run and succeed.
        var takeover = await ScalarAsync<DateTime>("select now()");
        using var server = CliProcess.StartIn(_connection, _work, "serve", "--config", config, "--server-name", "this-build");
        await WaitUntilAsync(async () => await ScalarAsync<long>(
                "select count(*) from job_run where build_schema = @Build and outcome = 'succeeded' and started_at > @At", new { At = takeover, Build = build }) >= 2,
            TimeSpan.FromMinutes(2), () => "this build's server ran no job:\n" + server.Errors);
        await server.StopAsync(TimeSpan.FromSeconds(60));
        Assert.True(server.ExitCode == 0, server.Errors);
        Assert.True(await ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'") > 0, "the pulls loaded nothing");
    }

    private static Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what) => TestJobs.WaitUntilAsync(done, timeout, what);

    private Task<T> ScalarAsync<T>(string sql, object? parameters = null) => TestJobs.ScalarAsync<T>(_connection, sql, parameters);

    private async Task<long> MigrationLocksAsync(string mode, bool granted)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(MigrationLockSql, connection);
        command.Parameters.AddWithValue("High", MigrationKey >> 32);
        command.Parameters.AddWithValue("Low", MigrationKey & 0xffff_ffff);
        command.Parameters.AddWithValue("Mode", mode);
        command.Parameters.AddWithValue("Granted", granted);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(_admin))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_work, recursive: true);
    }
}
