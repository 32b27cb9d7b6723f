namespace Outcomes.Ingest.Contract;

/// <summary>
/// An index of a core table that the bulk merge drops and builds again: its name (for messages) and the two
/// statements, which must recreate exactly what the migrations made (a test compares them with the catalog).
/// </summary>
public sealed record TableIndex(string Name, string DropSql, string CreateSql);
