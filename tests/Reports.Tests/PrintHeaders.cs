using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Outcomes.Reports.Tests;

/// <summary>
/// The printed header and footer of each sheet, read from the file's XML: ClosedXML 0.95 writes them but does
/// not read them back.
/// </summary>
internal static class PrintHeaders
{
    public static IReadOnlyDictionary<string, (string Header, string Footer)> Read(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbookPart = document.WorkbookPart!;
        return workbookPart.Workbook.Sheets!.Elements<Sheet>().ToDictionary(
            s => s.Name!.Value!,
            s =>
            {
                var headerFooter = ((WorksheetPart)workbookPart.GetPartById(s.Id!.Value!)).Worksheet.GetFirstChild<HeaderFooter>();
                return (headerFooter?.OddHeader?.Text ?? "", headerFooter?.OddFooter?.Text ?? "");
            });
    }
}
