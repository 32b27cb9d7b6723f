using Dapper;
using Npgsql;
using Outcomes.Database.Locks;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Database.Tests.Locks;

public sealed class AdvisoryLockTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string WaitingSql = """
        select count(*) from pg_locks
        where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())
        """;

    /// <summary>
    /// How the three hand-rolled locks took their keys before <see cref="AdvisoryLock"/>, spelled out here (0x7c03e5000001 and 0x7c03e5000002 in decimal) and not
    /// taken from it: a process of an earlier version must still exclude one of this version.
    /// </summary>
    public static TheoryData<string, string> EarlierVersionsLocks => new()
    {
        { "migration", "select pg_try_advisory_lock(136356168728577)" },
        { "ingest", "select pg_try_advisory_lock(136356168728578)" },
        { "job", "select pg_try_advisory_lock(hashtextextended('outcomes-job:pull:north', 0))" },
    };

    [Theory]
    [MemberData(nameof(EarlierVersionsLocks))]
    public async Task A_lock_taken_the_way_an_earlier_version_took_it_excludes_the_same_named_key(string key, string earlierSql)
    {
        await using var earlier = await database.DataSource.OpenConnectionAsync();
        await using var current = await database.DataSource.OpenConnectionAsync();
        Assert.True(await earlier.ExecuteScalarAsync<bool>(earlierSql));

        var held = await AdvisoryLock.TryAcquireAsync(current, Key(key), CancellationToken.None);

        Assert.Null(held);
        await earlier.ExecuteAsync("select pg_advisory_unlock_all()");
        await using var after = await AdvisoryLock.TryAcquireAsync(current, Key(key), CancellationToken.None);
        Assert.NotNull(after);
        // And the other way round: the earlier version's statement finds the key taken.
        Assert.False(await earlier.ExecuteScalarAsync<bool>(earlierSql));
    }

    [Fact]
    public void The_fixed_keys_are_the_numbers_the_migration_runner_and_the_ingest_always_used()
    {
        Assert.Equal(0x0_7c03_e500_0001, AdvisoryLock.Keys.Migration.Number);
        Assert.Equal(0x0_7c03_e500_0002, AdvisoryLock.Keys.Ingest.Number);
        Assert.Null(AdvisoryLock.Keys.Job("pull", "north").Number);
    }

    [Fact]
    public async Task Jobs_of_different_scopes_do_not_exclude_each_other_and_a_released_lock_is_taken_at_once()
    {
        await using var first = await database.DataSource.OpenConnectionAsync();
        await using var second = await database.DataSource.OpenConnectionAsync();

        await using (var north = await AdvisoryLock.TryAcquireAsync(first, AdvisoryLock.Keys.Job("pull", "north"), CancellationToken.None))
        {
            Assert.NotNull(north);
            await using var south = await AdvisoryLock.TryAcquireAsync(second, AdvisoryLock.Keys.Job("pull", "south"), CancellationToken.None);
            Assert.NotNull(south);
            Assert.Null(await AdvisoryLock.TryAcquireAsync(second, AdvisoryLock.Keys.Job("pull", "north"), CancellationToken.None));
        }

        await using var again = await AdvisoryLock.TryAcquireAsync(second, AdvisoryLock.Keys.Job("pull", "north"), CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_when_its_holder_releases_it()
    {
        await using var holderConnection = await database.DataSource.OpenConnectionAsync();
        await using var waiterConnection = await database.DataSource.OpenConnectionAsync();
        var holder = await AdvisoryLock.AcquireAsync(holderConnection, AdvisoryLock.Keys.Ingest, Timeout.InfiniteTimeSpan, CancellationToken.None);

        var waiting = AdvisoryLock.AcquireAsync(waiterConnection, AdvisoryLock.Keys.Ingest, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await UntilWaitingAsync(1);
        Assert.False(waiting.IsCompleted);
        await holder.DisposeAsync();

        await using var taken = await waiting;
        Assert.Equal(AdvisoryLock.Keys.Ingest, taken.Key);
        Assert.Null(await AdvisoryLock.TryAcquireAsync(holderConnection, AdvisoryLock.Keys.Ingest, CancellationToken.None));
    }

    [Fact]
    public async Task A_wait_longer_than_the_timeout_ends_with_a_timeout_naming_the_lock()
    {
        await using var holderConnection = await database.DataSource.OpenConnectionAsync();
        await using var waiterConnection = await database.DataSource.OpenConnectionAsync();
        await using var holder = await AdvisoryLock.AcquireAsync(holderConnection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            AdvisoryLock.AcquireAsync(waiterConnection, AdvisoryLock.Keys.Migration, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Contains("migration lock", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>(WaitingSql));
    }

    [Fact]
    public async Task Cancelling_a_wait_ends_it_on_the_server_and_the_connection_stays_usable()
    {
        await using var holderConnection = await database.DataSource.OpenConnectionAsync();
        await using var waiterConnection = await database.DataSource.OpenConnectionAsync();
        await using var holder = await AdvisoryLock.AcquireAsync(holderConnection, AdvisoryLock.Keys.Job("retrain", "all"), Timeout.InfiniteTimeSpan, CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var waiting = AdvisoryLock.AcquireAsync(waiterConnection, AdvisoryLock.Keys.Job("retrain", "all"), Timeout.InfiniteTimeSpan, stop.Token);
        await UntilWaitingAsync(1);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, await database.ScalarAsync<long>(WaitingSql));
        Assert.Equal(1, await waiterConnection.ExecuteScalarAsync<int>("select 1"));
    }

    [Fact]
    public async Task Shared_holders_keep_an_exclusive_request_waiting_and_a_shared_request_after_it_waits_behind_it()
    {
        await using var jobConnection = await database.DataSource.OpenConnectionAsync();
        await using var otherJobConnection = await database.DataSource.OpenConnectionAsync();
        await using var migrateConnection = await database.DataSource.OpenConnectionAsync();
        await using var laterJobConnection = await database.DataSource.OpenConnectionAsync();
        var job = await AdvisoryLock.AcquireSharedAsync(jobConnection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await using (var otherJob = await AdvisoryLock.TryAcquireSharedAsync(otherJobConnection, AdvisoryLock.Keys.Migration, CancellationToken.None))
        {
            Assert.NotNull(otherJob);
            Assert.True(otherJob.Shared);
            Assert.Null(await AdvisoryLock.TryAcquireAsync(migrateConnection, AdvisoryLock.Keys.Migration, CancellationToken.None));
        }

        var migrate = AdvisoryLock.AcquireAsync(migrateConnection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await UntilWaitingAsync(1);
        // A job arriving now neither gets in beside the first nor overtakes the waiting migration.
        Assert.Null(await AdvisoryLock.TryAcquireSharedAsync(laterJobConnection, AdvisoryLock.Keys.Migration, CancellationToken.None));
        var laterJob = AdvisoryLock.AcquireSharedAsync(laterJobConnection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await UntilWaitingAsync(2);

        await job.DisposeAsync();
        await using (await migrate)
        {
            Assert.False(laterJob.IsCompleted);
        }

        await using var later = await laterJob;
        Assert.Equal(0, await database.ScalarAsync<long>(WaitingSql));
    }

    private static AdvisoryLockKey Key(string name) => name switch
    {
        "migration" => AdvisoryLock.Keys.Migration,
        "ingest" => AdvisoryLock.Keys.Ingest,
        _ => AdvisoryLock.Keys.Job("pull", "north"),
    };

    /// <summary>Until the server shows <paramref name="sessions"/> sessions waiting for an advisory lock of this database.</summary>
    private async Task UntilWaitingAsync(long sessions)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await database.ScalarAsync<long>(WaitingSql) != sessions)
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
