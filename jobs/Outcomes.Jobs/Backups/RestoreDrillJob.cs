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
/// Monthly: <see cref="RestoreDrill"/> of the newest backup in the backup folder. The attempt is recorded in
/// <c>backup_run</c> either way; a failed drill also fails the job.
/// </summary>
public sealed class RestoreDrillJob(
    ManagementLogin login, RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<RestoreDrillJob> logger)
{
    public const string Name = "restore-drill";

    [JobDisplayName("Restore the newest backup into a scratch database and compare")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var connectionString = login.ConnectionString ?? throw new InvalidOperationException("This server was started without the management login; it cannot drill a restore.");
            var run = await new RestoreDrill(connectionString, new BackupRunLog(sources.Admin), time, logger)
                .RunAsync(new BackupFolder(options.Value.Backups.EffectiveFolder()), ct);
            return run.Succeeded ? $"{run.FileName}: {run.Detail}" : throw new InvalidOperationException(run.Detail);
        }, cancellationToken);
}
