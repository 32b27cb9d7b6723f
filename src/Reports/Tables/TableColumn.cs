namespace Outcomes.Reports.Tables;

public sealed record TableColumn(string Header, ColumnKind Kind);
