namespace Outcomes.Ingest.Loading;

/// <summary>What became of one file.</summary>
public sealed record FileResult(
    string FileName,
    string Entity,
    FileStatus Status,
    long? BatchId,
    int RowsRead,
    int RowsInserted,
    int RowsUpdated,
    int RowsUnchanged,
    int RowsQuarantined,
    string? Message,
    TimeSpan Elapsed);
