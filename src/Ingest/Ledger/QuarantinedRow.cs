namespace Outcomes.Ingest.Ledger;

/// <summary>
/// A row that failed validation (<c>ingest_quarantine</c>): where it was and why, never its values (the restricted
/// raw record stays in the table).
/// </summary>
public sealed record QuarantinedRow(long BatchId, string FileName, int LineNumber, string? Field, string Reason);
