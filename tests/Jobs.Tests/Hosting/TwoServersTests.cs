using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>Two server processes sharing one database: every job occurrence runs once, on one of them.</summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class TwoServersTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const int Sessions = 20_000;
    private readonly string _work = TestJobs.NewFolder("two");

    [Fact]
    public async Task Two_servers_sharing_a_database_run_each_job_once()
    {
        var source = Path.Combine(_work, "inbox");
        Directory.CreateDirectory(source);
        var config = ServerConfig.Write(TestJobs.Options(source, pullCron: "*/2 * * * * *"), _work);

        using var first = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config, "--server-name", "first");
        using var second = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config, "--server-name", "second");
        await TestJobs.WaitUntilAsync(
            async () => await ServersAsync() == 2,
            TimeSpan.FromMinutes(2), () => "both servers did not register:\n" + first.Errors + second.Errors);

        // Two drops arrive a few pulls apart while both servers watch the folder.
        var firstAdmission = new DateOnly(2025, 3, 3);
        BulkDrop.WriteSetup(source, Sessions, firstAdmission);
        BulkDrop.WriteSessions(Path.Combine(source, "sessions.csv"), Sessions, firstAdmission, seed: 5);
        await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from attendance_session") == Sessions,
            TimeSpan.FromMinutes(2), () => "the first drop did not load:\n" + first.Errors + second.Errors);
        BulkDrop.WriteSessions(Path.Combine(source, "sessions_2025-04.csv"), Sessions, firstAdmission, seed: 6);
        await TestJobs.WaitUntilAsync(async () => !File.Exists(Path.Combine(source, "sessions_2025-04.csv")),
            TimeSpan.FromMinutes(2), () => "the second drop did not load:\n" + first.Errors + second.Errors);
        // Both servers keep watching for a few more pulls: a pull run twice or two at once would show in job_run.
        var pullsBefore = await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull'");
        await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome <> 'running'") >= pullsBefore + 3,
            TimeSpan.FromMinutes(1), () => "the servers stopped pulling:\n" + first.Errors + second.Errors);

        await first.StopAsync(TimeSpan.FromSeconds(60));
        await second.StopAsync(TimeSpan.FromSeconds(60));

        // Every Hangfire job ran once: no job id appears in two runs, and no two pulls of the source overlapped.
        Assert.Equal(0, await database.ScalarAsync<long>(
            "select count(*) from (select hangfire_job_id from job_run where hangfire_job_id is not null group by 1 having count(*) > 1) twice"));
        Assert.Equal(0, await database.ScalarAsync<long>("""
            select count(*) from job_run a join job_run b on a.job_run_id < b.job_run_id and a.job = b.job and a.scope = b.scope
            where a.outcome <> 'skipped' and b.outcome <> 'skipped' and a.started_at < b.finished_at and b.started_at < a.finished_at
            """));
        Assert.True(await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull'") > pullsBefore, "the servers stopped pulling");
        // Each file loaded once: one committed batch per file, and both drops' rows in.
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from (select file_name from ingest_batch where status = 'committed' group by 1 having count(*) > 1) twice"));
        Assert.Equal(5, await database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from job_run where outcome in ('running', 'failed')"));
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
    }

    /// <summary>Servers registered in Hangfire's storage; none until the first server has created its schema.</summary>
    private async Task<long> ServersAsync()
    {
        try
        {
            return await database.ScalarAsync<long>("select count(*) from hangfire.server");
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
