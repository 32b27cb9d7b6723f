namespace Outcomes.Jobs.Health;

/// <summary>How a check came out; the numbers are the exit codes of <c>outcomes status --check</c> (those of Nagios plugins).</summary>
public enum CheckLevel
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
}
