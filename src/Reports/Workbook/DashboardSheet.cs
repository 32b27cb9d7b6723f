using System.Globalization;
using ClosedXML.Excel;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Monthly;

namespace Outcomes.Reports.Workbook;

/// <summary>
/// The Dashboard, the workbook's first sheet and one printed landscape page: a row of p-chart panels per figure, a panel
/// per facility and level of care, each two columns wide so that the panels of a row fill the printable width (six
/// panels at about 1.6 inches), the figure and its target over each row, and under them, in words, every special cause
/// that fires and every panel with too few months to chart. The numbers behind the panels follow below the printed area.
/// </summary>
internal static class DashboardSheet
{
    public const string Name = "Dashboard";

    public const string Title = "Which program is slipping? Key rates by facility and level of care, month by month, as control charts";

    public const string HowToRead =
        "Each panel: the month's rate (dot; open: fewer than 11 in the month, shown as it is), the centre line (black: the months together; "
        + "title: events/cases = rate, p′ where Laney's limits apply), 3-sigma limits from each month's own n (grey steps), the target (dashed green; "
        + "the green band meets it). A black diamond is a special cause: outside the limits, 8 in a row on one side, or 6 rising or falling.";

    public const string SignalsHeading = "What fires (special causes, from the panels above)";

    public const string NothingFires = "No special cause in any panel: common-cause variation only.";

    /// <summary>The widest a panel column is drawn: two make a panel of 150 pixels, six of which fill the printable width.</summary>
    private const double MaxColumnPixels = 75;

    public static void Write(XLWorkbook workbook, Dashboard dashboard, IReadOnlyDictionary<string, RenderedChart> panels, string subtitle, string header)
    {
        var sheet = SheetWriter.Add(workbook, Name, Title, subtitle, dashboard.Disclosure.Statement, header);
        var across = Math.Max(1, dashboard.Facilities.Count * Dashboard.Levels.Count);
        sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.Bold = true;
        sheet.Cell(SheetWriter.TitleRow + 2, 1).Style.Font.FontColor = XLColor.FromHtml("#C00000");
        SheetWriter.SetText(sheet.Cell(SheetWriter.TitleRow + 3, 1), HowToRead);
        sheet.Cell(SheetWriter.TitleRow + 3, 1).Style.Font.FontSize = 9;
        // The statement and the key wrap within the panels' width: text running past the print area would be cut.
        foreach (var (r, height) in new[] { (SheetWriter.TitleRow + 2, 30.0), (SheetWriter.TitleRow + 3, 36.0) })
        {
            var range = sheet.Range(r, 1, r, 2 * across).Merge();
            range.Style.Alignment.WrapText = true;
            range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            sheet.Row(r).Height = height;
        }

        var columnPixels = Math.Min(MaxColumnPixels, Math.Floor(SheetWriter.PrintableWidthPixels / (2 * across)));
        for (var c = 1; c <= 2 * across; c++)
        {
            sheet.Column(c).Width = (columnPixels - 5) / 7;
        }

        var panelPixels = 2 * SheetWriter.PixelWidth(sheet.Column(1));
        var row = SheetWriter.TitleRow + 4;
        foreach (var figure in Dashboard.Figures)
        {
            var ofFigure = dashboard.Panels.Where(p => p.Figure == figure).ToList();
            SheetWriter.SetText(sheet.Cell(row, 1), $"{figure.Name} · {Targets(ofFigure)}");
            sheet.Cell(row, 1).Style.Font.Bold = true;
            row++;
            var tallest = 0.0;
            for (var i = 0; i < ofFigure.Count; i++)
            {
                if (!panels.TryGetValue(DashboardCharts.Id(ofFigure[i]), out var rendered))
                {
                    continue;
                }

                var picture = sheet.AddPicture(rendered.PngPath, rendered.Definition.Id).MoveTo(sheet.Cell(row, (2 * i) + 1));
                picture.Scale(panelPixels / picture.OriginalWidth);
                tallest = Math.Max(tallest, picture.Height);
            }

            row += (int)Math.Ceiling(tallest / SheetWriter.RowPixels);
        }

        row++;
        SheetWriter.SetText(sheet.Cell(row, 1), SignalsHeading);
        sheet.Cell(row, 1).Style.Font.Bold = true;
        var signals = dashboard.SignalLines;
        foreach (var line in signals.Count == 0 ? [NothingFires] : signals)
        {
            SheetWriter.SetText(sheet.Cell(++row, 1), line);
        }

        foreach (var line in dashboard.Uncharted)
        {
            SheetWriter.SetText(sheet.Cell(++row, 1), line);
            sheet.Cell(row, 1).Style.Font.Italic = true;
            sheet.Cell(row, 1).Style.Font.FontColor = XLColor.FromHtml("#595959");
        }

        var page = sheet.PageSetup;
        page.PrintAreas.Clear();
        page.PrintAreas.Add(1, 1, row, 2 * across);
        page.FitToPages(1, 1);
        page.CenterHorizontally = true;

        var table = dashboard.Table();
        SheetWriter.SetText(sheet.Cell(row + 3, 1), "Not printed: " + table.Title.ToLowerInvariant() + ", a row a month");
        sheet.Cell(row + 3, 1).Style.Font.Bold = true;
        SheetWriter.WriteTable(sheet, table, row + 4, "DashboardNumbers", freezeHeader: false);
    }

    /// <summary>The target over a row of panels: the one every panel shares, or that they differ, or that none is set.</summary>
    internal static string Targets(IReadOnlyList<DashboardPanel> panels)
    {
        var targets = panels.Select(p => p.Target?.Describe()).Distinct().ToList();
        return targets switch
        {
            [null] => "no target set",
            [{ } one] => "target: " + one,
            _ => string.Create(CultureInfo.InvariantCulture, $"targets differ by facility and level ({string.Join("; ", panels.Where(p => p.Target is not null).Select(p => $"{p.Name} {p.Target!.Describe()}").Distinct())})"),
        };
    }
}
