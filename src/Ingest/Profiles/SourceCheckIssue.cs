namespace Outcomes.Ingest.Profiles;

/// <summary>A row that would be quarantined: the export's line, the contract field at fault and why (never the value).</summary>
public sealed record SourceCheckIssue(int Line, string? Field, string Reason);
