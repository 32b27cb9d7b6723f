using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Database.Locks;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Configuration;
using Outcomes.Pipeline.Alerts;
using Outcomes.Pipeline.Telemetry;

namespace Outcomes.Jobs.Runs;

/// <summary>
/// What every job does around its work: take the job's lock for its scope (a second run of the same job for the
/// same source or facility is skipped, on this server or another), hold the migration lock shared (a schema migration
/// waits for the running jobs, and a job starting while one waits or runs waits for it), record the run in
/// <c>job_run</c>, refuse the work when a newer build has migrated the schema, and let a failure propagate so Hangfire
/// retries it with backoff. Each run is measured (<see cref="OutcomesMetrics.RecordJob"/>); a failure with no retry left
/// raises an alert (<see cref="AlertConditions.JobFailed"/>), which the job's next success clears.
/// </summary>
public sealed class JobExecution(
    RoleDataSources sources, ILogger<JobExecution> logger, AlertNotifier? alerts = null, IOptions<JobsOptions>? options = null)
{
    // The bookkeeping (job_run, the job locks) is the administrator's; the work acts as the job's own role.
    private readonly NpgsqlDataSource _dataSource = sources.Admin;

    /// <summary>Runs <paramref name="work"/>, which returns the run's one-line summary; false when skipped.</summary>
    public async Task<bool> RunAsync(
        string job, string scope, PerformContext? context, Func<CancellationToken, Task<string>> work, CancellationToken cancellationToken)
    {
        var log = new JobRunLog(_dataSource);
        var hangfireJobId = context?.BackgroundJob?.Id;
        // The lock lives on a connection of its own for as long as the run lasts; a server that dies releases it.
        await using var lockConnection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var held = await AdvisoryLock.TryAcquireAsync(lockConnection, AdvisoryLock.Keys.Job(job, scope), cancellationToken);
        if (held is null)
        {
            logger.LogInformation("{Job} ({Scope}): another run is still in progress; this one is skipped", job, scope);
            await log.SkippedAsync(job, scope, hangfireJobId, "another run of this job was in progress", cancellationToken);
            OutcomesMetrics.RecordJob(job, scope, "skipped", TimeSpan.Zero);
            return false;
        }

        // Held until the run ends, on the same connection: `outcomes db migrate` (and a server of a newer build starting)
        // waits for it, and this run does not start its work in the middle of a migration.
        await using var schema = await AdvisoryLock.TryAcquireSharedAsync(lockConnection, AdvisoryLock.Keys.Migration, cancellationToken)
            ?? await WaitForMigrationAsync(lockConnection, job, scope, cancellationToken);
        var runId = await log.StartAsync(job, scope, hangfireJobId, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // A newer build may have migrated the schema while this server ran (the migration waited for this lock): this
            // build does not know what changed, so the run fails naming both versions, and Hangfire retries it, on a
            // server of the newer build once one runs (docs/jobs.md, "Upgrading").
            SchemaNewerThanBuildException.ThrowIfNewer(await SchemaStatus.ReadAsync(lockConnection, cancellationToken));
            var summary = await work(cancellationToken);
            await log.FinishAsync(runId, "succeeded", summary);
            OutcomesMetrics.RecordJob(job, scope, "succeeded", clock.Elapsed);
            logger.LogInformation("{Job} ({Scope}) finished in {Seconds:F1} s: {Summary}", job, scope, clock.Elapsed.TotalSeconds, summary);
            if (alerts is not null)
            {
                await alerts.ClearAsync(AlertConditions.JobFailed, Subject(job, scope), CancellationToken.None);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TryFinishAsync(log, runId, "cancelled", "the server was shutting down; the job runs again when it is back");
            OutcomesMetrics.RecordJob(job, scope, "cancelled", clock.Elapsed);
            throw;
        }
        catch (Exception ex)
        {
            if (ex is NpgsqlException)
            {
                // After a database restart every idle pooled connection is dead: let the retry start with fresh ones.
                sources.Clear();
            }

            // The message names what failed, never a patient; the stack trace stays in Hangfire's failed-job page.
            await TryFinishAsync(log, runId, "failed", ex.Message);
            OutcomesMetrics.RecordJob(job, scope, "failed", clock.Elapsed);
            // Outside Hangfire (no context) nothing retries the run: its failure is final.
            var retries = Retries(context);
            if (context is not null && retries < (options?.Value.Retry.Attempts ?? 0))
            {
                logger.LogError("{Job} ({Scope}) failed after {Seconds:F1} s and will be retried: {Message}", job, scope, clock.Elapsed.TotalSeconds, ex.Message);
            }
            else
            {
                logger.LogError("{Job} ({Scope}) failed after {Seconds:F1} s on its last attempt: {Message}", job, scope, clock.Elapsed.TotalSeconds, ex.Message);
                if (alerts is not null)
                {
                    // The error's text stays in job_run and on the dashboard: an exception message may quote a value.
                    await alerts.RaiseAsync(new Alert(AlertConditions.JobFailed, Subject(job, scope),
                        $"The {job} job ({scope}) failed on its last attempt, after {retries} {(retries == 1 ? "retry" : "retries")} ({ex.GetType().Name}); it runs again at its next scheduled time. Its error is in outcomes status and on the jobs dashboard's Failed page."),
                        CancellationToken.None);
                }
            }

            throw;
        }
    }

    private async Task<AdvisoryLock> WaitForMigrationAsync(NpgsqlConnection connection, string job, string scope, CancellationToken cancellationToken)
    {
        logger.LogInformation("{Job} ({Scope}): the schema is being migrated; this run starts when the migration has finished", job, scope);
        var held = await AdvisoryLock.AcquireSharedAsync(connection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, cancellationToken);
        logger.LogInformation("{Job} ({Scope}): the migration has finished; the run starts", job, scope);
        return held;
    }

    /// <summary>The alert subject of a job and its scope (both configured names).</summary>
    public static string Subject(string job, string scope) => $"{job}/{scope}";

    /// <summary>Retries Hangfire has made of this job so far (its retry filter counts them in the job's parameters).</summary>
    private static int Retries(PerformContext? context) => context?.GetJobParameter<int>("RetryCount") ?? 0;

    private async Task TryFinishAsync(JobRunLog log, long runId, string outcome, string summary)
    {
        try
        {
            await log.FinishAsync(runId, outcome, summary);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The database is what failed: the row stays 'running' and the next run closes it.
            logger.LogWarning("Could not record the end of job run {RunId}: {Message}", runId, ex.Message);
        }
    }
}
