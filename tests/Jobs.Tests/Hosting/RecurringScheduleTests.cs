using Outcomes.Cli.Bench;
using Outcomes.Jobs.Status;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

[Collection(InProcessServerCollection.Name)]
public sealed class RecurringScheduleTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("schedule");

    [Fact]
    public async Task A_recurring_pull_fires_on_its_schedule_and_status_shows_its_last_and_next_run()
    {
        var firstAdmission = new DateOnly(2025, 5, 5);
        BenchmarkData.WriteSetup(_source, 4_000, firstAdmission);
        BenchmarkData.WriteSessions(Path.Combine(_source, "sessions.csv"), 4_000, firstAdmission, seed: 2);
        var options = TestJobs.Options(_source, pullCron: "*/3 * * * * *");

        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "schedule"))
        {
            await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'succeeded'") >= 3,
                TimeSpan.FromMinutes(2), () => "the pull did not fire three times");
        }

        Assert.Equal(4_000, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Empty(Directory.EnumerateFiles(_source));
        // Occurrences follow the cron: starts at least about three seconds apart, never two at once.
        var starts = await database.QueryAsync<DateTime>("select started_at from job_run where job = 'pull' and outcome <> 'skipped' order by started_at");
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True((pair.Second - pair.First).TotalSeconds > 2, $"pulls {pair.First:HH:mm:ss.fff} and {pair.Second:HH:mm:ss.fff} closer than the schedule"));

        var status = await new JobStatusQuery(database.DataSource, database.ConnectionString).LoadAsync();
        var pull = Assert.Single(status!, s => s.Id == "pull:north");
        Assert.Equal(("*/3 * * * * *", "succeeded"), (pull.Cron, pull.LastOutcome));
        Assert.NotNull(pull.LastDuration);
        Assert.True(pull.NextRun > pull.LastStarted, "the next run is not after the last");
        Assert.Equal(["data-quality", "model-check", "monthly-report", "nightly", "pull:north", "retrain"], status!.Select(s => s.Id));
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
