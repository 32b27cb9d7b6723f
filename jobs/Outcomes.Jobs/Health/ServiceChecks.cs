using System.Globalization;
using Dapper;
using Hangfire.PostgreSql;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;
using Outcomes.Jobs.Status;
using Outcomes.Pipeline.DataQuality;

namespace Outcomes.Jobs.Health;

/// <summary>
/// What <c>outcomes status --check</c> reports, from outside the servers: the readiness checks of
/// <see cref="ReadinessChecks"/> (critical when failing), whether any job server has reported lately (critical when
/// none), and what <c>outcomes status</c> and the daily data-quality check already know: a recurring job whose last run
/// failed and a source the last check found stale (warnings). Reads only: it neither migrates nor records anything.
/// </summary>
public sealed class ServiceChecks(NpgsqlDataSource dataSource, string connectionString, JobsOptions options, TimeProvider time)
{
    public const string Servers = "job-servers";
    public const string Jobs = "jobs";
    public const string Sources = "sources";

    private const string HangfireSchemaSql = "select exists (select 1 from information_schema.schemata where schema_name = @Schema)";

    public async Task<IReadOnlyList<HealthCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var storageOptions = JobsHost.StorageOptions(options, prepareSchema: false);
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions, null), storageOptions);
        var readiness = new ReadinessChecks(dataSource, storage, options);
        var database = await readiness.DatabaseAsync(cancellationToken);
        if (database.Level != CheckLevel.Ok)
        {
            // Everything else is read from the database: one line says why nothing else was checked.
            return [database, readiness.ReportsFolderCheck()];
        }

        var results = new List<HealthCheck> { database, await readiness.SchemaAsync(cancellationToken) };
        if (!await HasHangfireSchemaAsync(cancellationToken))
        {
            results.Add(HealthCheck.Warning(Servers, "no job server has run against this database yet: start one with 'outcomes serve'"));
            results.Add(readiness.ReportsFolderCheck());
            return results;
        }

        var storageCheck = await readiness.JobStorageAsync(cancellationToken);
        results.Add(storageCheck);
        results.Add(readiness.ReportsFolderCheck());
        if (storageCheck.Level == CheckLevel.Ok)
        {
            results.Add(await ServersAsync(readiness, cancellationToken));
        }

        results.AddRange(await FailedJobsAsync(cancellationToken));
        results.AddRange(await StaleSourcesAsync(cancellationToken));
        return results;
    }

    /// <summary>A server is alive while its heartbeat is younger than the time after which Hangfire gives it up.</summary>
    private async Task<HealthCheck> ServersAsync(ReadinessChecks readiness, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(30, options.InvisibilitySeconds));
        var now = time.GetUtcNow().UtcDateTime;
        var servers = await readiness.ServersAsync(cancellationToken);
        var alive = servers.Count(s => s.Heartbeat is { } beat && now - DateTime.SpecifyKind(beat, DateTimeKind.Utc) <= limit);
        return alive > 0
            ? HealthCheck.Ok(Servers, string.Create(CultureInfo.InvariantCulture, $"{alive} running"))
            : HealthCheck.Critical(Servers, string.Create(CultureInfo.InvariantCulture,
                $"no job server has reported in the last {limit.TotalSeconds:0} s: nothing is pulling, analysing or writing reports"));
    }

    /// <summary>The recurring jobs whose last run (skipped runs aside) failed, as <c>outcomes status</c> lists them.</summary>
    private async Task<IReadOnlyList<HealthCheck>> FailedJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = await new JobStatusQuery(dataSource, connectionString).LoadAsync(cancellationToken) ?? [];
        var failed = jobs.Where(j => j.LastOutcome == "failed").ToList();
        if (failed.Count == 0)
        {
            return [HealthCheck.Ok(Jobs, string.Create(CultureInfo.InvariantCulture, $"{jobs.Count} recurring, none failed on its last run"))];
        }

        return [.. failed.Select(j => HealthCheck.Warning($"{Jobs} {j.Id}", string.Create(CultureInfo.InvariantCulture,
            $"last run failed at {j.LastStarted?.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {OneLine(j.LastSummary)}")))];
    }

    /// <summary>The sources the latest data-quality check (today's or yesterday's) found silent for too long.</summary>
    private async Task<IReadOnlyList<HealthCheck>> StaleSourcesAsync(CancellationToken cancellationToken)
    {
        var today = options.Today(time);
        var findings = await new DataQualityFindings(dataSource).ListAsync(today.AddDays(-1), today, null, cancellationToken);
        var latest = findings.Count == 0 ? (DateOnly?)null : findings.Max(f => f.CheckedOn);
        var stale = findings.Where(f => f.CheckedOn == latest && f.Kind == "stale_source").ToList();
        if (stale.Count == 0)
        {
            return [HealthCheck.Ok(Sources, "no stale source in the latest data-quality check")];
        }

        return [.. stale.Select(f => HealthCheck.Warning($"{Sources} {f.Subject}", OneLine(f.Detail)))];
    }

    private async Task<bool> HasHangfireSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HangfireSchemaSql, new { Schema = JobsHost.Schema }, cancellationToken: cancellationToken));
    }

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ");
}
