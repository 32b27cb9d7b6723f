namespace Outcomes.Ingest.Loading;

/// <summary>What one ingest run did with a drop folder: each file's result, and files it did not recognise.</summary>
public sealed record IngestRunResult(Guid RunId, IReadOnlyList<FileResult> Files, IReadOnlyList<string> IgnoredFiles, int AbandonedBatches)
{
    public int RowsQuarantined => Files.Sum(f => f.RowsQuarantined);

    /// <summary>Some file did not load: rejected (or refused as not a regular file), or failed.</summary>
    public bool AnyRejected => Files.Any(f => f.Status is FileStatus.Rejected or FileStatus.Failed);
}
