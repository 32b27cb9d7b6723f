namespace Outcomes.Reports.Workbook;

/// <summary>
/// Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
/// stored with a leading apostrophe, so a file name or a source id can never run as a formula (OWASP, "CSV
/// injection"). Cells are also written as text, never parsed.
/// </summary>
internal static class SafeText
{
    private const string FormulaStarts = "=+-@\t\r";

    public static string Neutralise(string text) => text.Length > 0 && FormulaStarts.Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
