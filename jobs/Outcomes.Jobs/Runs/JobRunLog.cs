using Dapper;
using Npgsql;
using Outcomes.Database.Migrations;

namespace Outcomes.Jobs.Runs;

/// <summary>
/// The <c>job_run</c> table: one row per run of a job, with its outcome, duration and a one-line summary, and the schema
/// version of the build that ran it (servers of two builds share the database during an upgrade).
/// </summary>
public sealed class JobRunLog(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Starts a run. Runs of the same job and scope still marked running belong to a server that stopped (the caller
    /// holds the job's lock, so nothing else runs them): they are closed as failed first.
    /// </summary>
    public async Task<long> StartAsync(string job, string scope, string? hangfireJobId, CancellationToken cancellationToken)
    {
        const string sql = """
            update job_run set outcome = 'failed', finished_at = now(),
                   summary = 'the server stopped before this run finished; the next run did its work'
            where job = @Job and scope = @Scope and outcome = 'running';
            insert into job_run (job, scope, hangfire_job_id, build_schema) values (@Job, @Scope, @HangfireJobId, @BuildSchema) returning job_run_id;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            sql, new { Job = job, Scope = scope, HangfireJobId = hangfireJobId, BuildSchema = MigrationRunner.BuildVersion }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a run's end, also when the job was cancelled (so never with the job's own token).</summary>
    public async Task FinishAsync(long runId, string outcome, string summary)
    {
        const string sql = "update job_run set outcome = @Outcome, finished_at = now(), summary = @Summary where job_run_id = @RunId";
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { RunId = runId, Outcome = outcome, Summary = summary }));
    }

    /// <summary>A run skipped because another run of the same job and scope holds its lock.</summary>
    public async Task SkippedAsync(string job, string scope, string? hangfireJobId, string summary, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into job_run (job, scope, hangfire_job_id, finished_at, outcome, summary, build_schema)
            values (@Job, @Scope, @HangfireJobId, now(), 'skipped', @Summary, @BuildSchema)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { Job = job, Scope = scope, HangfireJobId = hangfireJobId, Summary = summary, BuildSchema = MigrationRunner.BuildVersion },
            cancellationToken: cancellationToken));
    }
}
