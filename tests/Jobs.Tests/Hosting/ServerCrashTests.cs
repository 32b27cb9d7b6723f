using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// The server process killed outright (SIGKILL: no cleanup runs) in the middle of ingesting a large file, then started
/// again: the file's transaction rolled back, the restarted server pulls it again, and every row is in exactly once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ServerCrashTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const int Sessions = 600_000;
    private static readonly DateOnly FirstAdmission = new(2024, 1, 1);
    private readonly string _work = TestJobs.NewFolder("crash");

    [Fact]
    public async Task A_server_killed_mid_file_and_restarted_loads_every_row_exactly_once()
    {
        var source = Path.Combine(_work, "inbox");
        BulkDrop.WriteSetup(source, Sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(source, "sessions.csv"), Sessions, FirstAdmission, seed: 11);
        var config = ServerConfig.Write(TestJobs.Options(source, pullCron: "*/2 * * * * *"), _work);

        using (var first = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config, "--server-name", "first"))
        {
            await TestJobs.WaitUntilAsync(
                async () => await database.ScalarAsync<long>("select count(*) from ingest_batch where entity = 'sessions' and status = 'started'") == 1,
                TimeSpan.FromMinutes(3), () => "the sessions file never started loading:\n" + first.Errors);
            await Task.Delay(300);
            first.Kill();
        }

        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from ingest_batch where entity = 'sessions' and status = 'committed'"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.True(File.Exists(Path.Combine(source, "sessions.csv")), "the file left its folder before its batch committed");

        using (var second = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config, "--server-name", "second"))
        {
            await TestJobs.WaitUntilAsync(
                async () => !File.Exists(Path.Combine(source, "sessions.csv"))
                            && await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'succeeded' and summary like '%loaded%'") > 0,
                TimeSpan.FromMinutes(4), () => "the restarted server did not finish the file:\n" + second.Errors);
            await second.StopAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, second.ExitCode);
        }

        Assert.Equal(Sessions, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from ingest_batch where entity = 'sessions' and status = 'committed'"));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from ingest_batch where entity = 'sessions' and status = 'abandoned'"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from job_run where outcome = 'running'"));
        Assert.True(File.Exists(Directory.EnumerateFiles(Path.Combine(source, "processed"), "sessions.csv", SearchOption.AllDirectories).Single()));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
