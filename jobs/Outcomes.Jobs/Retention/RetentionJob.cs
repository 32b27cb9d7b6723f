using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Jobs.Runs;

namespace Outcomes.Jobs.Retention;

/// <summary>
/// Daily: removes the quarantined rows of batches finished more than <see cref="RetentionOptions.QuarantineDays"/> ago
/// (<see cref="QuarantineRetention"/>) and the staging leftovers older than <see cref="RetentionOptions.StagingDays"/>
/// (<see cref="StagingLeftovers"/>); the ledger is kept for ever. Runs as the administrator role, the one that may
/// delete quarantined rows; each removal is in the audit trail and the run's summary says what went.
/// </summary>
public sealed class RetentionJob(
    RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
{
    public const string Name = "retention";

    [JobDisplayName("Remove old quarantined rows and staging leftovers")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var o = options.Value;
            var now = time.GetUtcNow();
            var quarantine = await QuarantineRetention.RemoveAsync(sources.Admin, now.AddDays(-o.Retention.QuarantineDays), o.Retention.QuarantineDays, ct);
            var leftovers = StagingLeftovers.Remove(o, MonthlyReportJob.FolderOf(o), now.AddDays(-o.Retention.StagingDays));
            foreach (var name in leftovers)
            {
                logger.LogInformation("Retention: removed the staging leftover {Name}", name);
            }

            if (leftovers.Count > 0)
            {
                await AuditLog.RecordAsync(sources.Admin, new AuditEntry(
                    "retention.staging", $"staging leftovers older than {o.Retention.StagingDays} days", RowCount: leftovers.Count), ct);
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"removed {quarantine.Rows:N0} quarantined row(s) of {quarantine.Batches:N0} batch(es) finished more than {o.Retention.QuarantineDays} days ago; "
                + $"{leftovers.Count:N0} staging leftover(s) older than {o.Retention.StagingDays} days");
        }, cancellationToken);
}
