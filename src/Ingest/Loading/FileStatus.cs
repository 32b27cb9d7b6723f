namespace Outcomes.Ingest.Loading;

public enum FileStatus
{
    /// <summary>Loaded: its good rows are in the core tables, its bad rows in quarantine.</summary>
    Committed,

    /// <summary>Already loaded earlier (same SHA-256): nothing to do.</summary>
    Skipped,

    /// <summary>
    /// Unusable as a whole (empty, header wrong, a quote or line end the parser cannot read past, not UTF-8, changed
    /// while read, not a regular file): nothing loaded, the reason recorded.
    /// </summary>
    Rejected,

    /// <summary>An outage or bug stopped it (for example counts that do not add up): nothing from it was kept.</summary>
    Failed,
}
