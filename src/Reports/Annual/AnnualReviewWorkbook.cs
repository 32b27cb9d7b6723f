using ClosedXML.Excel;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Tables;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The annual review as a workbook: one sheet per section (Targets, Action plans, Data completeness, Measurement
/// system, About), each an Excel table under a title, the population and data-through date, and the standards the
/// section answers; printed landscape with "Confidential" in the footer (<see cref="SheetWriter"/>).
/// </summary>
internal static class AnnualReviewWorkbook
{
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
            SheetWriter.WriteTable(sheet, section.Table, SheetWriter.FirstTableRow, section.Id + "Table", freezeHeader: true);
            SheetWriter.FitColumns(sheet, section.Table.Columns.Count);
            WrapLongText(sheet, section.Table);
        }

        workbook.Worksheet(1).SetTabActive();
        workbook.SaveAs(stream);
    }

    /// <summary>Width of a column of sentences (an action's effect), wrapped: one long line would shrink the printed page.</summary>
    public const double SentenceColumnWidth = 60;

    /// <summary>The columns of sentences are wrapped at <see cref="SentenceColumnWidth"/> instead of running off the page.</summary>
    private static void WrapLongText(IXLWorksheet sheet, Tables.ReportTable table)
    {
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].Header != "Effect")
            {
                continue;
            }

            var column = sheet.Column(c + 1);
            column.Width = SentenceColumnWidth;
            var last = SheetWriter.FirstTableRow + Math.Max(1, table.Rows.Count);
            sheet.Range(SheetWriter.FirstTableRow + 1, c + 1, last, c + 1).Style.Alignment.WrapText = true;
            // Neither ClosedXML nor every spreadsheet sizes a row to its wrapped text: about 55 characters fit a line of 60.
            for (var r = SheetWriter.FirstTableRow + 1; r <= last; r++)
            {
                var lines = Math.Max(1, (int)Math.Ceiling(sheet.Cell(r, c + 1).GetString().Length / 55.0));
                sheet.Row(r).Height = Math.Max(sheet.Row(r).Height, 15 * lines);
            }
        }
    }
}
