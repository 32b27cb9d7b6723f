namespace Outcomes.Ingest.Profiles;

/// <summary>One contract file a profile makes from one export: rows that would load and rows that would be quarantined.</summary>
public sealed record SourceCheckFile(string ExportFile, string Contract, int Rows, int WouldLoad, IReadOnlyList<SourceCheckIssue> Quarantined);
