using Dapper;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;

namespace Outcomes.Jobs.Status;

/// <summary>
/// Reads the recurring jobs from Hangfire's storage (schedule, next run) and each job's latest run from
/// <c>job_run</c> (start, duration, outcome, summary), without starting a server.
/// </summary>
public sealed class JobStatusQuery(NpgsqlDataSource dataSource, string connectionString)
{
    public async Task<IReadOnlyList<JobStatus>?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hasSchema = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from information_schema.schemata where schema_name = @Schema)", new { Schema = JobsHost.Schema }, cancellationToken: cancellationToken));
        if (!hasSchema)
        {
            return null;
        }

        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, JobsHost.StorageOptions(new JobsOptions(), prepareSchema: false), null),
            JobsHost.StorageOptions(new JobsOptions(), prepareSchema: false));
        List<RecurringJobDto> recurring;
        using (var storageConnection = storage.GetConnection())
        {
            recurring = storageConnection.GetRecurringJobs();
        }

        const string lastRunSql = """
            select distinct on (job, scope) job as Job, scope as Scope, started_at as StartedAt, finished_at as FinishedAt, outcome as Outcome, summary as Summary
            from job_run where outcome <> 'skipped'
            order by job, scope, started_at desc
            """;
        var lastRuns = (await connection.QueryAsync<LastRun>(new CommandDefinition(lastRunSql, cancellationToken: cancellationToken))).ToList();
        return [.. recurring.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r =>
        {
            var (job, scope) = Split(r.Id);
            var last = lastRuns.Where(l => l.Job == job && (scope is null || l.Scope == scope)).MaxBy(l => l.StartedAt);
            return new JobStatus(r.Id, r.Cron, r.TimeZoneId ?? "UTC",
                r.NextExecution is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null,
                last is null ? null : new DateTimeOffset(DateTime.SpecifyKind(last.StartedAt, DateTimeKind.Utc)),
                last?.FinishedAt is { } finished ? finished - last.StartedAt : null,
                last?.Outcome, last?.Summary, r.LastJobState);
        })];
    }

    /// <summary>"pull:north" is the pull job of source north; the others are about everything (or every facility).</summary>
    private static (string Job, string? Scope) Split(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (id, null) : (id[..colon], id[(colon + 1)..]);
    }

    private sealed class LastRun
    {
        public string Job { get; init; } = "";

        public string Scope { get; init; } = "";

        public DateTime StartedAt { get; init; }

        public DateTime? FinishedAt { get; init; }

        public string Outcome { get; init; } = "";

        public string? Summary { get; init; }
    }
}
