using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outcomes.Jobs.Backups;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.DataQuality;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Jobs.Nightly;
using Outcomes.Jobs.Pull;
using Outcomes.Jobs.ModelRetraining;
using Outcomes.Jobs.Retention;

namespace Outcomes.Jobs.Hosting;

/// <summary>
/// At start-up, makes Hangfire's recurring jobs match the configuration: one pull per source, and the nightly, weekly,
/// monthly and daily jobs, each with its cron expression in the center's time zone. Pulls of sources no longer
/// configured are removed. Every server does this; it is idempotent, so servers sharing a database agree.
/// </summary>
internal sealed class RecurringJobRegistrar(
    IRecurringJobManager manager, JobStorage storage, IOptions<JobsOptions> options, ManagementLogin management, ILogger<RecurringJobRegistrar> logger)
    : IHostedService
{
    // A server killed while it held a recurring job's lock leaves the lock row behind until it expires
    // (JobsHost's DistributedLockTimeout, one minute): a restart soon after waits for it rather than failing to start.
    private static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(3);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        void Add(string setting, Action add) => AddWaitingForLocks(setting, add, waiting, cancellationToken);
        var settings = new RecurringJobOptions { TimeZone = JobsOptionsValidator.FindTimeZone(o.TimeZone) ?? TimeZoneInfo.Utc };
        foreach (var source in o.Sources)
        {
            var name = source.Name;
            Add("Jobs:Schedules:Pull", () => manager.AddOrUpdate<PullJob>(PullId(name), j => j.RunAsync(name, null, CancellationToken.None), o.Schedules.Pull, settings));
        }

        Add("Jobs:Schedules:Nightly", () => manager.AddOrUpdate<NightlyJob>(NightlyJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Schedules.Nightly, settings));
        Add("Jobs:Schedules:Weekly", () => manager.AddOrUpdate<RetrainJob>(RetrainJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Schedules.Weekly, settings));
        Add("Jobs:Schedules:Monthly", () => manager.AddOrUpdate<MonthlyReportJob>(MonthlyReportJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Schedules.Monthly, settings));
        Add("Jobs:Schedules:ModelCheck", () => manager.AddOrUpdate<ModelCheckJob>(ModelCheckJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Schedules.ModelCheck, settings));
        Add("Jobs:Schedules:DataQuality", () => manager.AddOrUpdate<DataQualityJob>(DataQualityJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Schedules.DataQuality, settings));
        Add("Jobs:Retention:Schedule", () => manager.AddOrUpdate<RetentionJob>(RetentionJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Retention.Schedule, settings));

        // The backups need the management login; a host built without it (the tests' in-process servers) has none.
        var backups = o.Backups.Enabled && management.ConnectionString is not null;
        if (backups)
        {
            Add("Jobs:Backups:Schedule", () => manager.AddOrUpdate<BackupJob>(BackupJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Backups.Schedule, settings));
            Add("Jobs:Backups:DrillSchedule", () => manager.AddOrUpdate<RestoreDrillJob>(RestoreDrillJob.Name, j => j.RunAsync(null, CancellationToken.None), o.Backups.DrillSchedule, settings));
            logger.LogInformation("Backups: {Schedule} into {Folder}, keeping the newest of each of {Days} day(s) and {Weeks} week(s); restore drill {Drill}",
                o.Backups.Schedule, o.Backups.EffectiveFolder(), o.Backups.KeepDaily, o.Backups.KeepWeekly, o.Backups.DrillSchedule);
        }
        else
        {
            manager.RemoveIfExists(BackupJob.Name);
            manager.RemoveIfExists(RestoreDrillJob.Name);
            if (!o.Backups.Enabled)
            {
                logger.LogWarning("Backups are switched off (Jobs:Backups:Enabled); nothing backs this database up on a schedule");
            }
        }

        using var connection = storage.GetConnection();
        var wanted = o.Sources.Select(s => PullId(s.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith(PullJob.Name + ":", StringComparison.Ordinal) && !wanted.Contains(id)))
        {
            manager.RemoveIfExists(stale);
            logger.LogInformation("Removed the recurring job {Id}: its source is no longer configured", stale);
        }

        logger.LogInformation("Recurring jobs: {Count} pull(s) ({Pull}), nightly ({Nightly}), weekly ({Weekly}), monthly ({Monthly}), model check ({ModelCheck}), data quality ({DataQuality}), retention ({Retention}), time zone {Zone}",
            o.Sources.Count, o.Schedules.Pull, o.Schedules.Nightly, o.Schedules.Weekly, o.Schedules.Monthly, o.Schedules.ModelCheck, o.Schedules.DataQuality, o.Retention.Schedule, settings.TimeZone.Id);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string PullId(string source) => $"{PullJob.Name}:{source}";

    private void AddWaitingForLocks(string setting, Action add, System.Diagnostics.Stopwatch waiting, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                add();
                return;
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"{setting}: not a cron expression Hangfire accepts (five fields, or six with seconds): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is DistributedLockTimeoutException or Hangfire.PostgreSql.PostgreSqlDistributedLockException
                                       && waiting.Elapsed < LockPatience && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Setting}: the recurring job's lock is still held (by a server that stopped without releasing it?); trying again until it expires", setting);
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(5));
            }
        }
    }
}
