using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Runs.Lanes;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs.Lanes;

/// <summary>
/// The lane scheduler on real connections: each lane runs its steps in turn on its own connection, the lanes run at the
/// same time, results keep the order of the steps, a failing step stops the other lanes and surfaces itself, and the
/// caller's token stops everything. Steps that must be in flight together meet at task signals, and a step that must
/// be cancelled waits on an advisory lock the test holds, so nothing depends on time (the waits' time limits only keep
/// a broken scheduler from hanging the run).
/// </summary>
public sealed class LaneSchedulerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Waits for the lock the test holds, which only cancellation should end; the lock timeout, twice the guard, only
    /// lets a scheduler that failed to cancel the statement fail the test and still close its connections.
    /// </summary>
    private const string WaitForTheLock = "set lock_timeout = '2min'; select pg_advisory_lock(@Key)";

    [Fact]
    public async Task Each_lane_runs_its_steps_in_turn_and_the_results_keep_the_order_the_steps_were_given_in()
    {
        await using var lane0 = await database.DataSource.OpenConnectionAsync();
        await using var lane1 = await database.DataSource.OpenConnectionAsync();
        var ran = new ConcurrentQueue<string>();
        var fromLane1 = "";
        LaneStep<string> Step(int lane, int turn, string name, Func<NpgsqlConnection, Task<LaneResult<string>>>? run = null) =>
            new(lane, turn, async (c, _) =>
            {
                ran.Enqueue(name);
                return run is null ? LaneResult<string>.Done(name) : await run(c);
            });

        LaneStep<string>[] steps =
        [
            Step(0, 2, "a2"),
            Step(1, 1, "b1", async c => LaneResult<string>.Done(await c.ExecuteScalarAsync<string>("select string_agg(x, ',' order by x) from pg_temp.made_by_b0") ?? "")),
            Step(0, 0, "a0", _ => Task.FromResult(LaneResult<string>.After(() => Task.FromResult($"a0 after both lanes, seeing {fromLane1}")))),
            Step(1, 0, "b0", async c =>
            {
                await c.ExecuteAsync("create temp table made_by_b0 as select unnest(array['x', 'y']) as x");
                return LaneResult<string>.Done("b0");
            }),
            Step(0, 1, "a1"),
            Step(1, 2, "b2", _ =>
            {
                fromLane1 = "b2";
                return Task.FromResult(LaneResult<string>.Done("b2"));
            }),
        ];

        var results = await LaneScheduler.RunAsync([lane0, lane1], steps);

        Assert.Equal(["a2", "x,y", "a0 after both lanes, seeing b2", "b0", "a1", "b2"], results);
        Assert.Equal(["a0", "a1", "a2"], ran.Where(n => n.StartsWith('a')));
        Assert.Equal(["b0", "b1", "b2"], ran.Where(n => n.StartsWith('b')));
    }

    [Fact]
    public async Task The_lanes_run_at_the_same_time_each_on_its_own_connection()
    {
        await using var lane0 = await database.DataSource.OpenConnectionAsync();
        await using var lane1 = await database.DataSource.OpenConnectionAsync();
        var started = new[] { Signal(), Signal() };

        // Each lane's step waits until the other lane's step has started: run one lane after the other, they never would.
        LaneStep<int> Meet(int lane) => new(lane, 0, async (c, ct) =>
        {
            started[lane].SetResult();
            await started[1 - lane].Task.WaitAsync(Guard, ct);
            return LaneResult<int>.Done(await c.ExecuteScalarAsync<int>(new CommandDefinition("select pg_backend_pid()", cancellationToken: ct)));
        });

        var pids = await LaneScheduler.RunAsync([lane0, lane1], [Meet(0), Meet(1)]).WaitAsync(Guard);

        Assert.Equal([lane0.ProcessID, lane1.ProcessID], pids);
        Assert.NotEqual(pids[0], pids[1]);
    }

    [Fact]
    public async Task A_failing_step_surfaces_its_own_exception_and_cancels_the_statement_running_in_the_other_lane()
    {
        await using var lane0 = await database.DataSource.OpenConnectionAsync();
        await using var lane1 = await database.DataSource.OpenConnectionAsync();
        await using var holder = await database.DataSource.OpenConnectionAsync();
        var key = Random.Shared.NextInt64();
        await holder.ExecuteAsync("select pg_advisory_lock(@Key)", new { Key = key });
        var waiting = Signal();
        var finished = false;
        var afterTheWait = false;
        LaneStep<string>[] steps =
        [
            // The failing lane comes second, so that awaiting the lanes in order would meet the other's cancellation first.
            new(1, 0, async (_, ct) =>
            {
                await waiting.Task.WaitAsync(Guard, ct);
                throw new InvalidOperationException("the second lane failed");
            }),
            new(0, 0, async (c, ct) =>
            {
                waiting.SetResult();
                // Blocks until the lock is free, which the test never lets happen: only cancellation ends it.
                await c.ExecuteAsync(new CommandDefinition(WaitForTheLock, new { Key = key }, commandTimeout: 0, cancellationToken: ct));
                return LaneResult<string>.After(() =>
                {
                    finished = true;
                    return Task.FromResult("");
                });
            }),
            new(0, 1, (_, _) =>
            {
                afterTheWait = true;
                return Task.FromResult(LaneResult<string>.Done(""));
            }),
        ];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LaneScheduler.RunAsync([lane0, lane1], steps).WaitAsync(Guard));

        Assert.Equal("the second lane failed", error.Message);
        Assert.False(afterTheWait);
        Assert.False(finished);
        Assert.Equal(0, await holder.ExecuteScalarAsync<long>(
            "select count(*) from pg_locks where locktype = 'advisory' and not granted and pid = @Pid", new { Pid = lane0.ProcessID }));
    }

    [Fact]
    public async Task Cancelling_the_callers_token_stops_every_lane_and_throws_operation_cancelled()
    {
        await using var lane0 = await database.DataSource.OpenConnectionAsync();
        await using var lane1 = await database.DataSource.OpenConnectionAsync();
        await using var holder = await database.DataSource.OpenConnectionAsync();
        var key = Random.Shared.NextInt64();
        await holder.ExecuteAsync("select pg_advisory_lock(@Key)", new { Key = key });
        var waiting = new[] { Signal(), Signal() };
        var later = 0;
        LaneStep<int> Wait(int lane) => new(lane, 0, async (c, ct) =>
        {
            waiting[lane].SetResult();
            await c.ExecuteAsync(new CommandDefinition(WaitForTheLock, new { Key = key }, commandTimeout: 0, cancellationToken: ct));
            return LaneResult<int>.Done(lane);
        });
        LaneStep<int> Later(int lane) => new(lane, 1, (_, _) =>
        {
            Interlocked.Increment(ref later);
            return Task.FromResult(LaneResult<int>.Done(lane));
        });
        using var cancel = new CancellationTokenSource();

        var run = LaneScheduler.RunAsync([lane0, lane1], [Wait(0), Wait(1), Later(0), Later(1)], cancel.Token);
        await Task.WhenAll(waiting.Select(w => w.Task)).WaitAsync(Guard);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));
        Assert.Equal(0, later);
    }

    [Fact]
    public async Task A_step_for_a_lane_that_is_not_there_is_refused_before_anything_runs()
    {
        await using var lane0 = await database.DataSource.OpenConnectionAsync();
        var ran = false;
        LaneStep<int> Step(int lane) => new(lane, 0, (_, _) =>
        {
            ran = true;
            return Task.FromResult(LaneResult<int>.Done(lane));
        });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LaneScheduler.RunAsync([lane0], [Step(0), Step(1)]));

        Assert.Contains("lane 1", error.Message, StringComparison.Ordinal);
        Assert.False(ran);
    }

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
