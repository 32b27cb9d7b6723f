using System.Globalization;
using Outcomes.Ingest.Profiles;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;
using Outcomes.Reports.Output;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// A folder a center's system exports into. Contract files (or, for a source with a profile, the profile's exports) directly in it are taken once they have settled (not
/// changed for <see cref="SourceOptions.SettleSeconds"/>); after the ingest each file moves to the processed folder
/// (committed, or already loaded) or the failed folder (rejected as a whole, with a note of why), in a sub-folder
/// named for the pull. A file is moved only after its batch committed: a crash in between leaves it in place, and the
/// next pull recognises it by its SHA-256 and moves it without loading it twice.
/// </summary>
/// <param name="source">The source's settings.</param>
/// <param name="profile">The source's profile, if it names one: its exports are taken instead of contract files.</param>
public sealed class SourceFolder(SourceOptions source, LoadedProfile? profile = null) : IPullSource
{
    public string Name => source.Name;

    public string ProcessedFolder => source.ProcessedFolder ?? Path.Combine(source.Folder, "processed");

    public string FailedFolder => source.FailedFolder ?? Path.Combine(source.Folder, "failed");

    /// <summary>Contract files in the folder that have not changed for the settle time.</summary>
    public IReadOnlyList<string> SettledFiles(DateTimeOffset now)
    {
        var settled = now.UtcDateTime - TimeSpan.FromSeconds(source.SettleSeconds);
        return [.. Directory.EnumerateFiles(source.Folder)
            .Where(p => PullNames.Takes(profile, Path.GetFileName(p)))
            .Where(p => File.GetLastWriteTimeUtc(p) <= settled)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Folders named like a contract file (<c>follow_ups.csv/</c>): not files, so never read nor moved; left where they
    /// are and named in the run's summary, so a misplaced export does not go unnoticed. Pipes, devices and broken links
    /// named like contract files are listed as files and refused by name by the ingest.
    /// </summary>
    public IReadOnlyList<string> FoldersNamedLikeFiles() =>
        [.. Directory.EnumerateDirectories(source.Folder).Select(Path.GetFileName).Where(n => PullNames.Takes(profile, n!)).Order(StringComparer.Ordinal)!];

    /// <summary>Other files in the folder: left where they are, named in the run's summary.</summary>
    public IReadOnlyList<string> UnknownFiles() =>
        [.. Directory.EnumerateFiles(source.Folder).Select(Path.GetFileName).Where(n => !PullNames.Takes(profile, n!)).Order(StringComparer.Ordinal)!];

    Task<PullCandidates> IPullSource.CollectAsync(DateTimeOffset pulledAt, CancellationToken cancellationToken) =>
        Task.FromResult(new PullCandidates(SettledFiles(pulledAt), [.. FoldersNamedLikeFiles().Select(f => f + "/")], []));

    Task<string> IPullSource.MoveAfterIngestAsync(string path, FileResult result, DateTimeOffset pulledAt, CancellationToken cancellationToken) =>
        Task.FromResult(MoveAfterIngest(path, result, pulledAt));

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Moves one ingested file out of the source folder; returns where it went.</summary>
    public string MoveAfterIngest(string path, FileResult result, DateTimeOffset pulledAt)
    {
        var rejected = result.Status == FileStatus.Rejected;
        var folder = Path.Combine(rejected ? FailedFolder : ProcessedFolder, PullFolderName(pulledAt));
        Directory.CreateDirectory(folder);
        // The name comes from the source folder: it is checked to land inside the dated folder like every output path.
        var target = OutputFolder.Inside(folder, Path.GetFileName(path));
        if (rejected)
        {
            File.WriteAllText(OutputFolder.Inside(folder, Path.GetFileName(path) + ".reason.txt"), ReasonText(result));
        }

        File.Move(path, target, overwrite: true);
        return target;
    }

    /// <summary>What the reason file next to a rejected file says.</summary>
    internal static string ReasonText(FileResult result) =>
        result.BatchId is null ? $"Rejected: {result.Message}{Environment.NewLine}" : $"Rejected by batch {result.BatchId}: {result.Message}{Environment.NewLine}";

    /// <summary>The sub-folder of processed/ or failed/ one pull's files go to.</summary>
    internal static string PullFolderName(DateTimeOffset pulledAt) => pulledAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
