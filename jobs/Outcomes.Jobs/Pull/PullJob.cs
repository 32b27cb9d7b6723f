using System.Globalization;
using Dapper;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Profiles;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.Telemetry;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// Every 15 minutes by default: the settled contract files of one source (a local folder, or a folder on an SFTP
/// server, downloaded into a staging folder) are ingested (the same <see cref="FolderIngestor"/> as
/// <c>outcomes ingest</c>) and moved out once their batches committed. A source naming a profile is pulled the same way,
/// its settled exports staged through the profile (the same <see cref="ProfileIngestor"/> as <c>outcomes ingest --profile</c>).
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
            // Checked at start-up; loaded again for each pull, so that an edited profile takes effect (or fails the run
            // with its own line and field) without a restart.
            var profile = source.Profile is null ? null : ProfileLoader.Load(source.Profile);
            await using var pullSource = Open(source, profile);
            return await PullAsync(pullSource, profile, ct);
        }, cancellationToken);
    }

    private IPullSource Open(SourceOptions source, LoadedProfile? profile) =>
        string.Equals(source.Kind, SourceKinds.Sftp, StringComparison.OrdinalIgnoreCase)
            ? new SftpSource(source, logger, DownloadProgress, profile)
            : new SourceFolder(source, profile);

    private async Task<string> PullAsync(IPullSource source, LoadedProfile? profile, CancellationToken cancellationToken)
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
        var ingestOptions = new IngestOptions { Today = today, ProgramInstruments = options.Value.ProgramInstruments() };
        if (profile is not null)
        {
            return await PullThroughProfileAsync(source, profile, files, ingestOptions, pulledAt, cancellationToken) + waiting + notFiles;
        }

        var result = await new FolderIngestor(_dataSource, logger).IngestFilesAsync(files, ingestOptions, null, cancellationToken);
        OutcomesMetrics.RecordPull(source.Name, result.Files);

        // Only now, with every batch committed (or rejected as a whole), do the files leave the source.
        foreach (var file in result.Files)
        {
            var path = files.Single(p => Path.GetFileName(p) == file.FileName);
            var movedTo = await source.MoveAfterIngestAsync(path, file, pulledAt, cancellationToken);
            await RecordAsync(source.Name, file, null, movedTo, cancellationToken);
        }

        var committed = result.Files.Where(f => f.Status == FileStatus.Committed).ToList();
        var rejected = result.Files.Count(f => f.Status == FileStatus.Rejected);
        var skipped = result.Files.Count(f => f.Status == FileStatus.Skipped);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Files.Count} file(s): {committed.Count} loaded ({committed.Sum(f => f.RowsInserted + f.RowsUpdated):N0} rows in or changed, {result.RowsQuarantined:N0} quarantined), {skipped} already loaded, {rejected} rejected{waiting}{notFiles}");
    }

    /// <summary>
    /// The settled exports of a source with a profile, and only they (a file arriving meanwhile is not staged), loaded
    /// through the profile as <c>outcomes ingest --profile</c> does; then each export moved out whole: to failed when the
    /// profile refused it or a contract file staged from it was rejected.
    /// </summary>
    private async Task<string> PullThroughProfileAsync(
        IPullSource source, LoadedProfile profile, IReadOnlyList<string> files, IngestOptions ingestOptions, DateTimeOffset pulledAt, CancellationToken cancellationToken)
    {
        var (run, staging) = await new ProfileIngestor(_dataSource, logger).IngestFilesAsync(profile, files, ingestOptions, cancellationToken);
        var exports = files.Select(path => ExportResult(Path.GetFileName(path), run, staging)).ToList();
        OutcomesMetrics.RecordPull(source.Name, exports);

        // Only now, with every batch committed (or rejected as a whole), do the exports leave the source.
        foreach (var (path, export) in files.Zip(exports))
        {
            var movedTo = await source.MoveAfterIngestAsync(path, export, pulledAt, cancellationToken);
            var sha256 = staging.Files.FirstOrDefault(f => f.Origin.SourceFileName == export.FileName)?.Origin.SourceSha256;
            await RecordAsync(source.Name, export, sha256, movedTo, cancellationToken);
        }

        var loaded = exports.Where(f => f.Status == FileStatus.Committed).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{exports.Count} export(s) through profile {profile.Name}: {loaded.Count} loaded ({loaded.Sum(f => f.RowsInserted + f.RowsUpdated):N0} rows in or changed, {run.RowsQuarantined:N0} quarantined), {exports.Count(f => f.Status == FileStatus.Skipped)} already loaded, {exports.Count(f => f.Status == FileStatus.Rejected)} rejected");
    }

    /// <summary>One export's outcome, from the contract files staged from it (or the profile's refusal).</summary>
    private static FileResult ExportResult(string exportName, IngestRunResult run, StagingResult staging)
    {
        var refusal = staging.RejectedExports.FirstOrDefault(r => r.FileName == exportName);
        if (refusal.FileName is not null)
        {
            return new FileResult(exportName, "export", FileStatus.Rejected, null, 0, 0, 0, 0, 0, $"refused by the profile: {refusal.Reason}", TimeSpan.Zero);
        }

        // A contract file staged from an export is reported under the export's name (its entity tells them apart).
        var results = run.Files.Where(f => f.FileName == exportName).ToList();
        // A staged file that failed (nothing of it kept) fails its export too: the export waits in failed/ rather than
        // counting as processed with part of it missing.
        var rejected = results.Where(f => f.Status is FileStatus.Rejected or FileStatus.Failed).ToList();
        var status = rejected.Count > 0 ? FileStatus.Rejected
            : results.Count > 0 && results.All(f => f.Status == FileStatus.Skipped) ? FileStatus.Skipped
            : FileStatus.Committed;
        var message = rejected.Count == 0 ? null : string.Join("; ", rejected.Select(f => $"{f.Entity} staged from it {f.Status.ToString().ToLowerInvariant()}: {f.Message}"));
        return new FileResult(
            exportName,
            "export",
            status,
            (rejected.FirstOrDefault() ?? results.FirstOrDefault(f => f.BatchId is not null))?.BatchId,
            results.Sum(f => f.RowsRead),
            results.Sum(f => f.RowsInserted),
            results.Sum(f => f.RowsUpdated),
            results.Sum(f => f.RowsUnchanged),
            results.Sum(f => f.RowsQuarantined),
            message,
            TimeSpan.FromTicks(results.Sum(f => f.Elapsed.Ticks)));
    }

    private async Task RecordAsync(string sourceName, FileResult file, string? sha256, string movedTo, CancellationToken cancellationToken)
    {
        // A contract file's hash is its batch's; an export's is of the export itself (its batches hold staged files).
        const string sql = """
            insert into source_file (source_name, file_name, sha256, batch_id, status, moved_to)
            select @Source, @FileName, coalesce(@Sha256, (select sha256 from ingest_batch where batch_id = @BatchId), ''), @BatchId, @Status, @MovedTo
            """;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Source = sourceName,
            file.FileName,
            Sha256 = sha256,
            file.BatchId,
            Status = file.Status.ToString().ToLowerInvariant(),
            MovedTo = movedTo,
        }, cancellationToken: cancellationToken));
    }
}
