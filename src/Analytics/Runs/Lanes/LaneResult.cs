namespace Outcomes.Analytics.Runs.Lanes;

/// <summary>
/// What a <see cref="LaneStep{T}"/> hands back: its result (<see cref="Done"/>), or work that finishes it once every lane
/// is done (<see cref="After"/>): for a result that needs what another lane reads, or client-side work started in a
/// step that may go on while its lane runs the next.
/// </summary>
internal sealed class LaneResult<T>
{
    private readonly Func<Task<T>> _finish;

    private LaneResult(Func<Task<T>> finish) => _finish = finish;

    public static LaneResult<T> Done(T result) => new(() => Task.FromResult(result));

    /// <summary>A result that <paramref name="finish"/> gives once every lane is done; it is not called when a lane failed.</summary>
    public static LaneResult<T> After(Func<Task<T>> finish) => new(finish);

    internal Task<T> FinishAsync() => _finish();
}
