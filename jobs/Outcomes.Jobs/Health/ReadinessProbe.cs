using Microsoft.Extensions.Logging;

namespace Outcomes.Jobs.Health;

/// <summary>
/// Runs <see cref="ReadinessChecks"/> for <c>/readyz</c>. Callers arriving while a round of checks is under way share
/// its result, so requests from anyone who can reach the port put at most one round on the database at a time. What
/// failed is logged once when a check turns failing and once when it is ok again; the answer itself says ok or failing only.
/// </summary>
public sealed class ReadinessProbe(ReadinessChecks checks, ILogger<ReadinessProbe> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CheckLevel> _last = new(StringComparer.Ordinal);
    private Task<IReadOnlyList<HealthCheck>>? _running;

    public Task<IReadOnlyList<HealthCheck>> CheckAsync()
    {
        lock (_gate)
        {
            // Not the caller's token: a caller that gives up must not cancel the round others are waiting for.
            return _running ??= RunAsync();
        }
    }

    private async Task<IReadOnlyList<HealthCheck>> RunAsync()
    {
        try
        {
            var results = await checks.RunAsync(CancellationToken.None);
            Log(results);
            return results;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }
    }

    private void Log(IReadOnlyList<HealthCheck> results)
    {
        foreach (var check in results)
        {
            lock (_gate)
            {
                var known = _last.TryGetValue(check.Name, out var before);
                _last[check.Name] = check.Level;
                if (known && before == check.Level || !known && check.Level == CheckLevel.Ok)
                {
                    continue;
                }
            }

            if (check.Level == CheckLevel.Ok)
            {
                logger.LogInformation("Readiness: {Check} is ok again: {Detail}", check.Name, check.Detail);
            }
            else
            {
                logger.LogWarning("Readiness: {Check} is failing: {Detail}", check.Name, check.Detail);
            }
        }
    }
}
