namespace Outcomes.Ingest.Validation;

/// <summary>Why a row cannot load: the field at fault (null for the whole row) and what was expected.</summary>
public sealed record RowIssue(string? Field, string Reason);
