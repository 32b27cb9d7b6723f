namespace Outcomes.Ingest.Ledger;

/// <summary>
/// One file load in the ledger (<c>ingest_batch</c>): what was loaded, how it ended, and what it did to the tables.
/// <see cref="StartedAt"/> is the wall-clock time in the database's time zone, as the ledger has always been shown.
/// <see cref="ContractVersion"/> is the data-contract version of the drop the file came with (docs/data-contract.md).
/// </summary>
public sealed record LoadBatch(
    long BatchId,
    string FileName,
    string Entity,
    string Status,
    long RowsRead,
    long RowsInserted,
    long RowsUpdated,
    long RowsUnchanged,
    long RowsQuarantined,
    string Sha256,
    string SoftwareVersion,
    DateTime StartedAt,
    string ContractVersion);
