namespace Outcomes.Ingest.Contract;

/// <summary>Builders for the field kinds every contract file uses.</summary>
internal static class Fields
{
    public static FieldDefinition FacilityId => Id("facility_id", "the facility's id, the same in every file");

    public static FieldDefinition Id(string name, string description, bool required = true) =>
        new(name, FieldKind.Id, required) { Description = description };

    public static FieldDefinition Date(string name, string description, bool required = true) =>
        new(name, FieldKind.Date, required) { Description = description };

    public static FieldDefinition Code(string name, IReadOnlyList<string> codes, string description, bool required = true) =>
        new(name, FieldKind.Code, required) { Codes = codes, Description = description };

    public static FieldDefinition Integer(string name, long min, long max, string description, bool required = true) =>
        new(name, FieldKind.Integer, required) { Min = min, Max = max, Description = description };

    /// <summary>A staff member's code, optional, in a column an older export may leave out.</summary>
    public static FieldDefinition StaffCode(string name, int maxLength, string description) =>
        new(name, FieldKind.StaffCode, false) { MaxLength = maxLength, MayBeAbsent = true, Description = description };

    public static FieldDefinition YesNo(string name, string description, bool allowsUnknown = false) =>
        new(name, FieldKind.YesNo, true) { AllowsUnknown = allowsUnknown, Description = description };
}
