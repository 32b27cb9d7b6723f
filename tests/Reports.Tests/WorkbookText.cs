using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;

namespace Outcomes.Reports.Tests;

/// <summary>
/// A workbook read back with ClosedXML as readable text: every sheet's cells (numbers with their format), its
/// tables, frozen rows, pictures and print setup. Masked, run ids and software versions read as placeholders,
/// so a snapshot stays true from one run and one commit to the next.
/// </summary>
internal static partial class WorkbookText
{
    public static string Render(string path, bool mask)
    {
        var printed = PrintHeaders.Read(path);
        using var workbook = new XLWorkbook(path);
        var text = new StringBuilder();
        foreach (var sheet in workbook.Worksheets)
        {
            text.Append("## ").Append(sheet.Name).Append('\n');
            var page = sheet.PageSetup;
            var (header, footer) = printed[sheet.Name];
            text.Append(CultureInfo.InvariantCulture, $"print: {page.PageOrientation}, {page.PagesWide} page(s) wide, header \"{header}\", footer \"{footer}\"\n");
            text.Append(CultureInfo.InvariantCulture, $"frozen rows: {sheet.SheetView.SplitRow}\n");
            foreach (var table in sheet.Tables)
            {
                text.Append(CultureInfo.InvariantCulture, $"table {table.Name} {table.RangeAddress.ToStringRelative()}{(table.ShowAutoFilter ? " with filters" : "")}\n");
            }

            foreach (var picture in sheet.Pictures)
            {
                text.Append(CultureInfo.InvariantCulture, $"picture {picture.Name} at {picture.TopLeftCell.Address.ToStringRelative()}\n");
            }

            foreach (var row in sheet.RowsUsed())
            {
                var cells = row.Cells(1, row.LastCellUsed().Address.ColumnNumber).Select(Cell);
                text.Append(CultureInfo.InvariantCulture, $"{row.RowNumber()}: ").Append(string.Join(" | ", cells)).Append('\n');
            }

            text.Append('\n');
        }

        var rendered = text.ToString();
        return mask ? Mask(rendered) : rendered;
    }

    public static string Cell(IXLCell cell)
    {
        if (cell.HasFormula)
        {
            return "FORMULA " + cell.FormulaA1;
        }

        return cell.DataType switch
        {
            XLDataType.Number => ((double)cell.Value).ToString("0.######", CultureInfo.InvariantCulture)
                + (cell.Style.NumberFormat.Format is { Length: > 0 } format ? $" [{format}]" : ""),
            XLDataType.DateTime => ((DateTime)cell.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
    }

    private static string Mask(string text) => Version().Replace(Guid().Replace(text, "<run id>"), "<version>");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\d+\.\d+\.\d+(\+[0-9a-f]+)?(?= \||\n|$)")]
    private static partial Regex Version();
}
