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
/// Monthly: <see cref="RestoreDrill"/> of the newest backup in the backup folder. The attempt is recorded in
/// <c>backup_run</c> either way; a failed drill also fails the job and raises the "a backup failed" alert for the
/// drill (once, until a later drill succeeds).
/// </summary>
public sealed class RestoreDrillJob(
    ManagementLogin login, RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<RestoreDrillJob> logger,
    AlertNotifier? alerts = null)
{
    public const string Name = "restore-drill";

    /// <summary>What the drill's alerts name, apart from the nightly backup's.</summary>
    public const string AlertTarget = "the database (restore drill)";

    [JobDisplayName("Restore the newest backup into a scratch database and compare")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var connectionString = login.ConnectionString ?? throw new InvalidOperationException("This server was started without the management login; it cannot drill a restore.");
            var run = await new RestoreDrill(connectionString, new BackupRunLog(sources.Admin), time, logger)
                .RunAsync(new BackupFolder(options.Value.Backups.EffectiveFolder()), ct);
            if (!run.Succeeded)
            {
                await (alerts?.BackupFailedAsync(AlertTarget, "the restore drill of the newest backup did not pass", ct) ?? Task.FromResult(false));
                throw new InvalidOperationException(run.Detail);
            }

            await (alerts?.BackupSucceededAsync(AlertTarget, ct) ?? Task.CompletedTask);
            return $"{run.FileName}: {run.Detail}";
        }, cancellationToken);
}
