using Outcomes.Jobs.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// A server killed while it held a recurring job's lock leaves the lock row behind until it expires; a server started
/// in the meantime waits for it instead of failing to start.
/// </summary>
[Collection(InProcessServerCollection.Name)]
public sealed class StaleLockTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("stale-lock");

    [Fact]
    public async Task A_server_starting_while_a_dead_servers_lock_is_held_waits_for_it_and_starts()
    {
        var options = TestJobs.Options(_source);
        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "first"))
        {
            // Hangfire's schema and the recurring jobs now exist.
        }

        // The lock row a killed server would leave: held longer than one attempt to take it waits (about 15 s).
        var resource = $"{JobsHost.Schema}:lock:recurring-job:{RecurringJobRegistrar.PullId("north")}";
        await database.ScalarAsync<int>(
            $"insert into {JobsHost.Schema}.lock (resource, updatecount, acquired) values (@Resource, 0, now()) returning 1", new { Resource = resource });
        var release = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20));
            await database.ScalarAsync<int>($"with gone as (delete from {JobsHost.Schema}.lock where resource = @Resource returning 1) select count(*)::int from gone", new { Resource = resource });
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "second"))
        {
            Assert.True(clock.Elapsed > TimeSpan.FromSeconds(15), $"the server started after {clock.Elapsed.TotalSeconds:F1} s, before the lock was given up");
        }

        await release;
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
