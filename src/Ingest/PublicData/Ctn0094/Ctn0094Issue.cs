namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>A source row the importer did not carry into the drop folder, or carried with a caveat, and why.</summary>
public sealed record Ctn0094Issue(string Table, int Line, string Reason);
