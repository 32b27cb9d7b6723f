using System.Globalization;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>A program row as it should be stored, in the core table's terms.</summary>
internal sealed record ExpectedProgram(
    string FacilityId, string ProgramId, string Name, string LevelOfCare, string AsamLevel, int AsamEdition, int PlannedWeeks, decimal PlannedHours);

/// <summary>
/// The fuzz tests' own reading of a programs.csv row, written from docs/data-contract.md and deliberately not
/// calling the ingest's validator: the oracle says whether a row is valid and what it must load as, and the
/// tests compare the real ingest with it.
/// </summary>
internal static class ProgramReference
{
    public const string Header = "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week";

    /// <summary>Stands for bytes that are not UTF-8; <see cref="CsvText"/> writes 0xFF in its place.</summary>
    public const char InvalidUtf8 = '\uE000';

    private const int IdMaxLength = 64;
    private const int NameMaxLength = 200;
    private const int NumberMaxLength = 64;
    private const int HoursMaxLength = 8;

    private static readonly Dictionary<string, string[]> AsamLevels = new()
    {
        ["op"] = ["0.5", "1", "1.0", "1.5", "1.7"],
        ["iop"] = ["2.1"],
        ["php"] = ["2.5", "2.7"],
        ["residential"] = ["3.1", "3.2", "3.3", "3.5", "3.7"],
    };

    private static readonly Dictionary<string, string> DefaultAsamLevel = new() { ["op"] = "1", ["iop"] = "2.1", ["php"] = "2.5" };

    /// <summary>What a row of decoded fields must load as, or null when it must be quarantined.</summary>
    public static ExpectedProgram? Expect(IReadOnlyList<string> raw)
    {
        if (raw.Count != 8 || raw.Any(f => f.Contains(InvalidUtf8, StringComparison.Ordinal)))
        {
            return null;
        }

        var f = raw.Select(x => x.Trim()).ToArray();
        if (!IsId(f[0]) || !IsId(f[1]) || !IsName(raw[2], f[2]))
        {
            return null;
        }

        var level = Code(f[3]);
        if (level is null || !AsamLevels.TryGetValue(level, out var allowed))
        {
            return null;
        }

        string? asam;
        if (f[4].Length == 0)
        {
            asam = DefaultAsamLevel.GetValueOrDefault(level);
        }
        else
        {
            var code = Code(f[4]);
            asam = code is not null && allowed.Contains(code) ? code : null;
        }

        if (asam is null
            || !WholeNumber(f[5], 3, 4, out var edition)
            || !WholeNumber(f[6], 1, 104, out var weeks)
            || !Hours(f[7], out var hours))
        {
            return null;
        }

        return new ExpectedProgram(f[0], f[1], f[2], level, asam, edition, weeks, hours);
    }

    /// <summary>1-64 ASCII letters, digits and . _ : / -, starting with a letter or digit.</summary>
    public static bool IsId(string text) =>
        text.Length is > 0 and <= IdMaxLength
        && char.IsAsciiLetterOrDigit(text[0])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '-');

    /// <summary>Free text: up to 200 characters, no control characters, nothing a spreadsheet would run as a formula.</summary>
    public static bool IsName(string raw, string text) =>
        text.Length is > 0 and <= NameMaxLength
        && !StartsLikeFormula(raw) && !StartsLikeFormula(text)
        && !text.Any(c => c < ' ');

    /// <summary>OWASP's CSV-injection list: = + - @ tab and carriage return.</summary>
    public static bool StartsLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Codes match without regard to case; a space or hyphen counts as an underscore.</summary>
    private static string? Code(string text) =>
        text.Length is 0 or > NumberMaxLength ? null : text.ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static bool WholeNumber(string text, int min, int max, out int value)
    {
        value = 0;
        if (text.Length is 0 or > NumberMaxLength
            || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            return false;
        }

        value = (int)number;
        return true;
    }

    /// <summary>0-168 hours, kept as sent (migration 0019).</summary>
    private static bool Hours(string text, out decimal hours)
    {
        hours = 0;
        if (text.Length is 0 or > HoursMaxLength
            || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value > 168)
        {
            return false;
        }

        hours = value;
        return true;
    }
}
