using System.Runtime.ExceptionServices;
using Npgsql;

namespace Outcomes.Analytics.Runs.Lanes;

/// <summary>
/// Runs steps in lanes, each lane on a connection of its own, so that the server works on as many statements at a
/// time as there are lanes:
/// <list type="bullet">
/// <item>A lane runs its steps one after the other, in the order of their turns; the lanes run at the same time and
/// never wait for each other. A step may therefore rely on what an earlier step of its own lane left on the
/// connection (a temporary table), never on another lane's.</item>
/// <item>Once every lane is done, the results are finished one by one in the order of the steps as given, whatever
/// lane ran them (<see cref="LaneResult{T}.After"/>), and returned in that order.</item>
/// <item>When a step fails, the other lanes are cancelled (their running statement too, through the token each step
/// is given) and the step's exception is thrown, not the cancellations it caused. When the caller's token is cancelled,
/// every lane stops and an <see cref="OperationCanceledException"/> is thrown.</item>
/// </list>
/// </summary>
internal static class LaneScheduler
{
    /// <summary>
    /// Runs <paramref name="steps"/>, each on <c>lanes[step.Lane]</c>, and returns their results in the order of
    /// <paramref name="steps"/>. The connections are open and stay the caller's.
    /// </summary>
    public static async Task<IReadOnlyList<T>> RunAsync<T>(
        IReadOnlyList<NpgsqlConnection> lanes, IReadOnlyList<LaneStep<T>> steps, CancellationToken cancellationToken = default)
    {
        if (steps.FirstOrDefault(s => s.Lane < 0 || s.Lane >= lanes.Count) is { } outside)
        {
            throw new ArgumentException($"A step asks for lane {outside.Lane}, but there are {lanes.Count} lanes.", nameof(steps));
        }

        var results = new LaneResult<T>[steps.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;

        async Task LaneAsync(int lane)
        {
            try
            {
                foreach (var i in Enumerable.Range(0, steps.Count).Where(i => steps[i].Lane == lane).OrderBy(i => steps[i].Turn))
                {
                    stop.Token.ThrowIfCancellationRequested();
                    results[i] = await steps[i].Run(lanes[lane], stop.Token);
                }
            }
            catch (Exception exception) when (!stop.IsCancellationRequested)
            {
                // The first failure stops the other lanes; their cancellations are its consequence, not news.
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(exception), null);
                await stop.CancelAsync();
                throw;
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, lanes.Count).Select(LaneAsync));
        }
        catch when (failure is not null)
        {
            failure.Throw();
        }

        var finished = new T[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            finished[i] = await results[i].FinishAsync();
        }

        return finished;
    }
}
