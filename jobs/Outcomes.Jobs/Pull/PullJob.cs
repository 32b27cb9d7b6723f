using System.Globalization;
using Dapper;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// Every 15 minutes by default: the settled contract files of one source (a local folder, or a folder on an SFTP
/// server, downloaded into a staging folder) are ingested (the same <see cref="FolderIngestor"/> as
/// <c>outcomes ingest</c>) and moved out once their batches committed.
/// </summary>
public sealed class PullJob(
    RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<PullJob> logger)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Ingest);

    public const string Name = "pull";

    /// <summary>Called as an SFTP download progresses (file name, bytes so far): the tests drop the connection part-way.</summary>
    internal Action<string, ulong>? DownloadProgress { get; init; }

    [JobDisplayName("Pull new files from source {0}")]
    public async Task RunAsync(string sourceName, PerformContext? context, CancellationToken cancellationToken)
    {
        var source = options.Value.Sources.SingleOrDefault(s => s.Name == sourceName)
            ?? throw new InvalidOperationException($"Jobs:Sources: no source is named '{sourceName}' any more; remove its recurring job.");
        await execution.RunAsync(Name, sourceName, context, async ct =>
        {
            await using var pullSource = Open(source);
            return await PullAsync(pullSource, ct);
        }, cancellationToken);
    }

    private IPullSource Open(SourceOptions source) =>
        string.Equals(source.Kind, SourceKinds.Sftp, StringComparison.OrdinalIgnoreCase)
            ? new SftpSource(source, logger, DownloadProgress)
            : new SourceFolder(source);

    private async Task<string> PullAsync(IPullSource source, CancellationToken cancellationToken)
    {
        var pulledAt = time.GetUtcNow();
        var candidates = await source.CollectAsync(pulledAt, cancellationToken);
        var files = candidates.Files;
        var notFiles = candidates.NotFiles.Count == 0 ? "" : $"; not a file, left in place: {string.Join(", ", candidates.NotFiles)}";
        var waiting = candidates.Waiting.Count == 0 ? "" : $"; waiting to settle: {string.Join(", ", candidates.Waiting)}";
        if (candidates.NotFiles.Count > 0)
        {
            logger.LogWarning("Source {Source}: {Count} entries named like a data file but not regular files, left in place (only regular files are read)", source.Name, candidates.NotFiles.Count);
        }

        if (files.Count == 0)
        {
            return "no new files" + waiting + notFiles;
        }

        var today = options.Value.Today(time);
        var result = await new FolderIngestor(_dataSource, logger).IngestFilesAsync(files, new IngestOptions { Today = today }, null, cancellationToken);

        // Only now, with every batch committed (or rejected as a whole), do the files leave the source.
        foreach (var file in result.Files)
        {
            var path = files.Single(p => Path.GetFileName(p) == file.FileName);
            var movedTo = await source.MoveAfterIngestAsync(path, file, pulledAt, cancellationToken);
            await RecordAsync(source.Name, file, movedTo, cancellationToken);
        }

        var committed = result.Files.Where(f => f.Status == FileStatus.Committed).ToList();
        var rejected = result.Files.Count(f => f.Status == FileStatus.Rejected);
        var skipped = result.Files.Count(f => f.Status == FileStatus.Skipped);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Files.Count} file(s): {committed.Count} loaded ({committed.Sum(f => f.RowsInserted + f.RowsUpdated):N0} rows in or changed, {result.RowsQuarantined:N0} quarantined), {skipped} already loaded, {rejected} rejected{waiting}{notFiles}");
    }

    private async Task RecordAsync(string sourceName, FileResult file, string movedTo, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into source_file (source_name, file_name, sha256, batch_id, status, moved_to)
            select @Source, @FileName, coalesce((select sha256 from ingest_batch where batch_id = @BatchId), ''), @BatchId, @Status, @MovedTo
            """;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Source = sourceName,
            file.FileName,
            file.BatchId,
            Status = file.Status.ToString().ToLowerInvariant(),
            MovedTo = movedTo,
        }, cancellationToken: cancellationToken));
    }
}
