namespace Outcomes.Reports.Tables;

internal sealed record TableColumn(string Header, ColumnKind Kind);
