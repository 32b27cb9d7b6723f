namespace Outcomes.Ingest.Contract;

public enum FieldKind
{
    /// <summary>A source system's id: letters, digits and . _ : / - (up to 64 characters).</summary>
    Id,

    /// <summary>A staff member's code: letters, digits, - and _ only (never a name).</summary>
    StaffCode,

    /// <summary>Free text, never starting with a character a spreadsheet would run as a formula.</summary>
    Text,
    Integer,
    Decimal,

    /// <summary>A calendar date written YYYY-MM-DD.</summary>
    Date,

    /// <summary>One value from a fixed code list.</summary>
    Code,

    /// <summary>yes / no (and unknown when the field allows it).</summary>
    YesNo,

    /// <summary>Zero or more codes separated by semicolons.</summary>
    CodeList,
}
