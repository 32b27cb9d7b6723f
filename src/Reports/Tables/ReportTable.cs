namespace Outcomes.Reports.Tables;

/// <summary>
/// A table as every output shows it (workbook sheet, HTML page, manifest): columns and rows of cells, already
/// suppressed. <see cref="Targets"/> gives, per row, a target a rate should reach (or null).
/// </summary>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows, string? Note = null)
{
    public int Column(string header)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Header == header)
            {
                return i;
            }
        }

        throw new ArgumentException($"The table {Id} has no column '{header}'.", nameof(header));
    }
}
