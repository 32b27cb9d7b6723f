namespace Outcomes.Reports.Tables;

/// <summary>
/// A table as every output shows it (workbook sheet, HTML page, manifest): columns and rows of cells, already
/// suppressed, with a note printed under it.
/// </summary>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows, string? Note = null);
