namespace Outcomes.Pipeline.Alerts;

/// <summary>
/// A condition someone running the server should hear about. <paramref name="Condition"/> is one of
/// <see cref="AlertConditions"/>; <paramref name="Subject"/> a configured name (a job and its scope, a source, a backup
/// target); <paramref name="Summary"/> one or two sentences built from names, counts and times only, never a patient's
/// data or an error message that might quote one.
/// </summary>
public sealed record Alert(string Condition, string Subject, string Summary);
