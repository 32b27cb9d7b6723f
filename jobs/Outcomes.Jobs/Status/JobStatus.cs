namespace Outcomes.Jobs.Status;

/// <summary>One line of <c>outcomes status</c>: a recurring job, its schedule, its last run and its next.</summary>
public sealed record JobStatus(
    string Id, string Cron, string TimeZone, DateTimeOffset? NextRun, DateTimeOffset? LastStarted, TimeSpan? LastDuration,
    string? LastOutcome, string? LastSummary, string? HangfireState);
