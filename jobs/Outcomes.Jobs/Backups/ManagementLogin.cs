namespace Outcomes.Jobs.Backups;

/// <summary>
/// The management login's connection string, which the backup and the drill need (a dump reads every row past
/// row-level security; the drill creates and drops its scratch database). Null when the host was built without it:
/// the backup jobs are then not scheduled.
/// </summary>
public sealed record ManagementLogin(string? ConnectionString);
