using Dapper;
using Npgsql;

namespace Outcomes.Database.Backup;

/// <summary>
/// The <c>backup_run</c> table, its one owner: the backup job and the restore drill add a row per attempt;
/// <c>outcomes status</c> and the alerts read the latest of each kind. A failed latest row means "failing" until a
/// later row of the same kind succeeds.
/// </summary>
public sealed class BackupRunLog(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(BackupRun run, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into backup_run (kind, started_at, finished_at, outcome, file_name, bytes, schema_version, detail)
            values (@Kind, @StartedAt, @FinishedAt, @Outcome, @FileName, @Bytes, @SchemaVersion, @Detail)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            run.Kind,
            StartedAt = run.StartedAt.UtcDateTime,
            FinishedAt = run.FinishedAt.UtcDateTime,
            Outcome = run.Succeeded ? "succeeded" : "failed",
            run.FileName,
            run.Bytes,
            run.SchemaVersion,
            run.Detail,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>The latest attempt of <paramref name="kind"/>, or null when there was none.</summary>
    public Task<BackupRun?> LatestAsync(string kind, CancellationToken cancellationToken) => LatestAsync(kind, succeededOnly: false, cancellationToken);

    /// <summary>The latest successful attempt of <paramref name="kind"/>, or null when none succeeded.</summary>
    public Task<BackupRun?> LatestSucceededAsync(string kind, CancellationToken cancellationToken) => LatestAsync(kind, succeededOnly: true, cancellationToken);

    private async Task<BackupRun?> LatestAsync(string kind, bool succeededOnly, CancellationToken cancellationToken)
    {
        const string sql = """
            select kind as Kind, started_at as StartedAt, finished_at as FinishedAt, outcome = 'succeeded' as Succeeded,
                   file_name as FileName, bytes as Bytes, schema_version as SchemaVersion, detail as Detail
            from backup_run
            where kind = @Kind and (not @SucceededOnly or outcome = 'succeeded')
            order by started_at desc, backup_run_id desc
            limit 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            sql, new { Kind = kind, SucceededOnly = succeededOnly }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new BackupRun(row.Kind, Utc(row.StartedAt), Utc(row.FinishedAt), row.Succeeded, row.FileName, row.Bytes, row.SchemaVersion, row.Detail);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private sealed class Row
    {
        public string Kind { get; init; } = "";

        public DateTime StartedAt { get; init; }

        public DateTime FinishedAt { get; init; }

        public bool Succeeded { get; init; }

        public string? FileName { get; init; }

        public long? Bytes { get; init; }

        public int? SchemaVersion { get; init; }

        public string Detail { get; init; } = "";
    }
}
