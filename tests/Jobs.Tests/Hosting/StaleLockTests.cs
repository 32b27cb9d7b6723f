using Outcomes.Jobs.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// A server killed while it held a recurring job's lock leaves the lock row behind until it expires (the storage's
/// DistributedLockTimeout); a server started in the meantime waits for it instead of failing to start. The lock row is
/// planted as a server that died some time ago would have left it, so the wait is only what is left of its lifetime.
/// </summary>
[Collection(InProcessServerCollection.Name)]
public sealed class StaleLockTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("stale-lock");

    [Fact]
    public async Task A_server_starting_while_a_dead_servers_lock_is_held_waits_until_it_expires_and_starts()
    {
        var elapsed = await StartWithLockLeftAsync(TimeSpan.FromSeconds(3));

        // The lock could not be taken before it expired: the server waited for it, then took and released it.
        Assert.True(elapsed > TimeSpan.FromSeconds(2), $"the server started after {elapsed.TotalSeconds:F1} s, before the lock expired");
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task A_lock_outliving_one_attempt_to_take_it_is_waited_for_again_and_the_server_starts()
    {
        // Hangfire gives up one attempt after 15 s; the lock expires after 18 s, so the registrar must try again.
        var elapsed = await StartWithLockLeftAsync(TimeSpan.FromSeconds(18));

        Assert.True(elapsed > TimeSpan.FromSeconds(15), $"the server started after {elapsed.TotalSeconds:F1} s, before the lock expired");
    }

    /// <summary>
    /// Leaves the lock row of a pull job that expires in <paramref name="expiresIn"/>, starts a server and returns how long
    /// it took to start; the row is gone afterwards.
    /// </summary>
    private async Task<TimeSpan> StartWithLockLeftAsync(TimeSpan expiresIn)
    {
        var options = TestJobs.Options(_source);
        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "first"))
        {
            // Hangfire's schema and the recurring jobs now exist.
        }

        var resource = $"{JobsHost.Schema}:lock:recurring-job:{RecurringJobRegistrar.PullId("north")}";
        var age = JobsHost.StorageOptions(options).DistributedLockTimeout - expiresIn;
        await database.ScalarAsync<int>(
            $"insert into {JobsHost.Schema}.lock (resource, updatecount, acquired) values (@Resource, 0, now() - @Age) returning 1",
            new { Resource = resource, Age = age });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "second"))
        {
            clock.Stop();
        }

        Assert.Equal(0, await database.ScalarAsync<int>($"select count(*)::int from {JobsHost.Schema}.lock where resource = @Resource", new { Resource = resource }));
        return clock.Elapsed;
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
