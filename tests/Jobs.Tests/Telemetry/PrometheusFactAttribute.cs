namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>
/// A test that runs a real Prometheus server: skipped, with the reason, on a machine without one (a developer's machine
/// that has not run scripts/prerequisites.sh --tests), but never on CI, where a missing Prometheus must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Program is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "prometheus is not installed (scripts/prerequisites.sh --tests installs it): the metrics cannot be scraped.";
        }
    }
}
