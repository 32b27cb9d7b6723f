namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// A test that runs a real nginx: skipped, with the reason, on a machine without it (a developer's machine that has not
/// run scripts/prerequisites.sh --tests), but never on CI, where prerequisites.sh --tests installs it and a missing nginx must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxProxy.Program is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "nginx is not installed (scripts/prerequisites.sh --tests installs it): the reverse-proxy recipe cannot be tried.";
        }
    }
}
