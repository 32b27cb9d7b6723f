namespace Outcomes.Jobs.Configuration;

/// <summary>What <c>/readyz</c> and <c>outcomes status --check</c> hold a server to (section <c>Jobs:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>The reports folder's disk needs at least this much free space, in megabytes, for the server to be ready.</summary>
    public long MinimumFreeMegabytes { get; set; } = 1024;

    /// <summary>How long one check may take before it counts as failing (a database that does not answer).</summary>
    public int CheckTimeoutSeconds { get; set; } = 5;
}
