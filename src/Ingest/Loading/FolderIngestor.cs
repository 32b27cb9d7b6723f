using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Locks;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// Ingests a drop folder: every contract file in it, in dependency order (programs, patients, episodes, then
/// the files that refer to episodes), one ingest at a time per database.
/// </summary>
public sealed class FolderIngestor(NpgsqlDataSource dataSource, ILogger logger)
{
    public async Task<IngestRunResult> IngestAsync(
        string folder, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The drop folder '{folder}' does not exist.");
        }

        // Every entry, not only files: a folder, pipe or broken link named like a contract file is refused by name
        // (FileIngestor says what it is) rather than passed over in silence.
        return await IngestFilesAsync([.. Directory.EnumerateFileSystemEntries(folder)], options, progress, cancellationToken);
    }

    /// <summary>
    /// Ingests the given files (a scheduled pull passes the settled files of a source folder), in dependency order;
    /// files whose names are not contract file names are listed as ignored. A contract name that is not a regular
    /// file (a folder, a named pipe, a device, a broken or looping link) is rejected with what it is, and the
    /// other files still load.
    /// </summary>
    public async Task<IngestRunResult> IngestFilesAsync(
        IReadOnlyList<string> paths, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = new List<(string Path, EntityDefinition Entity)>();
        var ignored = new List<string>();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var entity = DataContract.ForFileName(Path.GetFileName(path));
            if (entity is null)
            {
                ignored.Add(Path.GetFileName(path));
            }
            else
            {
                files.Add((path, entity));
            }
        }

        foreach (var name in ignored)
        {
            logger.LogWarning("{File}: not a data-contract file name (expected e.g. sessions.csv or sessions_2026-10.csv); left alone", name);
        }

        return await RunAsync([.. files.Select(f => (f.Path, f.Entity, (StagedOrigin?)null))], ignored, options, progress, cancellationToken);
    }

    /// <summary>
    /// Ingests contract files a source profile made from a center's exports: the same lock, validation, quarantine
    /// and ledger as a drop folder, with each file named by its export and quarantined rows by the export's line.
    /// </summary>
    public Task<IngestRunResult> IngestStagedAsync(
        IReadOnlyList<StagedFile> staged, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync([.. staged.Select(f => (f.Path, f.Entity, (StagedOrigin?)f.Origin))], [], options, progress, cancellationToken);

    private async Task<IngestRunResult> RunAsync(
        IReadOnlyList<(string Path, EntityDefinition Entity, StagedOrigin? Origin)> files, IReadOnlyList<string> ignored,
        IngestOptions options, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        // The lock lives as long as this connection: a killed process releases it with its connection.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var held = await AcquireLockAsync(lockConnection, cancellationToken);
        var abandoned = await MarkAbandonedAsync(lockConnection, cancellationToken);
        var runId = Guid.NewGuid();
        var ingestor = new FileIngestor(dataSource, logger);
        var results = new List<FileResult>();

        // The drop's contract version is read from the drop itself: a drop holding assessments, referrals or surveys is a
        // version-2 drop, any other a version-1 drop; every load of the run records it in the ledger.
        var contractVersion = DataContract.VersionOf(files.Select(f => f.Entity));
        foreach (var (path, entity, origin) in files.OrderBy(f => f.Entity.LoadOrder).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            results.Add(await ingestor.IngestAsync(path, entity, runId, options, progress, cancellationToken, origin, contractVersion));
        }

        return new IngestRunResult(runId, results, ignored, abandoned);
    }

    /// <summary>
    /// The ingest lock, waited for as long as another ingest runs (saying so once); a stop asked for while waiting
    /// (Ctrl+C, SIGTERM, a job server shutting down) ends the wait on the server too.
    /// </summary>
    private async Task<AdvisoryLock> AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await AdvisoryLock.TryAcquireAsync(connection, AdvisoryLock.Keys.Ingest, cancellationToken) is { } held)
        {
            return held;
        }

        logger.LogInformation("Another ingest is running against this database; waiting for it to finish");
        return await AdvisoryLock.AcquireAsync(connection, AdvisoryLock.Keys.Ingest, Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <summary>
    /// Batches still 'started' while we hold the ingest lock belong to a process that died mid-file; their
    /// transaction rolled back, so nothing of them is in the tables. Say so in the ledger.
    /// </summary>
    private async Task<int> MarkAbandonedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            update ingest_batch
            set status = 'abandoned', finished_at = now(),
                message = 'the process stopped before this file committed; nothing from it was kept and it loads again on the next run'
            where status = 'started'
            """;
        var count = await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
        if (count > 0)
        {
            logger.LogWarning("{Count} file load(s) from an earlier run stopped part-way; nothing of them was kept, marked abandoned", count);
        }

        return count;
    }
}
