namespace Outcomes.Reports.Monthly;

/// <summary>One file load from the ledger, as the data-quality sheet lists it (row counts, never values).</summary>
internal sealed record BatchSummary(long BatchId, string FileName, string Entity, string Status, DateOnly StartedOn, long RowsRead, long RowsInserted, long RowsUpdated, long RowsQuarantined);
