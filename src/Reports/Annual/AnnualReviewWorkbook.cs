using ClosedXML.Excel;
using Outcomes.Analytics.Suppression;
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
    public static void Write(AnnualReviewData data, AnnualReviewTables tables, SmallCellPolicy policy, Stream stream)
    {
        var run = data.YearRun.Run;
        var subtitle = $"{PeriodNames.Describe(run.Period, data.DataThrough)} · {data.Population} · data through {data.DataThrough:yyyy-MM-dd} · analysis run {run.RunId}";
        var header = $"Annual review {data.Year} · {data.Population} · Confidential";
        using var workbook = new XLWorkbook();
        workbook.Properties.Author = "Outcomes";
        workbook.Properties.Title = header;
        workbook.Properties.Created = data.DataThrough.ToDateTime(TimeOnly.MinValue);
        workbook.Properties.Modified = data.DataThrough.ToDateTime(TimeOnly.MinValue);
        foreach (var section in tables.All())
        {
            var note = section.Standards.Count == 0
                ? $"Counts from 1 to {policy.Threshold - 1} are shown as \"{policy.SmallCellText}\"."
                : $"Answers {Standards.Line(section.Standards)}. Counts from 1 to {policy.Threshold - 1} are shown as \"{policy.SmallCellText}\".";
            var sheet = SheetWriter.Add(workbook, section.Name, section.Table.Title, subtitle, note, header);
            SheetWriter.WriteTable(sheet, section.Table, SheetWriter.FirstTableRow, section.Id + "Table", freezeHeader: true);
            SheetWriter.FitColumns(sheet, section.Table.Columns.Count);
        }

        workbook.Worksheet(1).SetTabActive();
        workbook.SaveAs(stream);
    }
}
