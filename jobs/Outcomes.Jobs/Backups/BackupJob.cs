using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;

namespace Outcomes.Jobs.Backups;

/// <summary>
/// Nightly: <see cref="ScheduledBackup"/> (<c>outcomes db backup</c> into the backup folder, then retention). The attempt
/// is recorded in <c>backup_run</c> either way; a failed one also fails the job, so Hangfire retries it.
/// </summary>
public sealed class BackupJob(
    ManagementLogin login, RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<BackupJob> logger)
{
    public const string Name = "backup";

    [JobDisplayName("Back up the database")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var o = options.Value;
            var connectionString = login.ConnectionString ?? throw new InvalidOperationException("This server was started without the management login; it cannot back up.");
            var run = await new ScheduledBackup(connectionString, new BackupFolder(o.Backups.EffectiveFolder()), new BackupRunLog(sources.Admin), time, logger)
                .RunAsync(o.Backups.KeepDaily, o.Backups.KeepWeekly, JobsOptionsValidator.FindTimeZone(o.TimeZone) ?? TimeZoneInfo.Utc, ct);
            return run.Succeeded ? $"{run.FileName}, {run.Bytes:N0} bytes: {run.Detail}" : throw new InvalidOperationException(run.Detail);
        }, cancellationToken);
}
