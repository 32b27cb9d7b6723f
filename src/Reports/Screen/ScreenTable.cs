namespace Outcomes.Reports.Screen;

/// <summary>One of the workbook's tables for a page: the same cells, disclosed the same way, as text.</summary>
public sealed record ScreenTable(string Title, IReadOnlyList<ScreenColumn> Columns, IReadOnlyList<ScreenRow> Rows, string? Note);
