namespace Outcomes.Ingest.Loading;

/// <summary>A load whose counts do not add up: a fault in Outcomes, never bad input.</summary>
internal sealed class LedgerMismatchException(string message) : Exception(message);
