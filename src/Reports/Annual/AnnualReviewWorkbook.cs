using ClosedXML.Excel;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The annual review as a workbook: one sheet per section (Targets, Quarters, Written analysis, Action plans, Data
/// completeness, Measurement system, Standards, About), each an Excel table under a title, the population and
/// data-through date, and the standards the section answers; printed landscape one page wide with "Confidential" in the
/// footer (<see cref="SheetWriter"/>). The Targets sheet counts, above its table, the target figures missed with no action
/// plan. Text columns wrap at a set width, so every sheet prints at <see cref="SmallestPrintPoints"/> pt or larger.
/// </summary>
internal static class AnnualReviewWorkbook
{
    /// <summary>The smallest printed type a sheet may come to once fitted to the page's width, in points.</summary>
    public const double SmallestPrintPoints = 8;

    /// <summary>The body font ClosedXML writes (Calibri 11), whose size the fitting scales.</summary>
    private const double BodyPoints = 11;

    /// <summary>The row of the Targets sheet that counts the missed targets without a plan: between the note and the table.</summary>
    public const int SummaryRow = SheetWriter.FirstTableRow - 1;

    public static void Write(AnnualReviewData data, AnnualReviewTables tables, DisclosurePolicy disclosure, Stream stream)
    {
        var run = data.YearRun.Run;
        var subtitle = $"{PeriodNames.Describe(run.Period, data.DataThrough)} · {data.Population} · data through {data.DataThrough:yyyy-MM-dd} · analysis run {run.RunId}";
        var header = $"Annual review {data.Year} · {data.Population} · Confidential · {disclosure.Label}";
        using var workbook = new XLWorkbook();
        workbook.Properties.Author = "Outcomes";
        workbook.Properties.Title = header;
        workbook.Properties.Created = data.DataThrough.ToDateTime(TimeOnly.MinValue);
        workbook.Properties.Modified = data.DataThrough.ToDateTime(TimeOnly.MinValue);
        foreach (var section in tables.All())
        {
            var note = section.Standards.Count == 0
                ? disclosure.Statement
                : $"Answers {Standards.Line(section.Standards)}. {disclosure.Statement}";
            var sheet = SheetWriter.Add(workbook, section.Name, section.Table.Title, subtitle, note, header);
            sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.Bold = true;
            sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.FontColor = XLColor.FromHtml("#C00000");
            if (section.Id == "targets")
            {
                SheetWriter.SetText(sheet.Cell(SummaryRow, 1), tables.Summary());
                sheet.Cell(SummaryRow, 1).Style.Font.Bold = true;
                if (data.MissedWithoutPlan.Count > 0)
                {
                    sheet.Cell(SummaryRow, 1).Style.Font.FontColor = XLColor.FromHtml("#C00000");
                }
            }

            var last = SheetWriter.WriteTable(sheet, section.Table, SheetWriter.FirstTableRow, section.Id + "Table", freezeHeader: true);
            SheetWriter.FitColumns(sheet, section.Table.Columns.Count);
            FitToPage(sheet, section.Table, last);
            MarkMissedWithoutPlan(sheet, section.Table);
        }

        workbook.Worksheet(1).SetTabActive();
        workbook.SaveAs(stream);
    }

    /// <summary>Width of a column of sentences (an action's effect, a written analysis), wrapped: one long line would shrink the printed page.</summary>
    public const double SentenceColumnWidth = 40;

    /// <summary>The widest a column of numbers may be: "-1,234.567 †", "suppressed" and "not comparable" fit.</summary>
    public const double NumberColumnWidth = 14;

    /// <summary>The widest a column of short text (a figure's name, a target) may be before it wraps.</summary>
    public const double ShortTextColumnWidth = 18;

    /// <summary>The columns that hold sentences.</summary>
    private static readonly HashSet<string> SentenceHeaders = new(StringComparer.Ordinal)
    {
        "Effect", AnnualReviewTables.WhyHeader, "What it counts", AnnualReviewTables.AnalysisHeader, AnnualReviewTables.FactorsHeader,
        "Action decided", "Follow-up result", "Description", "Backed by this review", "Missing", "Value", MeasurementBasedCare.SourceHeader,
    };

    /// <summary>
    /// The printed scale of a sheet fitted one page wide, from its columns' widths: 1 when they fit the page, else the
    /// page's printable width over theirs. Its type prints at <see cref="BodyPoints"/> times this.
    /// </summary>
    public static double PrintScale(IXLWorksheet sheet)
    {
        var columns = sheet.LastColumnUsed()?.ColumnNumber() ?? 1;
        var width = Enumerable.Range(1, columns).Sum(c => SheetWriter.PixelWidth(sheet.Column(c)));
        return Math.Min(1, SheetWriter.PrintableWidthPixels / width);
    }

    /// <summary>The size the sheet's body type prints at, in points.</summary>
    public static double PrintedPoints(IXLWorksheet sheet) => BodyPoints * PrintScale(sheet);

    /// <summary>
    /// Text columns wrap at a set width (sentences at <see cref="SentenceColumnWidth"/>, short text at
    /// <see cref="ShortTextColumnWidth"/>), narrowed further when the sheet would still print under
    /// <see cref="SmallestPrintPoints"/> pt; rows grow to their wrapped text, and the title, subtitle, note and the
    /// table's note wrap across the table's width instead of running past the printed page.
    /// </summary>
    private static void FitToPage(IXLWorksheet sheet, Tables.ReportTable table, int last)
    {
        var widest = SheetWriter.PrintableWidthPixels * BodyPoints / SmallestPrintPoints;
        var sentences = new List<int>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].Kind is not (ColumnKind.Text or ColumnKind.Code))
            {
                // A mean or a difference in points is stored with every digit, which a spreadsheet's fitting measures
                // though the format shows three decimals at most: a number column needs no more than its widest shown number.
                var header = table.Columns[c].Header.Split(' ').Max(w => w.Length) + 2;
                sheet.Column(c + 1).Width = Math.Max(Math.Min(sheet.Column(c + 1).Width, NumberColumnWidth), header);
                continue;
            }

            var column = sheet.Column(c + 1);
            if (SentenceHeaders.Contains(table.Columns[c].Header))
            {
                column.Width = SentenceColumnWidth;
                sentences.Add(c + 1);
            }
            else
            {
                column.Width = Math.Min(column.Width, ShortTextColumnWidth);
            }
        }

        // Still too wide: sentences narrow to 20 characters first, then the widest short text down to 10.
        double Width() => Enumerable.Range(1, table.Columns.Count).Sum(c => SheetWriter.PixelWidth(sheet.Column(c)));
        while (Width() > widest && sentences.Any(c => sheet.Column(c).Width > 20))
        {
            foreach (var c in sentences)
            {
                sheet.Column(c).Width = Math.Max(20, sheet.Column(c).Width - 2);
            }
        }

        var texts = Enumerable.Range(1, table.Columns.Count).Where(c => table.Columns[c - 1].Kind is ColumnKind.Text or ColumnKind.Code && !sentences.Contains(c)).ToList();
        while (Width() > widest && texts.Count > 0 && texts.Max(c => sheet.Column(c).Width) > 10)
        {
            var column = sheet.Column(texts.MaxBy(c => sheet.Column(c).Width));
            column.Width = Math.Max(10, column.Width - 1);
        }

        var firstRow = SheetWriter.FirstTableRow + 1;
        var lastRow = SheetWriter.FirstTableRow + Math.Max(1, table.Rows.Count);
        sheet.Range(firstRow, 1, lastRow, table.Columns.Count).Style.Alignment.WrapText = true;
        sheet.Range(firstRow, 1, lastRow, table.Columns.Count).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        for (var r = firstRow; r <= lastRow; r++)
        {
            sheet.Row(r).Height = 15 * Enumerable.Range(1, table.Columns.Count).Max(c => Lines(sheet.Cell(r, c).GetFormattedString(), sheet.Column(c).Width));
        }

        // Neither ClosedXML nor every spreadsheet sizes a merged row to its wrapped text: about a character per unit of width.
        var tableWidth = Enumerable.Range(1, table.Columns.Count).Sum(c => sheet.Column(c).Width);
        foreach (var row in new[] { SheetWriter.TitleRow + 1, SheetWriter.TitleRow + 2, SummaryRow, last })
        {
            var cell = sheet.Cell(row, 1);
            if ((row > SheetWriter.FirstTableRow && row <= lastRow) || cell.IsEmpty() || table.Columns.Count < 2)
            {
                continue;
            }

            sheet.Range(row, 1, row, table.Columns.Count).Merge();
            cell.Style.Alignment.WrapText = true;
            cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            sheet.Row(row).Height = 15 * Lines(cell.GetString(), tableWidth);
        }
    }

    /// <summary>The lines a text takes in a wrapped column of <paramref name="width"/> characters (about 1.1 characters of text per unit).</summary>
    private static int Lines(string text, double width) =>
        Math.Max(1, (int)Math.Ceiling(text.Length / Math.Max(1, (width - 1) * 1.1)));

    /// <summary>A target figure missed with no action plan stands out in its row as on the page.</summary>
    private static void MarkMissedWithoutPlan(IXLWorksheet sheet, Tables.ReportTable table)
    {
        var column = table.Columns.ToList().FindIndex(c => c.Header == AnnualReviewTables.ActionPlanHeader);
        if (column < 0)
        {
            return;
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            if (table.Rows[r].Cells[column].Text == AnnualReviewTables.MissedWithoutPlanText)
            {
                var cell = sheet.Cell(SheetWriter.FirstTableRow + 1 + r, column + 1);
                cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#C00000");
                cell.Style.Font.FontColor = XLColor.White;
                cell.Style.Font.Bold = true;
            }
        }
    }
}
