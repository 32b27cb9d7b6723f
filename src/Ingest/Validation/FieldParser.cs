using System.Globalization;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Validation;

/// <summary>
/// Turns the text of one field into a typed value or a reason it cannot be one. Reasons describe the shape of
/// what was found, never the value itself: a misplaced column can put a patient identifier anywhere.
/// </summary>
internal static class FieldParser
{
    public static string? Parse(ReadOnlySpan<char> raw, FieldDefinition field, int slot, RowValues values, DateOnly latestDate)
    {
        var text = raw.Trim();
        if (text.IsEmpty)
        {
            return field.Required ? "is required but empty" : null;
        }

        if (text.Length > field.MaxLength && field.Kind is not FieldKind.CodeList)
        {
            return $"is {text.Length:N0} characters long; at most {field.MaxLength} expected";
        }

        switch (field.Kind)
        {
            case FieldKind.Id:
                if (!IsValidId(text))
                {
                    return "expected an id of letters, digits and . _ : / - starting with a letter or digit";
                }

                values.SetText(slot, text.ToString());
                return null;

            case FieldKind.StaffCode:
                if (!IsValidStaffCode(text))
                {
                    return "expected a staff code of letters, digits, - and _ (never a name)";
                }

                values.SetText(slot, text.ToString());
                return null;

            case FieldKind.Text:
                if (LooksLikeFormula(raw) || LooksLikeFormula(text))
                {
                    return $"starts with '{Printable(LooksLikeFormula(raw) ? raw[0] : text[0])}', which a spreadsheet would run as a formula; remove the leading character";
                }

                if (text.ContainsAnyInRange('\u0000', '\u001f'))
                {
                    return "contains control characters (tabs, line breaks or other invisible characters)";
                }

                values.SetText(slot, text.ToString());
                return null;

            case FieldKind.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return $"expected a whole number, found {Shape(text)}";
                }

                if (number < field.Min || number > field.Max)
                {
                    return $"expected a whole number from {field.Min} to {field.Max}, found {OutOfRange(number < 0, number < field.Min)}";
                }

                values.Present[slot] = true;
                values.Integer[slot] = number;
                return null;

            case FieldKind.Decimal:
                if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    return $"expected a number such as 12.5, found {Shape(text)}";
                }

                if (amount < field.Min || amount > field.Max)
                {
                    return $"expected a number from {field.Min} to {field.Max}, found {OutOfRange(amount < 0, amount < field.Min)}";
                }

                values.Present[slot] = true;
                values.Decimal[slot] = amount;
                return null;

            case FieldKind.Date:
                if (text.Length != 10 || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return $"expected a date as YYYY-MM-DD, found {Shape(text)}";
                }

                if (date > latestDate)
                {
                    return $"is in the future; expected a date on or before {latestDate:yyyy-MM-dd}";
                }

                if (date < ClinicalLimits.EarliestCareDate)
                {
                    return $"is before {ClinicalLimits.EarliestCareDate:yyyy-MM-dd}, which cannot be a date of care";
                }

                values.Present[slot] = true;
                values.Date[slot] = date;
                return null;

            case FieldKind.Code:
                var code = MatchCode(text, field.Codes);
                if (code is null)
                {
                    return $"expected {Choices(field)}; found {Shape(text)}";
                }

                values.SetText(slot, code);
                return null;

            case FieldKind.YesNo:
                var flag = ParseYesNo(text, field.AllowsUnknown, out var known);
                if (!known)
                {
                    return field.AllowsUnknown ? $"expected yes, no or unknown; found {Shape(text)}" : $"expected yes or no; found {Shape(text)}";
                }

                values.Present[slot] = flag is not null;
                values.Flag[slot] = flag;
                return null;

            case FieldKind.CodeList:
                return ParseList(text, field, slot, values);

            default:
                throw new InvalidOperationException($"Unhandled field kind {field.Kind}.");
        }
    }

    /// <summary>Ids: 1-64 characters of letters, digits and . _ : / -, starting with a letter or digit.</summary>
    public static bool IsValidId(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetterOrDigit(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '/' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Staff codes: letters, digits, - and _ (the length is the field's <see cref="FieldDefinition.MaxLength"/>).</summary>
    public static bool IsValidStaffCode(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>OWASP CSV-injection characters: a cell starting with one of these is run as a formula.</summary>
    public static bool LooksLikeFormula(ReadOnlySpan<char> text) =>
        !text.IsEmpty && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static string? ParseList(ReadOnlySpan<char> text, FieldDefinition field, int slot, RowValues values)
    {
        var items = new List<string>();
        var position = 0;
        foreach (var range in text.Split(';'))
        {
            position++;
            var part = text[range].Trim();
            if (part.IsEmpty)
            {
                // "cocaine;;alcohol" or a trailing ';': an export that lost a value, not a shorter list.
                return $"expected {Choices(field)}, separated by ';'; item {position} is empty (two ';' in a row, or a ';' at the start or end)";
            }

            var code = MatchCode(part, field.Codes);
            if (code is null)
            {
                return $"expected {Choices(field)}, separated by ';'; item {position} is {Shape(part)}";
            }

            if (!items.Contains(code))
            {
                items.Add(code);
            }
        }

        values.Present[slot] = items.Count > 0;
        values.List[slot] = [.. items];
        return null;
    }

    private static string? MatchCode(ReadOnlySpan<char> text, IReadOnlyList<string> codes)
    {
        if (text.Length > 64)
        {
            return null;
        }

        Span<char> normal = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            normal[i] = c is ' ' or '-' ? '_' : char.ToLowerInvariant(c);
        }

        foreach (var code in codes)
        {
            if (normal.SequenceEqual(code))
            {
                return code;
            }
        }

        return null;
    }

    private static bool? ParseYesNo(ReadOnlySpan<char> text, bool allowsUnknown, out bool known)
    {
        known = true;
        if (text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("y", StringComparison.OrdinalIgnoreCase)
            || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
        {
            return true;
        }

        if (text.Equals("no", StringComparison.OrdinalIgnoreCase) || text.Equals("n", StringComparison.OrdinalIgnoreCase)
            || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0"))
        {
            return false;
        }

        known = allowsUnknown && text.Equals("unknown", StringComparison.OrdinalIgnoreCase);
        return null;
    }

    /// <summary>Describes a value without repeating it: "text of 7 characters", "a number", ...</summary>
    internal static string Shape(ReadOnlySpan<char> text)
    {
        var digits = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                digits++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        var kind = letters == 0 && digits > 0 ? "digits and punctuation" : digits == 0 ? "letters" : "letters and digits";
        return $"a value of {text.Length} characters ({kind})";
    }

    /// <summary>Says which side of the range a number fell on without repeating it: it may be a misplaced identifier.</summary>
    private static string OutOfRange(bool negative, bool belowMin) =>
        !belowMin ? "a larger number" : negative ? "a negative number" : "a smaller number";

    /// <summary>Short code lists are spelled out; long ones point at the data contract.</summary>
    private static string Choices(FieldDefinition field) =>
        field.Codes.Count <= 8
            ? "one of " + string.Join(", ", field.Codes)
            : $"a code from the {field.Name} list in docs/data-contract.md (e.g. {string.Join(", ", field.Codes.Take(3))})";

    private static string Printable(char c) => c switch
    {
        '\t' => "tab",
        '\r' => "carriage return",
        _ => c.ToString(),
    };
}
