using ClosedXML.Excel;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Workbook;

/// <summary>
/// Writes report tables into worksheets the way a quality team expects of Excel: an Excel table with filters,
/// number formats for counts, percents and intervals, "&lt;11" for suppressed counts (an external output) or a small
/// count shaded and marked "†" (an internal one), rates that miss the
/// program's stored target shaded, landscape print fitted to the page width with the period and "Confidential" in the
/// header and footer.
/// </summary>
internal static class SheetWriter
{
    public const int TitleRow = 1;
    public const int FirstTableRow = 5;

    internal static readonly XLColor MissedFill = XLColor.FromHtml("#F8D7DA");

    /// <summary>The shade of a small count shown exactly in an internal output.</summary>
    internal static readonly XLColor SmallFill = XLColor.FromHtml("#FFF2CC");
    private static readonly XLColor HeaderFill = XLColor.FromHtml("#DDEBF7");

    /// <summary>
    /// The printable width of a landscape letter page between margins of half an inch (10 inches), in the 96-per-inch
    /// pixels Excel sizes pictures and columns in, less 5% for rounding in the spreadsheet programs' fitting.
    /// </summary>
    public const double PrintableWidthPixels = 10 * 96 * 0.95;

    /// <summary>The default row height (15 points) in pixels.</summary>
    public const double RowPixels = 20;

    /// <summary>A column's width in pixels: Calibri 11's 7 pixels per character of width plus 5 of padding.</summary>
    public static double PixelWidth(IXLColumn column) => Math.Round((column.Width * 7) + 5);

    public static IXLWorksheet Add(XLWorkbook workbook, string name, string title, string subtitle, string? note, string header)
    {
        var sheet = workbook.Worksheets.Add(name);
        SetText(sheet.Cell(TitleRow, 1), title);
        sheet.Cell(TitleRow, 1).Style.Font.Bold = true;
        sheet.Cell(TitleRow, 1).Style.Font.FontSize = 14;
        SetText(sheet.Cell(TitleRow + 1, 1), subtitle);
        if (note is not null)
        {
            SetText(sheet.Cell(TitleRow + 2, 1), note);
            sheet.Cell(TitleRow + 2, 1).Style.Font.Italic = true;
        }

        var page = sheet.PageSetup;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.PaperSize = XLPaperSize.LetterPaper;
        page.FitToPages(1, 0);
        page.Margins.Top = 0.75;
        page.Margins.Bottom = 0.75;
        page.Margins.Left = 0.5;
        page.Margins.Right = 0.5;
        page.Header.Center.AddText(header);
        page.Footer.Left.AddText("Confidential");
        page.Footer.Right.AddText("Page ");
        page.Footer.Right.AddText(XLHFPredefinedText.PageNumber);
        page.Footer.Right.AddText(" of ");
        page.Footer.Right.AddText(XLHFPredefinedText.NumberOfPages);
        return sheet;
    }

    /// <summary>Writes a table with its header at <paramref name="startRow"/>; returns the last row written.</summary>
    public static int WriteTable(IXLWorksheet sheet, ReportTable table, int startRow, string tableName, bool freezeHeader)
    {
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var headerCell = sheet.Cell(startRow, c + 1);
            SetText(headerCell, FigureCatalogue.Words(table.Columns[c].Header));
            // A header stands over its column as the numbers do (right for numbers), and wraps rather than widening it.
            headerCell.Style.Alignment.WrapText = true;
            headerCell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Bottom;
            headerCell.Style.Alignment.Horizontal = table.Columns[c].Kind is ColumnKind.Text or ColumnKind.Code
                ? XLAlignmentHorizontalValues.Left
                : XLAlignmentHorizontalValues.Right;
        }

        var rows = table.Rows.Count == 0
            ? [new TableRow([TableCell.Of("no figures for this period"), .. Enumerable.Repeat(TableCell.Empty, table.Columns.Count - 1)])]
            : table.Rows;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                Write(sheet.Cell(startRow + 1 + r, c + 1), row.Cells[c], table.Columns[c].Kind);
            }

            MarkMissedTarget(sheet, table, row, startRow + 1 + r);
        }

        var last = startRow + rows.Count;
        var range = sheet.Range(startRow, 1, last, table.Columns.Count);
        var excelTable = range.CreateTable(tableName);
        excelTable.Theme = XLTableTheme.TableStyleLight9;
        excelTable.ShowAutoFilter = true;
        sheet.Range(startRow, 1, startRow, table.Columns.Count).Style.Fill.BackgroundColor = HeaderFill;
        if (freezeHeader)
        {
            sheet.SheetView.FreezeRows(startRow);
            sheet.PageSetup.SetRowsToRepeatAtTop(startRow, startRow);
        }

        if (table.Note is not null && table.Rows.Count > 0)
        {
            SetText(sheet.Cell(last + 1, 1), table.Note);
            sheet.Cell(last + 1, 1).Style.Font.Italic = true;
            last++;
        }

        return last;
    }

    public static void FitColumns(IXLWorksheet sheet, int columns)
    {
        for (var c = 1; c <= columns; c++)
        {
            // Fitted to the values under the header; the header wraps, so it needs only its longest word.
            var column = sheet.Column(c);
            column.AdjustToContents(FirstTableRow + 1, 2000);
            var longestWord = sheet.Cell(FirstTableRow, c).GetString().Split(' ').Max(w => w.Length);
            column.Width = Math.Clamp(Math.Max(column.Width, longestWord + 2), 8, 48);
        }
    }

    /// <summary>
    /// A table's note as a paragraph across its columns: merged over them and wrapped, its height set for the lines it
    /// needs (a spreadsheet program does not fit a merged row's height), so that a long note prints inside the page width.
    /// </summary>
    public static void WrapNote(IXLWorksheet sheet, int row, int columns)
    {
        var cell = sheet.Cell(row, 1);
        var text = cell.GetString();
        sheet.Range(row, 1, row, columns).Merge();
        cell.Style.Alignment.WrapText = true;
        cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        var width = Enumerable.Range(1, columns).Sum(c => sheet.Column(c).Width);
        // About 1.2 characters of Calibri 11 a unit of column width (as in FitRowHeights); a line more for the words that do not break evenly.
        var lines = (int)Math.Ceiling(text.Length / Math.Max(width * 1.2, 1)) + 1;
        sheet.Row(row).Height = lines * 15;
    }

    /// <summary>
    /// Sets each row's height for the lines its wrapped cells need. Excel fits a row to wrapped text when it opens a file,
    /// but not every program does (LibreOffice, and so a PDF made from the workbook, keeps one line and overprints the next
    /// row), so the height is written: words laid into lines of the column's width, one line per 15 points.
    /// </summary>
    public static void FitRowHeights(IXLWorksheet sheet, int firstRow, int lastRow, int columns)
    {
        for (var r = firstRow; r <= lastRow; r++)
        {
            var lines = 1;
            for (var c = 1; c <= columns; c++)
            {
                var cell = sheet.Cell(r, c);
                if (cell.Style.Alignment.WrapText && !cell.IsMerged() && cell.DataType == XLDataType.Text)
                {
                    lines = Math.Max(lines, Lines(cell.GetString(), sheet.Column(c).Width));
                }
            }

            sheet.Row(r).Height = lines * 15;
        }
    }

    /// <summary>
    /// The lines a text takes wrapped at word breaks in a column of <paramref name="width"/>: a unit of width is one digit
    /// of Calibri 11, and a line of words holds about 1.2 characters a unit (as LibreOffice lays them out).
    /// </summary>
    private static int Lines(string text, double width)
    {
        var perLine = Math.Max(1, (int)Math.Floor(width * 1.2));
        var lines = 1;
        var used = 0;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var needed = used == 0 ? word.Length : used + 1 + word.Length;
            if (needed <= perLine)
            {
                used = needed;
                continue;
            }

            lines += used == 0 ? 0 : 1;
            lines += (word.Length - 1) / perLine;
            used = ((word.Length - 1) % perLine) + 1;
        }

        return lines;
    }

    public static void SetText(IXLCell cell, string text)
    {
        cell.SetValue(SafeText.Neutralise(text));
        cell.DataType = XLDataType.Text;
    }

    private static void Write(IXLCell cell, TableCell value, ColumnKind column)
    {
        var kind = value.Kind ?? column;
        if (value.Number is { } n)
        {
            cell.SetValue(n);
            var format = kind switch
            {
                ColumnKind.Count => "#,##0",
                ColumnKind.Percent => "0.0%",
                ColumnKind.PercentDifference => "+0.0%;-0.0%;0.0%",
                _ => n == Math.Floor(n) ? "#,##0" : "0.0##",
            };
            if (value.Small)
            {
                // The number stays a number (it sums and sorts); the mark is only how it is shown.
                format += $"\" {Disclosure.DisclosurePolicy.SmallMarker}\"";
                cell.Style.Fill.BackgroundColor = SmallFill;
            }

            cell.Style.NumberFormat.Format = format;
            return;
        }

        if (value.Text is { } stored)
        {
            var text = column == ColumnKind.Code ? stored : FigureCatalogue.Words(stored);
            SetText(cell, text);
            if (kind == ColumnKind.Statistic)
            {
                cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
            }

            if (value.IsSuppressed || text == "suppressed")
            {
                cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
                cell.Style.Font.Italic = true;
                cell.Style.Font.FontColor = XLColor.FromHtml("#595959");
            }
        }
    }

    /// <summary>
    /// The rate of a row with a stored target gets a conditional format that shades it when it misses the target, with
    /// the strict comparison of <see cref="Analytics.Targets.TargetEvaluation.Meets"/> (a rate exactly at the target
    /// meets it): Excel judges the cell's own value as the targets table does, and a reader who edits the value sees
    /// the shading follow.
    /// </summary>
    /// <summary>Whether a column's rates are judged against the row's target (and shaded when they miss it): current performance, not an interval's bounds, last year or the target itself.</summary>
    internal static bool JudgedAgainstTarget(TableColumn column) =>
        column.Kind == ColumnKind.Percent && column.Header is not ("Target" or "95% CI lower" or "95% CI upper" or "Last month" or "Same month last year");

    private static void MarkMissedTarget(IXLWorksheet sheet, ReportTable table, TableRow row, int sheetRow)
    {
        if (row.Target is not { } target)
        {
            return;
        }

        for (var c = 0; c < table.Columns.Count; c++)
        {
            // Current performance is judged against the target (the month, and on the Summary its longer windows); an
            // interval's bounds, last year's month and the target itself are not.
            if (!JudgedAgainstTarget(table.Columns[c]))
            {
                continue;
            }

            if (row.Cells[c].Number is null)
            {
                continue;
            }

            var format = sheet.Cell(sheetRow, c + 1).AddConditionalFormat();
            var style = target.AtLeast ? format.WhenLessThan(target.Target) : format.WhenGreaterThan(target.Target);
            style.Fill.SetBackgroundColor(MissedFill);
        }
    }
}
