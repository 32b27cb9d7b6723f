namespace Outcomes.Ingest.Loading;

/// <summary>What one ingest run did with a drop folder: each file's result, and files it did not recognise.</summary>
public sealed record IngestRunResult(Guid RunId, IReadOnlyList<FileResult> Files, IReadOnlyList<string> IgnoredFiles, int AbandonedBatches)
{
    public int RowsQuarantined => Files.Sum(f => f.RowsQuarantined);

    public bool AnyRejected => Files.Any(f => f.Status == FileStatus.Rejected);
}
