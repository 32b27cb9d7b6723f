using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// <c>outcomes ingest --profile</c>: stages a folder of exports as contract files in a staging folder of the run and
/// loads them with <see cref="FolderIngestor"/> (the same lock, validation, quarantine and ledger as a drop folder).
/// The staging folder is removed afterwards; the exports are left as they were (a pull moves them itself).
/// </summary>
public sealed class ProfileIngestor(NpgsqlDataSource dataSource, ILogger logger)
{
    public Task<(IngestRunResult Run, StagingResult Staging)> IngestAsync(
        LoadedProfile profile, string folder, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        IngestAsync(profile, staging => ExportStager.Stage(profile, folder, staging), options, progress, cancellationToken);

    /// <summary>Loads just these exports (a pull's settled files, none still being written), the same way.</summary>
    public Task<(IngestRunResult Run, StagingResult Staging)> IngestFilesAsync(
        LoadedProfile profile, IReadOnlyList<string> exports, IngestOptions options, CancellationToken cancellationToken = default) =>
        IngestAsync(profile, staging => ExportStager.Stage(profile, exports, staging), options, null, cancellationToken);

    private async Task<(IngestRunResult Run, StagingResult Staging)> IngestAsync(
        LoadedProfile profile, Func<string, StagingResult> stage, IngestOptions options, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Path.GetTempPath(), $"outcomes-profile-{Guid.NewGuid():N}");
        try
        {
            var staged = stage(staging);
            foreach (var (file, reason) in staged.RejectedExports)
            {
                logger.LogWarning("{File}: export refused by profile {Profile}, nothing of it loaded: {Reason}", file, profile.Name, reason);
            }

            foreach (var name in staged.IgnoredFiles)
            {
                logger.LogWarning("{File}: no export of profile {Profile} has this name; left alone", name, profile.Name);
            }

            var run = await new FolderIngestor(dataSource, logger).IngestStagedAsync(staged.Files, options, progress, cancellationToken);
            return (run, staged);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
