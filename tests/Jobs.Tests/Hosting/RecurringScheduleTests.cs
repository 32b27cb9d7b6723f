using Outcomes.Jobs.Status;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class RecurringScheduleTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("schedule");

    [Fact]
    public async Task A_recurring_pull_fires_on_its_schedule_and_status_shows_its_last_and_next_run()
    {
        var firstAdmission = new DateOnly(2025, 5, 5);
        BulkDrop.WriteSetup(_source, 4_000, firstAdmission);
        BulkDrop.WriteSessions(Path.Combine(_source, "sessions.csv"), 4_000, firstAdmission, seed: 2);
        var options = TestJobs.Options(_source, pullCron: "*/3 * * * * *");

        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "schedule"))
        {
            await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'succeeded'") >= 3,
                TimeSpan.FromMinutes(2), () => "the pull did not fire three times");
        }

        Assert.Equal(4_000, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Empty(Directory.EnumerateFiles(_source));
        // Occurrences follow the cron: never two at once, and no more runs than occurrences every three seconds allow. A
        // run may start late when the machine is busy (an occurrence at :45 started at :46.06, the next at :48.04), so
        // the gap between two starts alone says nothing; one late occurrence is allowed for.
        var runs = await database.QueryAsync<(DateTime Started, DateTime? Finished)>(
            "select started_at, finished_at from job_run where job = 'pull' and outcome <> 'skipped' order by started_at");
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.First.Finished is { } finished && pair.Second.Started >= finished,
            $"the pull of {pair.Second.Started:HH:mm:ss.fff} started before the one of {pair.First.Started:HH:mm:ss.fff} had finished"));
        var span = runs[^1].Started - runs[0].Started;
        Assert.True(runs.Count <= (int)(span.TotalSeconds / 3) + 2, $"{runs.Count} pulls in {span.TotalSeconds:F1} s: more than the schedule allows");

        var status = await new JobStatusQuery(database.DataSource, database.ConnectionString).LoadAsync();
        var pull = Assert.Single(status!, s => s.Id == "pull:north");
        Assert.Equal(("*/3 * * * * *", "succeeded"), (pull.Cron, pull.LastOutcome));
        Assert.NotNull(pull.LastDuration);
        Assert.True(pull.NextRun > pull.LastStarted, "the next run is not after the last");
        Assert.Equal(["data-quality", "model-check", "monthly-report", "nightly", "pull:north", "retention", "retrain"], status!.Select(s => s.Id));
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
