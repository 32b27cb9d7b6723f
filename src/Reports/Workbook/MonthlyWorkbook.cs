using System.Globalization;
using ClosedXML.Excel;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Output;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Workbook;

/// <summary>
/// The monthly outcome workbook: the Dashboard (<see cref="DashboardSheet"/>, first), Summary, Outcomes, Retention, Attendance, Family involvement, Relapse,
/// Measurement-based care, Trends,
/// Risk flags, Data quality, Definitions and About, each sheet a filtered Excel table with its chart beside it.
/// Every number comes from <see cref="ReportTables"/> (stored figures, disclosed as its <see cref="DisclosurePolicy"/>
/// says, which every sheet states under its title); nothing identifies a patient.
/// </summary>
internal static class MonthlyWorkbook
{
    public static string FileName(ReportData data) =>
        $"outcomes-{SafeFileName.From(data.Current.Run.Period.Label)}{(data.Facility is null ? "" : "-" + SafeFileName.From(data.Facility))}.xlsx";

    public static void Write(
        ReportData data, DisclosurePolicy disclosure, IReadOnlyDictionary<string, RenderedChart> charts, Dashboard dashboard, IReadOnlyDictionary<string, RenderedChart> panels, Stream stream)
    {
        var tables = new ReportTables(data, disclosure);
        var run = data.Current.Run;
        var subtitle = $"{PeriodNames.Describe(run.Period, run.DataThrough)} · {data.Population} · data through {run.DataThrough:yyyy-MM-dd} · analysis run {run.RunId}";
        var header = $"Outcomes report {run.Period.Label} · {data.Population} · {disclosure.Label}";
        var smallCells = disclosure.Statement;

        using var workbook = new XLWorkbook();
        workbook.Properties.Author = "Outcomes";
        workbook.Properties.Title = header;
        workbook.Properties.Created = run.DataThrough.ToDateTime(TimeOnly.MinValue);
        workbook.Properties.Modified = run.DataThrough.ToDateTime(TimeOnly.MinValue);

        DashboardSheet.Write(workbook, dashboard, panels, subtitle, header);
        var summaryTable = tables.Summary();
        var summary = Sheet(workbook, "Summary", summaryTable, subtitle, header, smallCells);
        var summaryNote = summary.LastRowUsed().RowNumber();
        var targetsEnd = SheetWriter.WriteTable(summary, tables.Targets(), summaryNote + 3, "Targets", freezeHeader: false);
        SummaryLayout(summary, summaryTable.Columns.Count, summaryNote, targetsEnd);
        Sheet(workbook, "Outcomes", tables.Outcomes(), subtitle, header, smallCells);
        var retention = Sheet(workbook, "Retention", tables.Retention(), subtitle, header, smallCells);
        SheetWriter.WriteTable(retention, tables.RetentionCurve(), retention.LastRowUsed().RowNumber() + 3, "RetentionCurve", freezeHeader: false);
        SheetWriter.FitColumns(retention, FigureTableBuilder.Columns.Count);
        Sheet(workbook, "Attendance", tables.Attendance(), subtitle, header, smallCells);
        Sheet(workbook, "Family involvement", tables.FamilyInvolvement(), subtitle, header, smallCells);
        Sheet(workbook, "Relapse", tables.Relapse(), subtitle, header, smallCells);
        MeasurementSheet(workbook, tables, subtitle, header, smallCells);
        Sheet(workbook, "Trends", tables.Trends(), subtitle, header, smallCells);
        var flags = Sheet(workbook, "Risk flags", tables.RiskFlags(), subtitle, header, smallCells);
        var next = flags.LastRowUsed().RowNumber() + 3;
        next = SheetWriter.WriteTable(flags, tables.FlagFollowThrough(), next, "FlagFollowThrough", freezeHeader: false) + 3;
        next = SheetWriter.WriteTable(flags, tables.Calibration(), next, "Calibration", freezeHeader: false) + 3;
        SheetWriter.WriteTable(flags, tables.RiskDistribution(), next, "RiskDistribution", freezeHeader: false);
        SheetWriter.FitColumns(flags, 8);
        var quality = Sheet(workbook, "Data quality", tables.DataQuality(), subtitle, header, smallCells);
        SheetWriter.WriteTable(quality, tables.Batches(), quality.LastRowUsed().RowNumber() + 3, "LatestBatches", freezeHeader: false);
        SheetWriter.WriteTable(quality, tables.Findings(), quality.LastRowUsed().RowNumber() + 3, "PipelineChecks", freezeHeader: false);
        SheetWriter.FitColumns(quality, FigureTableBuilder.Columns.Count);
        ChartSheet(workbook, charts, subtitle, header);
        Sheet(workbook, "Definitions", Definitions(), subtitle, header, null);
        Sheet(workbook, "About", About(data, disclosure), subtitle, header, null);
        workbook.Worksheet(1).SetTabActive();
        workbook.SaveAs(stream);
    }

    private static IXLWorksheet Sheet(XLWorkbook workbook, string name, ReportTable table, string subtitle, string header, string? note)
    {
        var sheet = SheetWriter.Add(workbook, name, table.Title, subtitle, note, header);
        if (note is not null)
        {
            // The disclosure statement: where a reader looks first, in the colour of a warning.
            sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.Bold = true;
            sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.FontColor = XLColor.FromHtml("#C00000");
        }

        SheetWriter.WriteTable(sheet, table, SheetWriter.FirstTableRow, TableName(name), freezeHeader: true);
        SheetWriter.FitColumns(sheet, table.Columns.Count);
        return sheet;
    }

    /// <summary>An Excel table's name from a sheet's: its letters and digits ("Measurement-based care" is "MeasurementbasedcareTable").</summary>
    private static string TableName(string sheet) => string.Concat(sheet.Where(char.IsLetterOrDigit)) + "Table";

    /// <summary>The sheet of data contract v2's figures (issue 26).</summary>
    public const string MeasurementSheetName = "Measurement-based care";

    /// <summary>
    /// Measurement-based care, access and satisfaction on one sheet, a table each (<see cref="ReportTables.Measurement"/>,
    /// <see cref="ReportTables.Access"/>, <see cref="ReportTables.Satisfaction"/>), each its "no data" line when the run
    /// holds none of its files' rows. The notes wrap across the table, so that the sheet prints one page wide at a readable size.
    /// </summary>
    private static void MeasurementSheet(XLWorkbook workbook, ReportTables tables, string subtitle, string header, string smallCells)
    {
        var sheet = Sheet(workbook, MeasurementSheetName, tables.Measurement(), subtitle, header, smallCells);
        var notes = new List<int>();
        void NoteOf(ReportTable table, int last)
        {
            if (table.Note is not null && table.Rows.Count > 0)
            {
                notes.Add(last);
            }
        }

        NoteOf(tables.Measurement(), sheet.LastRowUsed().RowNumber());
        var access = tables.Access();
        var next = SheetWriter.WriteTable(sheet, access, sheet.LastRowUsed().RowNumber() + 3, "AccessTable", freezeHeader: false);
        NoteOf(access, next);
        var satisfaction = tables.Satisfaction();
        next = SheetWriter.WriteTable(sheet, satisfaction, next + 3, "SatisfactionTable", freezeHeader: false);
        NoteOf(satisfaction, next);
        var columns = FigureTableBuilder.Columns.Count;
        // A "no data" line is a sentence in a table row (a table holds no merged cells): it wraps in the first column.
        var noData = sheet.CellsUsed(c => c.GetString().StartsWith("No data:", StringComparison.Ordinal)).Select(c => c.Address.RowNumber).ToList();
        foreach (var row in noData)
        {
            sheet.Cell(row, 1).Style.Font.Italic = true;
        }

        // Fixed widths, not fitted: fitted to the long notes and headers the sheet printed one page wide at about 5 pt.
        // Figure, group, level, five numbers, p value, target, note: about 190 units, as wide as the other figure sheets.
        double[] widths = [34, 8, 24, 11, 11, 11, 11, 11, 10, 8, 56];
        for (var c = 1; c <= columns; c++)
        {
            sheet.Column(c).Width = widths[c - 1];
        }

        var body = sheet.Range(SheetWriter.FirstTableRow + 1, 1, next, columns);
        body.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        sheet.Range(SheetWriter.FirstTableRow + 1, 1, next, 1).Style.Alignment.WrapText = true;
        sheet.Range(SheetWriter.FirstTableRow + 1, columns, next, columns).Style.Alignment.WrapText = true;
        SheetWriter.FitRowHeights(sheet, SheetWriter.FirstTableRow + 1, next, columns);
        foreach (var row in notes)
        {
            SheetWriter.WrapNote(sheet, row, columns);
        }
    }

    /// <summary>
    /// The Summary prints one landscape page wide at a readable size: its fifteen columns are narrow numbers under
    /// wrapped headers, the figure's name and the SPC reading wrap in columns of their own width, and the notes under the
    /// tables are paragraphs across the table rather than lines running off the page.
    /// </summary>
    private static void SummaryLayout(IXLWorksheet sheet, int columns, int noteRow, int targetsEnd)
    {
        const double FigureWidth = 24;
        const double NumberWidth = 9;
        const double SpcWidth = 25;
        sheet.Column(1).Width = FigureWidth;
        sheet.Column(2).Width = 14;
        for (var c = 3; c < columns - 1; c++)
        {
            sheet.Column(c).Width = NumberWidth;
        }

        sheet.Column(columns - 1).Width = SpcWidth;
        sheet.Column(columns).Width = NumberWidth;
        var body = sheet.Range(SheetWriter.FirstTableRow + 1, 1, targetsEnd, columns);
        body.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        sheet.Range(SheetWriter.FirstTableRow + 1, 1, noteRow - 1, 1).Style.Alignment.WrapText = true;
        sheet.Range(SheetWriter.FirstTableRow + 1, columns - 1, noteRow - 1, columns - 1).Style.Alignment.WrapText = true;
        // A word in a column of numbers ("not yet estimable", "–") stands where the numbers do, inside its cell.
        var numbers = sheet.Range(SheetWriter.FirstTableRow + 1, 3, noteRow - 1, columns - 2).Style.Alignment;
        numbers.Horizontal = XLAlignmentHorizontalValues.Right;
        numbers.WrapText = true;
        // The SPC reading, words after a column of numbers, stands a space off the number before it.
        sheet.Range(SheetWriter.FirstTableRow, columns - 1, noteRow - 1, columns - 1).Style.Alignment.Indent = 1;
        SheetWriter.FitRowHeights(sheet, SheetWriter.FirstTableRow, noteRow - 1, columns);
        SheetWriter.WrapNote(sheet, noteRow, columns);
        // The targets table under it: its names wrap in the columns they have; its last column, the reason, runs on
        // over the empty columns to its right, inside the page.
        var targetsHeader = noteRow + 3;
        var targetColumns = sheet.Row(targetsHeader).CellsUsed().Count();
        sheet.Range(targetsHeader + 1, 1, targetsEnd, targetColumns - 1).Style.Alignment.WrapText = true;
        SheetWriter.FitRowHeights(sheet, targetsHeader, targetsEnd, targetColumns);

        if (sheet.Cell(targetsEnd, 1).Style.Font.Italic)
        {
            SheetWriter.WrapNote(sheet, targetsEnd, columns);
        }
    }

    /// <summary>Which sheet's figures each chart draws, in the order of the sheets.</summary>
    private static readonly (string Chart, string Sheet)[] ChartSheets =
    [
        ("discharge_outcomes", "Summary, Outcomes"), ("differences", "Outcomes"), ("course_balance", "Outcomes"), ("retention", "Retention"), ("attendance", "Attendance"),
        ("family_involvement", "Family involvement"), ("relapse", "Relapse"), ("abstinence", "Relapse"),
        ("score_change", MeasurementSheetName), ("access_funnel", MeasurementSheetName), ("satisfaction", MeasurementSheetName), ("trends", "Trends"),
        ("calibration", "Risk flags"), ("risk_distribution", "Risk flags"),
    ];

    /// <summary>
    /// Every chart on a sheet of their own, each starting a printed page and drawn the printable width of the page. Beside
    /// a wide table a chart shrank with it (the sheet prints one page wide, so the widest content sets the scale, about
    /// 4.5 pt type); here nothing is wider than the charts, so each prints the width of the page, its smallest text
    /// (12 of 960 layout points) at about 8.5 pt, whatever program prints it.
    /// </summary>
    private static void ChartSheet(XLWorkbook workbook, IReadOnlyDictionary<string, RenderedChart> charts, string subtitle, string header)
    {
        var shown = ChartSheets.Where(c => charts.ContainsKey(c.Chart)).ToList();
        var table = new ReportTable("charts", "Charts of this report, one to a printed page",
            [new("Chart", ColumnKind.Text), new("Drawn from the sheet", ColumnKind.Text)],
            [.. shown.Select(c => new TableRow([TableCell.Of(charts[c.Chart].Definition.Caption.Title), TableCell.Of(c.Sheet)]))]);
        var sheet = Sheet(workbook, "Charts", table, subtitle, header, null);
        var row = sheet.LastRowUsed().RowNumber() + 2;
        foreach (var (id, _) in shown)
        {
            sheet.PageSetup.AddHorizontalPageBreak(row - 1);
            var picture = sheet.AddPicture(charts[id].PngPath, id).MoveTo(sheet.Cell(row, 1));
            picture.Scale(SheetWriter.PrintableWidthPixels / picture.OriginalWidth);
            row += (int)Math.Ceiling(picture.Height / SheetWriter.RowPixels) + 2;
        }
    }

    private static ReportTable Definitions() => new("definitions", "Definitions of every figure (docs/metrics.md)",
        [new("Metric code", ColumnKind.Code), new("Figure", ColumnKind.Text), new("Numerator", ColumnKind.Text), new("Denominator", ColumnKind.Text), new("Source", ColumnKind.Text)],
        [.. FigureCatalogue.All.Select(d => new TableRow([TableCell.Of(d.Metric), TableCell.Of(d.Name), TableCell.Of(d.Numerator), TableCell.Of(d.Denominator), TableCell.Of(d.Source)]))]);

    private static ReportTable About(ReportData data, DisclosurePolicy disclosure)
    {
        var run = data.Current.Run;
        var rows = new List<(string, string)>
        {
            ("Report", "Monthly outcome report, IOP vs PHP"),
            ("Period", $"{PeriodNames.Describe(run.Period, run.DataThrough)} ({run.Period.Start:yyyy-MM-dd} to {run.Period.End:yyyy-MM-dd})"),
            ("Population", data.Population),
            ("Data through", run.DataThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Analysis run", run.RunId.ToString()),
            ("Analysis run, last month", data.Previous?.Run.RunId.ToString() ?? "–"),
            ("Analysis run population", run.FacilityFilter is null ? "all facilities" : $"facility {run.FacilityFilter}"),
            ("Definitions version", run.DefinitionsVersion),
            ("Analysis software version", data.Current.SoftwareVersion),
            ("Report software version", SoftwareVersion.Current),
            ("Dropout model", data.Risk.ModelId?.ToString(CultureInfo.InvariantCulture) ?? "none promoted"),
            ("Audience", DisclosurePolicy.Name(disclosure.Audience)),
            ("Small cells", disclosure.Statement),
        };
        rows.AddRange(data.Months.Select(m => ($"Analysis run, {m.Run.Period.Label}", m.Run.RunId.ToString())));
        // The Summary's longer windows and last year's month, each once (a window with another's days is that run).
        var windows = data.Windows is { } w ? new[] { w.RollingThreeMonths, w.QuarterToDate, w.TwelveMonths, w.SameMonthLastYear } : [];
        rows.AddRange(windows.OfType<Analytics.Runs.StoredRun>().DistinctBy(r => r.Run.RunId)
            .Where(r => data.Months.All(m => m.Run.RunId != r.Run.RunId) && r.Run.RunId != run.RunId)
            .Select(r => ($"Analysis run, {r.Run.Period.Label} (Summary)", r.Run.RunId.ToString())));
        return new ReportTable("about", "About this report", [new("Item", ColumnKind.Text), new("Value", ColumnKind.Text)],
            [.. rows.Select(r => new TableRow([TableCell.Of(r.Item1), TableCell.Of(r.Item2)]))]);
    }
}
