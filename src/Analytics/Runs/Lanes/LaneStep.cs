using Npgsql;

namespace Outcomes.Analytics.Runs.Lanes;

/// <summary>
/// One step for the <see cref="LaneScheduler"/>: the lane (connection) it runs in, its turn there (lower first) and
/// what it does on that lane's connection. What it hands back is either its result or what finishes it once every
/// lane is done (<see cref="LaneResult{T}"/>).
/// </summary>
internal sealed record LaneStep<T>(int Lane, int Turn, Func<NpgsqlConnection, CancellationToken, Task<LaneResult<T>>> Run);
