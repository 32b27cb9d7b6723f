using Outcomes.Ingest.Loading;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// Where a pull takes files from: a local folder, or an SFTP server whose files are first downloaded into a local
/// staging folder. Either way the ingest reads local files, and a file leaves the source only after its batch committed
/// (or was rejected as a whole).
/// </summary>
internal interface IPullSource : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The settled files, as local paths ready for the ingest, and what was seen but left alone.</summary>
    Task<PullCandidates> CollectAsync(DateTimeOffset pulledAt, CancellationToken cancellationToken);

    /// <summary>Moves one ingested file out of the source (to processed or failed); returns where it went.</summary>
    Task<string> MoveAfterIngestAsync(string path, FileResult result, DateTimeOffset pulledAt, CancellationToken cancellationToken);
}
