namespace Outcomes.Reports.Tables;

/// <summary>A row of cells; <see cref="Target"/> is the share the row's rate should reach, when the report sets one.</summary>
internal sealed record TableRow(IReadOnlyList<TableCell> Cells, double? Target = null, bool HigherIsBetter = true);
