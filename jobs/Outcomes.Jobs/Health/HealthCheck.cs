namespace Outcomes.Jobs.Health;

/// <summary>
/// One check's outcome: its name, its level and one line for an operator (versions, sizes, a job's name, a source's
/// name; never a patient, never a connection string). <c>/readyz</c> shows the name and ok or failing only.
/// </summary>
public sealed record HealthCheck(string Name, CheckLevel Level, string Detail)
{
    public static HealthCheck Ok(string name, string detail) => new(name, CheckLevel.Ok, detail);

    public static HealthCheck Warning(string name, string detail) => new(name, CheckLevel.Warning, detail);

    public static HealthCheck Critical(string name, string detail) => new(name, CheckLevel.Critical, detail);
}
