using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Pipeline.Alerts;

namespace Outcomes.Jobs.Backups;

/// <summary>
/// Nightly: <see cref="ScheduledBackup"/> (<c>outcomes db backup</c> into the backup folder, then retention). The attempt
/// is recorded in <c>backup_run</c> either way; a failed one also fails the job, so Hangfire retries it, and raises the
/// "a backup failed" alert (once, until a later backup succeeds).
/// </summary>
public sealed class BackupJob(
    ManagementLogin login, RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<BackupJob> logger,
    AlertNotifier? alerts = null)
{
    public const string Name = "backup";

    /// <summary>What the backup alerts name: the database (a configured name would add nothing; there is one).</summary>
    public const string AlertTarget = "the database";

    [JobDisplayName("Back up the database")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var o = options.Value;
            var connectionString = login.ConnectionString ?? throw new InvalidOperationException("This server was started without the management login; it cannot back up.");
            var run = await new ScheduledBackup(connectionString, new BackupFolder(o.Backups.EffectiveFolder()), new BackupRunLog(sources.Admin), time, logger)
                .RunAsync(o.Backups.KeepDaily, o.Backups.KeepWeekly, JobsOptionsValidator.FindTimeZone(o.TimeZone) ?? TimeZoneInfo.Utc, ct);
            // The alert says which job failed, not why: the reason (a tool's message) stays in backup_run and the log.
            if (!run.Succeeded)
            {
                await (alerts?.BackupFailedAsync(AlertTarget, "the nightly backup did not complete", ct) ?? Task.FromResult(false));
                throw new InvalidOperationException(run.Detail);
            }

            await (alerts?.BackupSucceededAsync(AlertTarget, ct) ?? Task.CompletedTask);
            return $"{run.FileName}, {run.Bytes:N0} bytes: {run.Detail}";
        }, cancellationToken);
}
