namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// A source row the importer did not carry into the drop folder, or carried with a caveat, and why: the trial (empty when
/// the row names no known participant), the table, the line (0 for what concerns a trial rather than a row) and the
/// reason. Reasons name trial metadata (arms, visit labels, drug classes), never a participant.
/// </summary>
public sealed record Ctn0094Issue(string Trial, string Table, int Line, string Reason);
