using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// <c>outcomes ingest --profile</c>: stages a folder of exports as contract files in a staging folder of the run and
/// loads them with <see cref="FolderIngestor"/> (the same lock, validation, quarantine and ledger as a drop folder).
/// The staging folder is removed afterwards; the exports are left as they were.
/// </summary>
public sealed class ProfileIngestor(NpgsqlDataSource dataSource, ILogger logger)
{
    public async Task<(IngestRunResult Run, StagingResult Staging)> IngestAsync(
        LoadedProfile profile, string folder, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var staging = Path.Combine(Path.GetTempPath(), $"outcomes-profile-{Guid.NewGuid():N}");
        try
        {
            var staged = ExportStager.Stage(profile, folder, staging);
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
